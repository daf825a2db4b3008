// InviteQuota with a stub caps source: no server. The handler, host and e2e tests prove the same
// against the emulator's caps endpoint.
import { expect } from "chai";
import { DataTrailsHTTPError } from "../../provider/client";
import { InviteCapError, InviteQuota, type CapsSource } from "../../provider/resource/quota";
import { rejection } from "../helpers/assert";

type Cap = Awaited<ReturnType<CapsSource["getCaps"]>>[number];

function source(answers: Array<Cap[] | Error>): CapsSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getCaps(service) {
      calls.push(service);
      const next = answers.shift();
      if (next === undefined) throw new Error("no more answers");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const invites = (remaining: number, cap = 5): Cap => ({ resourceType: "Invites", remaining, cap });

function httpError(status: number): DataTrailsHTTPError {
  return new DataTrailsHTTPError({ status, method: "GET", path: "/archivist/v1/caps" });
}

describe("InviteQuota", () => {
  it("reads the invites cap once, however many invites are sent", async () => {
    const caps = source([[invites(3)]]);
    const quota = new InviteQuota(caps);
    await quota.ensureRoom("a@example.com");
    quota.noteSent();
    await quota.ensureRoom("b@example.com");
    expect(caps.calls).to.deep.equal(["invites"]);
  });

  it("refuses before sending when none remain, naming the cap and how many remain", async () => {
    const quota = new InviteQuota(source([[invites(0, 5)]]));
    const err = await rejection(quota.ensureRoom("a@example.com"));
    expect(err).to.be.instanceOf(InviteCapError);
    expect(err.message).to.match(
      /cannot invite a@example\.com: the tenancy's invite cap \(Invites: 5 in all\) has 0 remaining/,
    );
    expect(err.message).to.include("no invite was sent");
  });

  it("counts the invites this deployment sent against the reading, and those it withdrew", async () => {
    const quota = new InviteQuota(source([[invites(1)]]));
    await quota.ensureRoom("a@example.com");
    quota.noteSent();
    await rejection(quota.ensureRoom("b@example.com"));
    quota.noteWithdrawn();
    await quota.ensureRoom("b@example.com");
  });

  it("picks the entry for invites among several caps", async () => {
    const quota = new InviteQuota(
      source([
        [
          { resourceType: "Members", remaining: 0, cap: 1 },
          invites(1, 7),
          { resourceType: "Assets", remaining: 9, cap: 9 },
        ],
      ]),
    );
    // The Members entry (0 remaining) does not stop the invite; the Invites entry's 1 does stop the second.
    await quota.ensureRoom("a@example.com");
    quota.noteSent();
    const err = await rejection(quota.ensureRoom("b@example.com"));
    expect(err.message).to.match(/invite cap \(Invites: 7 in all\) has 0 remaining/);
  });

  it("lets invites through when the service has no caps endpoint (404), reading it only once", async () => {
    const caps = source([httpError(404)]);
    const quota = new InviteQuota(caps);
    await quota.ensureRoom("a@example.com");
    await quota.ensureRoom("b@example.com");
    expect(caps.calls).to.have.length(1);
  });

  it("fails on any other caps failure, and reads again at the next invite", async () => {
    const caps = source([httpError(503), [invites(1)]]);
    const quota = new InviteQuota(caps);
    expect((await rejection(quota.ensureRoom("a@example.com"))).message).to.include("503");
    await quota.ensureRoom("a@example.com");
    expect(caps.calls).to.have.length(2);
  });

  it("words the service's 402 as the check before sending does, keeping the 402 as the cause", async () => {
    const quota = new InviteQuota(source([[invites(1, 7)]]));
    const cause = new DataTrailsHTTPError({ status: 402, method: "POST", path: "/archivist/iam/v1/invites" });
    const err = await quota.refusal("a@example.com", cause);
    expect(err.message).to.match(/invite cap \(Invites: 7 in all\) has 0 remaining/);
    expect(err.cause).to.equal(cause);
  });

  it("still says the cap is used up on a 402 when the caps cannot be read", async () => {
    const quota = new InviteQuota(source([httpError(500)]));
    const err = await quota.refusal("a@example.com", new Error("402"));
    expect(err.message).to.include("the tenancy's invite cap is used up (0 remaining)");
  });
});
