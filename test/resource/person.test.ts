import { expect } from "chai";
import { switchesOf } from "../../provider/resource/fields";
import { MEMBER } from "../../provider/resource/kinds";
import { holdsOwner, rolesFor, type MemberStatus } from "../../provider/resource/outputs";
import {
  invitedPerson,
  joinedPerson,
  recordedPerson,
  type Declared,
  type Person,
} from "../../provider/resource/person";
import { undefinedPaths } from "../helpers/provider";

const NOW = Date.parse("2030-06-01T12:00:00Z");
const switches = switchesOf(MEMBER, { owner: true, onRemove: "deactivate" });
const recordedMember = (id: string, olds: Record<string, unknown>) => recordedPerson(MEMBER, id, olds);
const invitedOutputs = (...args: Parameters<typeof invitedPerson>) => MEMBER.present(invitedPerson(...args));
const joinedOutputs = (
  m: Parameters<typeof joinedPerson>[0],
  previous: undefined,
  s: Person["switches"],
  d: Declared,
) => MEMBER.present(joinedPerson(m, previous, s, d));
const declared = { email: "Alice@Example.com", message: "Hi" };
const invite = {
  identity: "invites/1",
  email: "alice@example.com",
  message: "Hi",
  expiryTime: "2030-06-05T12:00:00Z",
};
const member = {
  identity: "members/1",
  email: "alice@example.com",
  displayName: "Alice",
  active: true,
  roles: ["OWNER"],
};

describe("Member status mapping", () => {
  const rows: Array<[string, Record<string, unknown>, string, MemberStatus, string | null, string | null]> = [
    [
      "a Member's invited state",
      { status: "invited", inviteIdentity: "invites/1" },
      "invites/1",
      "invited",
      "invites/1",
      null,
    ],
    [
      "a Member's inactive state",
      { status: "inactive", inviteIdentity: null, memberIdentity: "members/1" },
      "members/1",
      "inactive",
      null,
      "members/1",
    ],
    [
      "an Invite's pending state as invited",
      { status: "pending", identity: "invites/1" },
      "invites/1",
      "invited",
      "invites/1",
      null,
    ],
    [
      "an Invite's expired state as expired",
      { status: "expired", identity: "invites/1" },
      "invites/1",
      "expired",
      "invites/1",
      null,
    ],
    [
      "an Invite accepted after it was sent as active, keeping both identities",
      { status: "accepted", identity: "invites/1", memberIdentity: "members/1" },
      "invites/1",
      "active",
      "invites/1",
      "members/1",
    ],
    [
      "an Invite that found a member (identity members/...) as active with no invite",
      { status: "accepted", identity: "members/1", memberIdentity: "members/1" },
      "members/1",
      "active",
      null,
      "members/1",
    ],
    [
      "an Invite's state without identity output by its ID",
      { status: "pending" },
      "invites/9",
      "invited",
      "invites/9",
      null,
    ],
  ];
  for (const [name, olds, id, status, inviteIdentity, memberIdentity] of rows) {
    it(`reads ${name}`, () => {
      const recorded = recordedMember(id, olds);
      expect(recorded).to.include({ status, inviteIdentity, memberIdentity });
    });
  }

  it("knows the roles of a Member's state but not of an Invite's (the update learns them)", () => {
    expect(
      recordedMember("members/1", { status: "active", inviteIdentity: null, roles: ["OWNER"] }).roles,
    ).to.deep.equal(["OWNER"]);
    expect(recordedMember("invites/1", { status: "accepted" }).roles).to.equal(undefined);
    expect(recordedMember("invites/1", { status: "accepted" }).moved).to.equal(true);
  });

  it("takes an Invite's switches and defaults owner and onRemove", () => {
    expect(
      recordedMember("invites/1", { status: "pending", adopt: true, renewExpired: false }).switches,
    ).to.deep.equal({
      owner: false,
      onRemove: "keep",
      adopt: true,
      renewExpired: false,
    });
  });
});

describe("Member outputs", () => {
  it("records an invite as invited, and as expired by the service's clock", () => {
    expect(invitedOutputs(invite, switches, false, NOW, declared)).to.include({
      status: "invited",
      expiryTime: invite.expiryTime,
    });
    expect(
      invitedOutputs(invite, switches, false, Date.parse("2030-06-06T00:00:00Z"), declared).status,
    ).to.equal("expired");
  });

  it("records a member as active or inactive, with roles and display name, never undefined", () => {
    const outs = joinedOutputs(member, undefined, switches, declared);
    expect(outs).to.include({
      status: "active",
      memberIdentity: "members/1",
      inviteIdentity: null,
      displayName: "Alice",
    });
    expect(outs.roles).to.deep.equal(["OWNER"]);
    expect(joinedOutputs({ ...member, active: false }, undefined, switches, declared).status).to.equal(
      "inactive",
    );
    expect(undefinedPaths(outs)).to.deep.equal([]);
    expect(undefinedPaths(invitedOutputs(invite, switches, true, NOW, declared))).to.deep.equal([]);
  });

  const roleRows: Array<[string[], boolean, string[]]> = [
    [[], true, ["OWNER"]],
    [["OWNER"], false, []],
    [["ROLE_UNSPECIFIED"], true, ["OWNER"]],
    [["OWNER"], true, ["OWNER"]],
  ];
  for (const [current, owner, expected] of roleRows) {
    it(`sets roles ${JSON.stringify(current)} to ${JSON.stringify(expected)} for owner: ${owner}`, () => {
      expect(rolesFor(current, owner)).to.deep.equal(expected);
      expect(holdsOwner(rolesFor(current, owner))).to.equal(owner);
    });
  }
});
