// The Member's handlers called directly against the real emulator on port 0.
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import * as invites from "../../provider/resource/handlers";
import * as members from "../../provider/resource/member-handlers";
import type { MemberProviderInputs, MemberProviderOutputs } from "../../provider/resource/member-handlers";
import { InviteCapError } from "../../provider/resource/quota";
import { rejection } from "../helpers/assert";
import { besidesTenancyLookup, useEmulator } from "../helpers/emulator";
import { configRequest, configureFor, undefinedPaths } from "../helpers/provider";

const DAY = 24 * 60 * 60;
const CAPS = "GET /archivist/v1/caps";

describe("Member provider handlers (called directly, against the emulator)", function () {
  let emu: RunningEmulator;
  let control: EmulatorControl;
  useEmulator({ port: 0 }, (started) => {
    emu = started;
    control = new EmulatorControl(started.url);
  });
  beforeEach(async () => {
    await configureFor(emu, { "datatrails:retryBudgetSeconds": "2" });
  });

  /** A new deployment: a fresh session, as a new provider host has. */
  async function nextDeployment(): Promise<void> {
    await members.configure(configRequest({ "datatrails:url": emu.url, "datatrails:token": emu.token }));
  }

  async function checked(news: Record<string, unknown>): Promise<MemberProviderInputs> {
    const result = await members.check({} as MemberProviderInputs, news as unknown as MemberProviderInputs);
    expect(result.failures).to.deep.equal([]);
    return result.inputs as MemberProviderInputs;
  }

  async function created(news: Record<string, unknown>) {
    const res = await members.create(await checked(news));
    expect(undefinedPaths(res.outs)).to.deep.equal([]);
    return { id: res.id, outs: res.outs as MemberProviderOutputs };
  }

  async function writes(): Promise<string[]> {
    return (await control.calls()).filter((c) => !c.startsWith("GET "));
  }

  async function memberState(identity: string): Promise<{ active: boolean; roles: string[] }> {
    const state = (await control.state()) as unknown as {
      members: { identity: string; active: boolean; roles: string[] }[];
    };
    const found = state.members.find((m) => m.identity === identity);
    if (!found) throw new Error(`${identity} is not in the emulator`);
    return { active: found.active, roles: found.roles };
  }

  describe("check", () => {
    it("refuses an owner that is not a boolean, an unknown onRemove and unknown keys, with no API call", async () => {
      const result = await members.check(
        {} as MemberProviderInputs,
        {
          email: "alice@example.com",
          owner: "true",
          onRemove: "remove",
          team: "audit",
        } as unknown as MemberProviderInputs,
      );
      expect((result.failures ?? []).map((f) => f.property).sort()).to.deep.equal([
        "onRemove",
        "owner",
        "team",
      ]);
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });
  });

  describe("create", () => {
    it("invites someone who is not a member: status invited, one POST", async () => {
      const res = await created({ email: "alice@example.com", message: "Welcome", owner: true });
      expect(res.id).to.match(/^invites\//);
      expect(res.outs).to.include({
        status: "invited",
        inviteIdentity: res.id,
        memberIdentity: null,
        owner: true,
      });
      expect(await writes()).to.deep.equal(["POST /archivist/iam/v1/invites"]);
    });

    it("takes over an active member with no email, making the roles match owner with one PATCH", async () => {
      const bob = await control.addMember("bob@example.com", true, { display_name: "Bob" });
      await nextDeployment();
      const res = await created({ email: "Bob@Example.com", owner: true });
      expect(res.id).to.equal(bob.identity);
      expect(res.outs).to.include({
        status: "active",
        memberIdentity: bob.identity,
        inviteIdentity: null,
        displayName: "Bob",
      });
      expect(res.outs.roles).to.deep.equal(["OWNER"]);
      expect(await writes()).to.deep.equal([`PATCH /archivist/iam/v1/${bob.identity}`]);
      expect((await memberState(bob.identity)).roles).to.deep.equal(["OWNER"]);
    });

    it("takes over a member whose roles already match with no write at all", async () => {
      await control.addMember("cat@example.com", true, { roles: ["OWNER"] });
      await nextDeployment();
      const res = await created({ email: "cat@example.com", owner: true });
      expect(res.outs.status).to.equal("active");
      expect(await writes()).to.deep.equal([]);
    });

    it("reactivates an inactive member and sets their roles (no invite sent)", async () => {
      const dan = await control.addMember("dan@example.com", false);
      await nextDeployment();
      const res = await created({ email: "dan@example.com", owner: true });
      expect(res.outs).to.include({ status: "active", memberIdentity: dan.identity });
      expect(await writes()).to.deep.equal([
        `POST /archivist/iam/v1/${dan.identity}:activate`,
        `PATCH /archivist/iam/v1/${dan.identity}`,
      ]);
      expect(await memberState(dan.identity)).to.deep.equal({ active: true, roles: ["OWNER"] });
    });

    it("refuses a pending invite made by hand unless adopt is set, as Invite does", async () => {
      const existing = await control.inviteOutOfBand("eve@example.com", "by hand");
      const err = await rejection(members.create(await checked({ email: "eve@example.com" })));
      expect(err.message).to.include(existing.identity);
      expect(err.message).to.include("adopt: true on this Member");
      const adopted = await created({ email: "eve@example.com", adopt: true });
      expect(adopted.outs).to.include({
        adopted: true,
        status: "invited",
        inviteIdentity: existing.identity,
      });
      expect(await writes()).to.deep.equal([]);
    });
  });

  describe("the invite cap", () => {
    it("fails a Member create before any POST when none remain, naming the cap and what remains", async () => {
      await control.setSwitches({ inviteQuota: 0 });
      const err = await rejection(members.create(await checked({ email: "fay@example.com" })));
      expect(err).to.be.instanceOf(InviteCapError);
      expect(err.message).to.match(/invite cap \(Invites: 0 in all\) has 0 remaining/);
      expect(await writes()).to.deep.equal([]);
    });

    it("fails an Invite create the same way, through the same create path", async () => {
      await control.setSwitches({ inviteQuota: 1 });
      await control.inviteOutOfBand("pending@example.com");
      const err = await rejection(invites.create({ email: "gus@example.com" }));
      expect(err.message).to.match(
        /cannot invite gus@example\.com: the tenancy's invite cap \(Invites: 1 in all\) has 0 remaining/,
      );
      expect(await writes()).to.deep.equal([]);
    });

    it("reads the caps once per deployment, only when an invite is about to be sent", async () => {
      await control.addMember("member@example.com");
      await nextDeployment();
      await created({ email: "member@example.com" });
      expect((await control.calls()).filter((c) => c.startsWith(CAPS))).to.deep.equal([]);
      await created({ email: "hal@example.com" });
      await invites.create({ email: "ida@example.com" });
      await created({ email: "jon@example.com" });
      expect((await control.calls()).filter((c) => c.startsWith(CAPS))).to.have.length(1);
    });

    it("reads the caps once when the host configures both the Invite and the Member provider", async () => {
      const config = configRequest({ "datatrails:url": emu.url, "datatrails:token": emu.token });
      await invites.configure(config);
      await members.configure(config);
      await invites.create({ email: "inv@example.com" });
      await created({ email: "mem@example.com" });
      expect((await control.calls()).filter((c) => c.startsWith(CAPS))).to.have.length(1);
    });

    it("stops before the POST once this deployment's own invites used up what the cap had left", async () => {
      await control.setSwitches({ inviteQuota: 1 });
      await created({ email: "kay@example.com" });
      const err = await rejection(members.create(await checked({ email: "lou@example.com" })));
      expect(err).to.be.instanceOf(InviteCapError);
      expect((await writes()).filter((c) => c.startsWith("POST"))).to.have.length(1);
    });

    it("words the service's 402 as the check does", async () => {
      await control.setSwitches({ inviteQuota: 2 });
      await created({ email: "max@example.com" }); // caps read: 2 remaining, then 1
      await control.inviteOutOfBand("by-hand@example.com"); // fills the cap behind the provider's back
      const err = await rejection(members.create(await checked({ email: "ned@example.com" })));
      expect(err).to.be.instanceOf(InviteCapError);
      expect(err.message).to.match(/invite cap \(Invites: 2 in all\) has 0 remaining/);
      expect((err as InviteCapError).cause).to.have.property("status", 402);
    });
  });

  describe("read", () => {
    it("records an accepted invite as active, with the member's roles", async () => {
      const res = await created({ email: "olga@example.com", owner: true });
      await control.accept(res.id);
      await nextDeployment();
      const read = await members.read(res.id, { ...res.outs, __provider: "p" });
      expect(read.id).to.equal(res.id);
      expect(read.props).to.include({
        status: "active",
        inviteIdentity: res.id,
        owner: true,
        __provider: "p",
      });
      expect(read.props?.memberIdentity).to.match(/^members\//);
      expect(read.props?.roles).to.deep.equal([]);
      expect(undefinedPaths(read.props)).to.deep.equal([]);
    });

    it("drops a person whose invite is gone and who is no member, so the next up invites again", async () => {
      const res = await created({ email: "pam@example.com" });
      await control.revoke(res.id);
      await nextDeployment();
      expect((await members.read(res.id, res.outs)).id).to.equal(undefined);
    });

    it("records a member deactivated by hand as inactive; the next diff plans their reactivation", async () => {
      const quin = await control.addMember("quin@example.com");
      await nextDeployment();
      const res = await created({ email: "quin@example.com" });
      await control.deactivateMember(quin.identity);
      await nextDeployment();
      const read = await members.read(res.id, res.outs);
      expect(read.props).to.include({ status: "inactive" });
      const plan = await members.diff(
        res.id,
        read.props as MemberProviderOutputs,
        await checked({ email: "quin@example.com" }),
      );
      expect(plan).to.deep.equal({ changes: true });
      await control.clearRequests();
      const upd = await members.update(
        res.id,
        read.props as MemberProviderOutputs,
        await checked({ email: "quin@example.com" }),
      );
      expect(upd.outs).to.include({ status: "active" });
      expect(await writes()).to.deep.equal([`POST /archivist/iam/v1/${quin.identity}:activate`]);
    });

    it("throws on 403 instead of treating the member as gone", async () => {
      const res = await created({ email: "rae@example.com" });
      await control.accept(res.id);
      await control.addToken("reader-token", false);
      await members.configure(
        configRequest({ "datatrails:url": emu.url, "datatrails:token": "reader-token" }),
      );
      expect((await rejection(members.read(res.id, res.outs))).message).to.include("403");
    });
  });

  describe("update", () => {
    it("applies owner to an active member in place with one PATCH", async () => {
      const sam = await control.addMember("sam@example.com");
      await nextDeployment();
      const res = await created({ email: "sam@example.com" });
      const news = await checked({ email: "sam@example.com", owner: true });
      expect(await members.diff(res.id, res.outs, news)).to.deep.equal({ changes: true });
      await control.clearRequests();
      const upd = await members.update(res.id, res.outs, news);
      expect(upd.outs).to.include({ owner: true, status: "active" });
      expect(await writes()).to.deep.equal([`PATCH /archivist/iam/v1/${sam.identity}`]);
    });

    it("records owner on an invited person, and applies it at the first up after a refresh finds them joined", async () => {
      const res = await created({ email: "tia@example.com" });
      const owner = await checked({ email: "tia@example.com", owner: true });
      await control.clearRequests();
      const recorded = await members.update(res.id, res.outs, owner);
      expect(recorded.outs).to.include({ owner: true, status: "invited" });
      expect(await control.calls()).to.deep.equal([]);
      await control.accept(res.id);
      await nextDeployment();
      const read = await members.read(res.id, recorded.outs as MemberProviderOutputs);
      expect(await members.diff(res.id, read.props as MemberProviderOutputs, owner)).to.deep.equal({
        changes: true,
      });
      const upd = await members.update(res.id, read.props as MemberProviderOutputs, owner);
      expect(upd.outs?.roles).to.deep.equal(["OWNER"]);
      expect((await writes()).filter((c) => c.startsWith("PATCH"))).to.have.length(1);
    });

    it("rewrites a moved Invite's pending state as a Member's with no API call", async () => {
      const invite = await invites.create({ email: "uma@example.com", message: "Hi" });
      await control.clearRequests();
      const news = await checked({ email: "uma@example.com", message: "Hi" });
      const olds = invite.outs as unknown as MemberProviderOutputs;
      expect(await members.diff(invite.id, olds, news)).to.deep.equal({ changes: true });
      const upd = await members.update(invite.id, olds, news);
      expect(upd.outs).to.include({ status: "invited", inviteIdentity: invite.id, onRemove: "keep" });
      expect(await control.calls()).to.deep.equal([]);
    });

    it("rewrites a moved accepted Invite's state, learning the roles, sending and deleting nothing", async () => {
      const invite = await invites.create({ email: "val@example.com" });
      await control.accept(invite.id);
      await nextDeployment();
      const refreshed = await invites.read(invite.id, invite.outs);
      await control.clearRequests();
      const olds = refreshed.props as unknown as MemberProviderOutputs;
      const upd = await members.update(
        invite.id,
        olds,
        await checked({ email: "val@example.com", owner: true }),
      );
      expect(upd.outs).to.include({ status: "active", inviteIdentity: invite.id, owner: true });
      expect(upd.outs?.roles).to.deep.equal(["OWNER"]);
      const sent = await writes();
      expect(
        sent.filter((c) => c.startsWith("POST /archivist/iam/v1/invites") || c.startsWith("DELETE")),
      ).to.deep.equal([]);
    });
  });

  describe("delete", () => {
    it("withdraws the invite of someone who has not joined", async () => {
      const res = await created({ email: "wes@example.com", onRemove: "deactivate" });
      await members.delete(res.id, res.outs);
      expect((await control.state()).invites).to.deep.equal([]);
    });

    it("forgets a member when onRemove is keep: no API call", async () => {
      const xan = await control.addMember("xan@example.com");
      await nextDeployment();
      const res = await created({ email: "xan@example.com" });
      await control.clearRequests();
      await members.delete(res.id, res.outs);
      expect(await control.calls()).to.deep.equal([]);
      expect((await memberState(xan.identity)).active).to.equal(true);
    });

    it("deactivates a removed member when onRemove is deactivate", async () => {
      const yul = await control.addMember("yul@example.com");
      await nextDeployment();
      const res = await created({ email: "yul@example.com", onRemove: "deactivate" });
      await members.delete(res.id, res.outs);
      expect((await memberState(yul.identity)).active).to.equal(false);
    });

    it("refuses to deactivate the last active Owner, changing nothing", async () => {
      const zoe = await control.addMember("zoe@example.com", true, { roles: ["OWNER"] });
      await nextDeployment();
      const res = await created({ email: "zoe@example.com", owner: true, onRemove: "deactivate" });
      const err = await rejection(members.delete(res.id, res.outs));
      expect(err.message).to.match(
        /refusing to deactivate member zoe@example\.com \(members\/.*\): they are the tenancy's last active Owner/,
      );
      expect(await memberState(zoe.identity)).to.deep.equal({ active: true, roles: ["OWNER"] });
      expect(await writes()).to.deep.equal([]);
    });

    it("refuses to demote the last active Owner, changing nothing", async () => {
      const abe = await control.addMember("abe@example.com", true, { roles: ["OWNER"] });
      await nextDeployment();
      const res = await created({ email: "abe@example.com", owner: true });
      const err = await rejection(
        members.update(res.id, res.outs, await checked({ email: "abe@example.com" })),
      );
      expect(err.message).to.include("refusing to demote member abe@example.com");
      expect((await memberState(abe.identity)).roles).to.deep.equal(["OWNER"]);
    });

    it("deactivates an Owner when another active Owner remains", async () => {
      await control.addMember("boss@example.com", true, { roles: ["OWNER"] });
      const cy = await control.addMember("cy@example.com", true, { roles: ["OWNER"] });
      await nextDeployment();
      const res = await created({ email: "cy@example.com", owner: true, onRemove: "deactivate" });
      await members.delete(res.id, res.outs);
      expect(await memberState(cy.identity)).to.deep.equal({ active: false, roles: [] });
    });

    for (const status of [403, 400, 409, 412]) {
      it(`turns the service's ${status} "cannot change yourself" refusal into an error naming the member`, async () => {
        await control.setSwitches({ selfChangeStatus: status });
        await control.addMember("other-owner@example.com", true, { roles: ["OWNER"] });
        const me = await control.addMember("me@example.com", true, { roles: ["OWNER"], token: "my-token" });
        await members.configure(configRequest({ "datatrails:url": emu.url, "datatrails:token": "my-token" }));
        const res = await created({ email: "me@example.com", owner: true, onRemove: "deactivate" });
        const err = await rejection(members.delete(res.id, res.outs));
        expect(err.message).to.match(
          /cannot deactivate member me@example\.com \(members\/[^)]+\): DataTrails refuses because that membership is the one these credentials act as/,
        );
        expect((await memberState(me.identity)).active).to.equal(true);
      });
    }
  });

  it("keeps the service's clock for expiry, as Invite does: an expired invite plans its re-send", async () => {
    const res = await created({ email: "eli@example.com" });
    await control.advanceClock(11 * DAY);
    await nextDeployment();
    const read = await members.read(res.id, res.outs);
    expect(read.props?.status).to.equal("expired");
    const plan = await members.diff(
      res.id,
      read.props as MemberProviderOutputs,
      await checked({ email: "eli@example.com" }),
    );
    expect(plan).to.deep.equal({ changes: true, replaces: ["expiryTime"], deleteBeforeReplace: true });
  });
});
