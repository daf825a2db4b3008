import { expect } from "chai";
import { diffPerson, type PersonDiff as InviteDiff } from "../../provider/resource/diff";
import { UNKNOWN } from "../../provider/resource/fields";
import { MEMBER } from "../../provider/resource/kinds";

const diffMember = (
  id: string,
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  now: number,
) => diffPerson(MEMBER, id, olds, news, now);
import { none, replace, update } from "./diff-rows";

const NOW = Date.parse("2030-06-01T12:00:00Z");
const LATER = "2030-06-05T12:00:00Z";
const EARLIER = "2030-06-01T11:59:59Z";

/** A Member's state while its invite is pending. */
const invited: Record<string, unknown> = {
  email: "alice@example.com",
  message: "Hello",
  status: "invited",
  inviteIdentity: "invites/1",
  memberIdentity: null,
  roles: [],
  displayName: null,
  expiryTime: LATER,
  adopted: false,
  owner: false,
  onRemove: "keep",
  adopt: false,
  renewExpired: true,
  declaredEmail: "Alice@Example.com",
  declaredMessage: "Hello",
  __provider: "serialized",
};
const active = {
  ...invited,
  status: "active",
  memberIdentity: "members/1",
  roles: [],
  displayName: "Alice",
  expiryTime: null,
};
const activeOwner = { ...active, owner: true, roles: ["OWNER"] };
const inactive = { ...active, status: "inactive" };

/** An Invite's state, as a stack that declared Invites recorded it. */
const invitePending: Record<string, unknown> = {
  identity: "invites/1",
  email: "alice@example.com",
  message: "Hello",
  expiryTime: LATER,
  status: "pending",
  adopted: false,
  memberIdentity: null,
  adopt: false,
  renewExpired: true,
  declaredEmail: "Alice@Example.com",
  declaredMessage: "Hello",
};
const inviteAccepted = {
  ...invitePending,
  status: "accepted",
  memberIdentity: "members/1",
  expiryTime: null,
};
const inviteExpired = { ...invitePending, status: "expired", expiryTime: EARLIER };

const declared = { email: "Alice@Example.com", message: "Hello" };

describe("diffPerson by the Member's table", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, InviteDiff]> = [
    // Invited: exactly as an Invite.
    [
      "plans nothing for an unchanged invited person (email compared ignoring case)",
      invited,
      { ...declared, email: "alice@example.com" },
      none,
    ],
    ["ignores a new serialized provider", invited, { ...declared, __provider: "another" }, none],
    [
      "replaces an invite, old one first, on a new message",
      invited,
      { ...declared, message: "Hi" },
      replace(["message"], true),
    ],
    [
      "replaces an invite, new one first, on a new email",
      invited,
      { ...declared, email: "bob@example.com" },
      replace(["email"], false),
    ],
    [
      "replaces on an email unknown at preview",
      invited,
      { ...declared, email: UNKNOWN },
      replace(["email"], false),
    ],
    [
      "re-sends an invite past its expiry",
      { ...invited, expiryTime: EARLIER },
      declared,
      replace(["expiryTime"], true),
    ],
    [
      "re-sends an invite recorded as expired",
      { ...invited, status: "expired" },
      declared,
      replace(["expiryTime"], true),
    ],
    [
      "keeps an expired invite when renewExpired is false (recorded by an update)",
      { ...invited, status: "expired" },
      { ...declared, renewExpired: false },
      update,
    ],
    [
      "records owner for an invited person (applied once they joined)",
      invited,
      { ...declared, owner: true },
      update,
    ],
    ["records onRemove for an invited person", invited, { ...declared, onRemove: "deactivate" }, update],
    // Joined.
    ["plans nothing for an active member whose roles match owner: false", active, declared, none],
    [
      "plans nothing for an active Owner declared owner: true",
      activeOwner,
      { ...declared, owner: true },
      none,
    ],
    [
      "updates in place (no replace) when owner is set on an active member",
      active,
      { ...declared, owner: true },
      update,
    ],
    ["updates in place when owner is cleared on an active Owner", activeOwner, declared, update],
    [
      "updates when the recorded roles lost OWNER (changed by hand) though owner was recorded true",
      { ...active, owner: true, roles: [] },
      { ...declared, owner: true },
      update,
    ],
    [
      "updates when owner recorded while invited is due now that the refresh found them active",
      { ...active, owner: true },
      { ...declared, owner: true },
      update,
    ],
    ["updates when owner is unknown at preview", activeOwner, { ...declared, owner: UNKNOWN }, update],
    ["reactivates an inactive member (an update)", inactive, declared, update],
    [
      "never replaces a member for a new message: it is only recorded",
      active,
      { ...declared, message: "Hi" },
      update,
    ],
    [
      "never re-sends anything for a joined member whose recorded expiry passed",
      { ...active, expiryTime: EARLIER },
      declared,
      none,
    ],
    [
      "replaces, new person first, on a new email for an active member",
      active,
      { ...declared, email: "bob@example.com" },
      replace(["email"], false),
    ],
    [
      "replaces, new person first, on a new email for an inactive member",
      inactive,
      { ...declared, email: "bob@example.com" },
      replace(["email"], false),
    ],
    ["records a new onRemove on an active member", active, { ...declared, onRemove: "deactivate" }, update],
    // A stack moving from Invite to Member.
    [
      "rewrites a pending Invite's state as a Member's by an update (nothing sent)",
      invitePending,
      declared,
      update,
    ],
    [
      "rewrites an accepted Invite's state by an update, which learns the roles",
      inviteAccepted,
      declared,
      update,
    ],
    [
      "replaces a moved Invite's invite on a new message, as Invite does",
      invitePending,
      { ...declared, message: "Hi" },
      replace(["message"], true),
    ],
    ["re-sends a moved Invite's expired invite", inviteExpired, declared, replace(["expiryTime"], true)],
    [
      "moves an accepted Invite with a new message without replacing anyone",
      inviteAccepted,
      { ...declared, message: "Hi" },
      update,
    ],
    [
      "compares a 0.1.0 Invite's state (no declared copy) with its outputs",
      (() => {
        const { declaredEmail: _e, declaredMessage: _m, ...v010 } = invitePending;
        return { ...v010, email: "Alice@Example.com" };
      })(),
      declared,
      update,
    ],
  ];

  for (const [name, olds, news, expected] of cases) {
    it(name, () => {
      expect(diffMember("invites/1", olds, news, NOW)).to.deep.equal(expected);
    });
  }
});
