import { expect } from "chai";
import { diffPerson, type PersonDiff as InviteDiff } from "../../provider/resource/diff";
import { UNKNOWN } from "../../provider/resource/fields";
import { INVITE } from "../../provider/resource/kinds";
import { none, replace, update } from "./diff-rows";

const NOW = Date.parse("2030-06-01T12:00:00Z");
const LATER = "2030-06-05T12:00:00Z";
const EARLIER = "2030-06-01T11:59:59Z";

// State written by this version after creating an invite for "Alice@Example.com" / "  Hello   there "
// at a service that lower-cases emails and trims and collapses white space in messages.
const normalised: Record<string, unknown> = {
  identity: "invites/1",
  email: "alice@example.com",
  message: "Hello there",
  expiryTime: LATER,
  status: "pending",
  adopted: false,
  memberIdentity: null,
  adopt: false,
  renewExpired: true,
  declaredEmail: "Alice@Example.com",
  declaredMessage: "  Hello   there ",
  __provider: "serialized",
};

// The same invite as 0.1.0 recorded it: no declared copy.
const { declaredEmail: _e, declaredMessage: _m, ...v010 } = normalised;

const declared = { email: "Alice@Example.com", message: "  Hello   there " };

// An Invite's plan: the person lifecycle's diff by the Invite's table (its ID only names the invite).
const diffInvite = (olds: Record<string, unknown>, news: Record<string, unknown>, now: number) =>
  diffPerson(INVITE, "invites/1", olds, news, now);

describe("diffPerson by the Invite's table", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, number, InviteDiff]> = [
    ["plans nothing when the service normalised what it stores", normalised, declared, NOW, none],
    [
      "plans nothing when only the case of the declared email changes",
      normalised,
      { ...declared, email: "ALICE@example.com" },
      NOW,
      none,
    ],
    [
      "replaces, old invite first, when the message really changes",
      normalised,
      { ...declared, message: "Hello there, Alice" },
      NOW,
      replace(["message"], true),
    ],
    [
      "replaces when the declared message changes only in white space",
      normalised,
      { ...declared, message: "Hello there" },
      NOW,
      replace(["message"], true),
    ],
    [
      "replaces when a message is dropped",
      normalised,
      { email: declared.email },
      NOW,
      replace(["message"], true),
    ],
    [
      "replaces, new invite first, when the email really changes",
      normalised,
      { ...declared, email: "bob@example.com" },
      NOW,
      replace(["email"], false),
    ],
    [
      "replaces on both when email and message change",
      normalised,
      { email: "bob@example.com", message: "hi" },
      NOW,
      replace(["email", "message"], false),
    ],
    [
      "plans nothing for 0.1.0 state whose outputs match the inputs (no invite re-sent by the upgrade)",
      { ...v010, email: "Alice@Example.com", message: "  Hello   there " },
      declared,
      NOW,
      none,
    ],
    [
      "falls back to the recorded outputs of 0.1.0 state, email compared without case",
      v010,
      { email: "ALICE@EXAMPLE.COM", message: "Hello there" },
      NOW,
      none,
    ],
    [
      "falls back to the recorded outputs of 0.1.0 state, as 0.1.0 compared them",
      v010,
      declared,
      NOW,
      replace(["message"], true),
    ],
    [
      "falls back to the recorded outputs for 0.1.0 state of an accepted invitee",
      { ...v010, status: "accepted", expiryTime: null, memberIdentity: "members/1" },
      { email: "alice@example.com", message: "Hello there" },
      NOW,
      none,
    ],
    [
      "renews a pending invite whose expiry has passed by the given clock",
      { ...normalised, expiryTime: EARLIER },
      declared,
      NOW,
      replace(["expiryTime"], true),
    ],
    [
      "keeps a pending invite whose expiry is still ahead by the given clock",
      { ...normalised, expiryTime: EARLIER },
      declared,
      Date.parse(EARLIER) - 1,
      none,
    ],
    [
      "renews an invite a refresh recorded as expired",
      { ...normalised, status: "expired" },
      declared,
      NOW,
      replace(["expiryTime"], true),
    ],
    [
      "records renewExpired false for an expired invite with an update, not a replace",
      { ...normalised, status: "expired" },
      { ...declared, renewExpired: false },
      NOW,
      update,
    ],
    [
      "never renews an accepted invite",
      { ...normalised, status: "accepted", expiryTime: EARLIER },
      declared,
      NOW,
      none,
    ],
    ["plans an update when adopt changes", normalised, { ...declared, adopt: true }, NOW, update],
    [
      "replaces on an email unknown at preview",
      normalised,
      { ...declared, email: UNKNOWN },
      NOW,
      replace(["email"], false),
    ],
    [
      "replaces on a message unknown at preview",
      normalised,
      { ...declared, message: UNKNOWN },
      NOW,
      replace(["message"], true),
    ],
    [
      "plans an update on a switch unknown at preview",
      normalised,
      { ...declared, adopt: UNKNOWN },
      NOW,
      update,
    ],
    [
      "renews an expired invite when renewExpired is unknown at preview",
      { ...normalised, status: "expired" },
      { ...declared, renewExpired: UNKNOWN },
      NOW,
      replace(["expiryTime"], true),
    ],
  ];

  for (const [behaviour, olds, news, now, expected] of cases) {
    it(behaviour, () => {
      expect(diffInvite(olds, news, now)).to.deep.equal(expected);
    });
  }
});
