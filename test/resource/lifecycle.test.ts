// The person lifecycle (provider/resource/lifecycle.ts) against a stub tenancy: no emulator, no host.
// One lifecycle serves both kinds; these rows show the rules that differ by the kind's policy (the
// Invite is the Member with access management off) and the declared copy every operation keeps.
import { expect } from "chai";
import type { InviteRecord, MemberRecord } from "../../provider/client";
import { INVITE, MEMBER } from "../../provider/resource/kinds";
import {
  createPerson,
  deletePerson,
  readPerson,
  updatePerson,
  type PersonSession,
} from "../../provider/resource/lifecycle";
import { InviteCreatedButFailedError } from "../../provider/resource/send-invite";
import { rejection } from "../helpers/assert";
import { undefinedPaths } from "../helpers/provider";

const NOW = Date.parse("2030-06-01T12:00:00Z");
const LATER = "2030-06-11T12:00:00Z";

/** A pending invite's outputs as 0.1.0 recorded them: no declared copy. */
function recordedBy010(invite: InviteRecord, email = invite.email): Record<string, unknown> {
  return {
    identity: invite.identity,
    email,
    message: invite.message,
    expiryTime: invite.expiryTime,
    status: "pending",
    adopted: false,
    memberIdentity: null,
    adopt: false,
    renewExpired: true,
  };
}

/** A tenancy in memory, lower-casing emails and collapsing messages as the real service may. */
class StubTenancy {
  invites: InviteRecord[] = [];
  members: MemberRecord[] = [];
  /** Every write, as `METHOD identity`. */
  writes: string[] = [];
  /** What the next created invite is answered for, when set (a service answering for someone else). */
  answerFor?: string;
  private next = 1;

  invite(email: string, message = ""): InviteRecord {
    const invite = { identity: `invites/${this.next++}`, email, message, expiryTime: LATER };
    this.invites.push(invite);
    return invite;
  }

  member(email: string, init: Partial<MemberRecord> = {}): MemberRecord {
    const member = {
      identity: `members/${this.next++}`,
      email,
      displayName: "",
      active: true,
      roles: [],
      ...init,
    };
    this.members.push(member);
    return member;
  }

  private withEmail<T extends { email: string }>(items: T[], email: string): T[] {
    return items.filter((i) => i.email.toLowerCase() === email.toLowerCase());
  }

  private memberChange(identity: string, change: Partial<MemberRecord>, write: string): MemberRecord {
    const member = this.members.find((m) => m.identity === identity);
    if (!member) throw new Error(`no ${identity}`);
    Object.assign(member, change);
    this.writes.push(`${write} ${identity}`);
    return { ...member };
  }

  session(): PersonSession {
    return {
      client: {
        createInvite: async ({ email, message }) => {
          const invite = this.invite(
            (this.answerFor ?? email).toLowerCase(),
            (message ?? "").replace(/\s+/g, " ").trim(),
          );
          this.writes.push(`POST ${invite.identity}`);
          return invite;
        },
        deleteInvite: async (identity) => {
          this.writes.push(`DELETE ${identity}`);
          this.invites = this.invites.filter((i) => i.identity !== identity);
        },
        listMembers: () =>
          (async function* (members: MemberRecord[]) {
            yield* members.map((m) => ({ ...m }));
          })(this.members),
        updateMemberRoles: async (identity, roles) =>
          this.memberChange(identity, { roles: [...roles] }, "PATCH"),
        activateMember: async (identity) => this.memberChange(identity, { active: true }, "ACTIVATE"),
        deactivateMember: async (identity) =>
          this.memberChange(identity, { active: false, roles: [] }, "DEACTIVATE"),
        serverNow: () => NOW,
      },
      tenancy: {
        invitesBeforeCreate: async (email) => {
          const invites = this.withEmail(this.invites, email);
          return { pending: invites, known: invites.map((i) => i.identity) };
        },
        recordCreated: () => undefined,
        recordDeleted: () => undefined,
        activeMember: async (email) => this.withEmail(this.members, email).find((m) => m.active),
        memberWithEmail: async (email) => this.withEmail(this.members, email)[0],
        memberByIdentity: async (identity) => this.members.find((m) => m.identity === identity),
        invite: async (identity) => this.invites.find((i) => i.identity === identity),
      },
      quota: {
        ensureRoom: async () => undefined,
        noteSent: () => undefined,
        noteWithdrawn: () => undefined,
        refusal: async () => {
          throw new Error("no cap in the stub");
        },
      },
    };
  }
}

describe("the person lifecycle (stub tenancy)", () => {
  let t: StubTenancy;
  beforeEach(() => {
    t = new StubTenancy();
  });

  describe("create", () => {
    it("invites once, keeping the declared copy beside what the service stored", async () => {
      const res = await createPerson(t.session(), INVITE, {
        email: "Quinn@Example.COM",
        message: "  Hi   there ",
      });
      expect(res.outs).to.include({
        email: "quinn@example.com",
        message: "Hi there",
        status: "pending",
        declaredEmail: "Quinn@Example.COM",
        declaredMessage: "  Hi   there ",
      });
      expect(t.writes).to.deep.equal([`POST ${res.id}`]);
      expect(undefinedPaths(res.outs)).to.deep.equal([]);
    });

    it("adopts a pending invite without sending one, keeping what was declared", async () => {
      const existing = t.invite("sam@example.com", "by hand");
      const res = await createPerson(t.session(), INVITE, {
        email: "Sam@Example.com",
        message: "Welcome",
        adopt: true,
      });
      expect(res.id).to.equal(existing.identity);
      expect(res.outs).to.include({ adopted: true, message: "by hand", declaredMessage: "Welcome" });
      expect(t.writes).to.deep.equal([]);
    });

    it("refuses a pending invite without adopt, naming the kind to set adopt on", async () => {
      t.invite("dave@example.com");
      const err = await rejection(createPerson(t.session(), MEMBER, { email: "dave@example.com" }));
      expect(err.message).to.include("Set adopt: true on this Member");
      expect(t.writes).to.deep.equal([]);
    });

    it("keeps the declared copy in the outputs of an invite created but answered for someone else", async () => {
      t.answerFor = "x@example.net";
      const err = await rejection(
        createPerson(t.session(), INVITE, { email: "Uma@Example.com", __provider: "p" }),
      );
      expect(err).to.be.instanceOf(InviteCreatedButFailedError);
      expect((err as InviteCreatedButFailedError).properties).to.include({
        email: "x@example.net",
        declaredEmail: "Uma@Example.com",
        __provider: "p",
      });
    });

    it("records an active member as accepted without access management (an Invite), changing nothing", async () => {
      const member = t.member("tess@example.com", { roles: ["OWNER"] });
      const res = await createPerson(t.session(), INVITE, {
        email: "Tess@Example.com",
        message: "Hi  there",
      });
      expect(res.id).to.equal(member.identity);
      expect(res.outs).to.include({
        status: "accepted",
        memberIdentity: member.identity,
        declaredMessage: "Hi  there",
      });
      expect(t.writes).to.deep.equal([]);
    });

    it("invites an inactive member again without access management (an Invite)", async () => {
      t.member("ivan@example.com", { active: false });
      const res = await createPerson(t.session(), INVITE, { email: "ivan@example.com" });
      expect(res.outs).to.include({ status: "pending" });
    });

    it("reactivates an inactive member and sets owner with access management (a Member), sending no invite", async () => {
      const member = t.member("rita@example.com", { active: false });
      const res = await createPerson(t.session(), MEMBER, { email: "rita@example.com", owner: true });
      expect(res.outs).to.include({ status: "active", inviteIdentity: null });
      expect(t.writes).to.deep.equal([`ACTIVATE ${member.identity}`, `PATCH ${member.identity}`]);
    });
  });

  describe("read", () => {
    it("keeps the declared copy when it refreshes a pending invite", async () => {
      const res = await createPerson(t.session(), INVITE, { email: "Rob@Example.com", message: " Hello " });
      const read = await readPerson(t.session(), INVITE, res.id, { ...res.outs, __provider: "p" });
      expect(read.props).to.deep.equal({ ...res.outs, __provider: "p" });
    });

    it("fills the declared copy of state written by 0.1.0 from its recorded outputs", async () => {
      const invite = t.invite("rob@example.com", "Hello");
      const v010 = recordedBy010(invite, "Rob@Example.com");
      const read = await readPerson(t.session(), INVITE, invite.identity, v010);
      expect(read.props).to.include({
        email: "rob@example.com",
        declaredEmail: "Rob@Example.com",
        declaredMessage: "Hello",
      });
    });

    it("records an invite past its expiry by the service's clock as expired, keeping what was declared", async () => {
      const invite = t.invite("gina@example.com");
      invite.expiryTime = "2030-06-01T11:00:00Z";
      const read = await readPerson(t.session(), MEMBER, invite.identity, {
        inviteIdentity: invite.identity,
        status: "invited",
        email: "gina@example.com",
        declaredEmail: "Gina@Example.com",
        declaredMessage: "",
      });
      expect(read.props).to.include({ status: "expired", declaredEmail: "Gina@Example.com" });
    });

    it("keeps an accepted invite under its id with the declared copy once the person is a member", async () => {
      const res = await createPerson(t.session(), INVITE, { email: "Hank@Example.com", message: "Yo" });
      t.invites = [];
      const member = t.member("hank@example.com");
      const read = await readPerson(t.session(), INVITE, res.id, res.outs);
      expect(read.id).to.equal(res.id);
      expect(read.props).to.include({
        identity: res.id,
        status: "accepted",
        memberIdentity: member.identity,
        declaredEmail: "Hank@Example.com",
        declaredMessage: "Yo",
      });
    });

    it("drops an inactive member without access management, records them as inactive with it", async () => {
      const member = t.member("jill@example.com", { active: false });
      const recorded = {
        status: "accepted",
        identity: member.identity,
        memberIdentity: member.identity,
        email: "jill@example.com",
      };
      expect(await readPerson(t.session(), INVITE, member.identity, recorded)).to.deep.equal({});
      const read = await readPerson(t.session(), MEMBER, member.identity, recorded);
      expect(read.props).to.include({ status: "inactive" });
    });

    it("drops a person whose invite is gone and who is no member", async () => {
      const res = await createPerson(t.session(), MEMBER, { email: "ivy@example.com" });
      t.invites = [];
      expect(await readPerson(t.session(), MEMBER, res.id, res.outs)).to.deep.equal({});
    });

    it("refuses to record an invite the service holds for another person", async () => {
      const invite = t.invite("eve@example.com");
      const err = await rejection(
        readPerson(t.session(), INVITE, invite.identity, {
          identity: invite.identity,
          status: "pending",
          email: "adam@example.com",
        }),
      );
      expect(err.message).to.match(/refusing to record another person's invite/);
    });
  });

  describe("update", () => {
    it("records new switches and the declared copy over 0.1.0 state, sending nothing", async () => {
      const invite = t.invite("pat@example.com");
      const v010 = recordedBy010(invite);
      const upd = await updatePerson(t.session(), INVITE, invite.identity, v010, {
        email: "Pat@Example.com",
        adopt: true,
      });
      expect(upd.outs).to.deep.equal({
        ...v010,
        adopt: true,
        declaredEmail: "Pat@Example.com",
        declaredMessage: "",
      });
      expect(t.writes).to.deep.equal([]);
    });

    it("gives a joined Member the owner role with one PATCH; an Invite's update never does", async () => {
      const member = t.member("olga@example.com");
      const recorded = {
        status: "active",
        inviteIdentity: null,
        memberIdentity: member.identity,
        roles: [],
        email: "olga@example.com",
      };
      await updatePerson(t.session(), MEMBER, member.identity, recorded, {
        email: "olga@example.com",
        owner: true,
      });
      expect(t.writes).to.deep.equal([`PATCH ${member.identity}`]);
    });
  });

  describe("delete", () => {
    it("withdraws a pending invite, counting one already gone as done", async () => {
      const res = await createPerson(t.session(), INVITE, { email: "mia@example.com" });
      await deletePerson(t.session(), INVITE, res.id, res.outs);
      await deletePerson(t.session(), INVITE, res.id, res.outs);
      expect(t.writes).to.deep.equal([`POST ${res.id}`, `DELETE ${res.id}`, `DELETE ${res.id}`]);
      expect(t.invites).to.deep.equal([]);
    });

    it("never removes a member without access management, even with onRemove deactivate recorded", async () => {
      const member = t.member("ola@example.com");
      await deletePerson(t.session(), INVITE, member.identity, {
        status: "accepted",
        identity: member.identity,
        memberIdentity: member.identity,
        onRemove: "deactivate",
      });
      expect(t.writes).to.deep.equal([]);
    });

    it("deactivates a member with access management when onRemove is deactivate, and forgets them with keep", async () => {
      t.member("boss@example.com", { roles: ["OWNER"] });
      const member = t.member("nia@example.com");
      const recorded = {
        status: "active",
        inviteIdentity: null,
        memberIdentity: member.identity,
        roles: [],
        email: "nia@example.com",
      };
      await deletePerson(t.session(), MEMBER, member.identity, { ...recorded, onRemove: "keep" });
      expect(t.writes).to.deep.equal([]);
      await deletePerson(t.session(), MEMBER, member.identity, { ...recorded, onRemove: "deactivate" });
      expect(t.writes).to.deep.equal([`DEACTIVATE ${member.identity}`]);
    });
  });
});
