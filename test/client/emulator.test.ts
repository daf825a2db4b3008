import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  collect,
  DataTrailsClient,
  DataTrailsHTTPError,
  isNotFound,
  type AttemptInfo,
  type DataTrailsClientOptions,
} from "../../provider/client";
import { emulatorClient, fakeClock } from "./helpers";
import { rejection } from "../helpers/assert";

describe("client against the emulator", () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 1 });
  });
  after(() => emu.stop());
  beforeEach(() => emu.reset());

  const client = (extra: Partial<DataTrailsClientOptions> = {}): DataTrailsClient =>
    emulatorClient(emu, extra);

  const apiRequests = (method: string, suffix = "/invites"): number =>
    emu.requests().filter((r) => r.method === method && r.path.endsWith(suffix)).length;

  it("creates, reads, lists (several pages, filtered) and deletes invites", async () => {
    const c = client();
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(await c.createInvite({ email: i < 3 ? "same@x.io" : `u${i}@x.io`, message: `m${i}` }));
    }
    const got = await c.getInvite(created[0].identity);
    expect(got).to.deep.equal(created[0]);
    expect(got.expiryTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const same = await collect(c.listInvites({ email: "same@x.io", pageSize: 1 }));
    expect(same.map((i) => i.identity)).to.have.members(created.slice(0, 3).map((i) => i.identity));
    expect(await collect(c.listInvites({ pageSize: 2 }))).to.have.length(5);
    await c.deleteInvite(created[0].identity);
    expect(isNotFound(await rejection(c.getInvite(created[0].identity)))).to.equal(true);
    expect(isNotFound(await rejection(c.deleteInvite(created[0].identity)))).to.equal(true);
  });

  it("does not send a second invite when the create response is lost (reset-after fault)", async () => {
    emu.addFaults({ route: "POST /invites", sequence: [{ type: "reset-after" }] });
    const invite = await client().createInvite({ email: "lost@x.io", message: "hello" });
    const stored = emu.state().invites;
    expect(stored).to.have.length(1);
    expect(stored[0].identity).to.equal(invite.identity);
    expect(apiRequests("POST")).to.equal(1);
  });

  it("does not send a second invite after a malformed 200 or a 500", async () => {
    emu.addFaults({ route: "POST /invites", sequence: [{ type: "malformed" }] });
    await client().createInvite({ email: "mal@x.io" });
    expect(emu.state().invites).to.have.length(1);
    emu.addFaults({ route: "POST /invites", sequence: [{ type: "status", status: 500 }] });
    await client().createInvite({ email: "five@x.io" });
    // The emulator's 500 stores nothing, so the create is sent again after checking.
    expect(emu.state().invites.filter((i) => i.email === "five@x.io")).to.have.length(1);
  });

  it("survives a burst of faults on every route", async () => {
    emu.addFaults({
      route: "*",
      sequence: [
        { type: "status", status: 503 },
        { type: "reset-before" },
        { type: "rate-limit", resetSeconds: 0.2 },
        { type: "html" },
        null,
        { type: "reset-after" },
      ],
    });
    const c = client();
    const invite = await c.createInvite({ email: "burst@x.io" });
    expect(emu.state().invites.map((i) => i.identity)).to.deep.equal([invite.identity]);
  });

  it("falls back to the OpenAPI prefix when the docs' prefix is not routed", async () => {
    emu.setSwitches({ prefixes: { iam: false } });
    const c = client();
    const invite = await c.createInvite({ email: "fb@x.io" });
    expect(c.invitesPrefix).to.equal("/archivist/v1/invites");
    expect((await c.getInvite(invite.identity)).email).to.equal("fb@x.io");
  });

  it("renews the access token after the emulator expires it", async () => {
    const c = client();
    await collect(c.listInvites());
    expect(emu.expireTokens()).to.be.greaterThan(0);
    // Every issued token is now refused with 401: the listing only succeeds through one renewal.
    expect(await collect(c.listInvites())).to.deep.equal([]);
  });

  it("reports 402 quota, 409 duplicates and 403 non-admin tokens clearly", async () => {
    emu.setSwitches({ inviteQuota: 1, duplicatePending: "conflict" });
    const c = client();
    await c.createInvite({ email: "q1@x.io" });
    const quota = (await rejection(c.createInvite({ email: "q2@x.io" }))) as DataTrailsHTTPError;
    expect(quota.status).to.equal(402);
    expect(quota.message).to.contain("invite quota");
    emu.setSwitches({ inviteQuota: null });
    const dup = (await rejection(c.createInvite({ email: "q1@x.io" }))) as DataTrailsHTTPError;
    expect(dup.status).to.equal(409);
    emu.addToken("not-an-admin-token-123", false);
    const weak = new DataTrailsClient({ url: emu.url, token: "not-an-admin-token-123" });
    const denied = (await rejection(weak.getInvite("abc"))) as DataTrailsHTTPError;
    expect(denied.status).to.equal(403);
    expect(denied.message).to.contain("tenancy administrator");
    expect(denied.requestId).to.be.a("string");
  });

  it("holds and retries after the emulator's 429, for the longer of its two waits", async () => {
    // Archivist-Rate-Limit-Reset says 0.2 s, Retry-After (whole seconds) 1 s: the client waits 1 s.
    emu.setSwitches({ retryAfterHeader: true });
    emu.addFaults({ route: "GET /invites", sequence: [{ type: "rate-limit", resetSeconds: 0.2 }] });
    const clock = fakeClock(Date.now());
    const refused: AttemptInfo[] = [];
    const c = client({
      now: clock.now,
      sleep: clock.sleep,
      onAttempt: (info) => void (info.status === 429 && refused.push(info)),
    });
    expect(await collect(c.listInvites())).to.deep.equal([]);
    expect(refused.map((info) => info.serverDelayMs)).to.deep.equal([1000]);
    // The retry's one wait is the rate-limit gate's hold.
    expect(clock.delays).to.deep.equal([1000]);
  });

  it("finds members by email across states", async () => {
    emu.addMember({ email: "Active@X.io", active: true });
    emu.addMember({ email: "gone@x.io", active: false });
    const c = client();
    expect((await c.findMemberByEmail("active@x.io"))?.active).to.equal(true);
    expect((await c.findMemberByEmail("GONE@x.io"))?.active).to.equal(false);
    expect(await c.findMemberByEmail("nobody@x.io")).to.equal(undefined);
  });
});
