// The Invite, declared once: its inputs, outputs, type tokens, handler module and policy. Its rules are
// the person lifecycle's (lifecycle.ts) with access management off; `present` is how it shows a person.
import { MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from "../../client";
import { emailField, messageField, switchesOf } from "../fields";
import type { InviteOutputs, InviteStatus } from "../outputs";
import { declaredCopy, type Person } from "../person";
import type { ArgsOf, DefaultsOf, InputsOf, KindSpec, PersonKindSpec, SwitchesOf } from "./types";

const FIELDS = {
  email: emailField(
    `The invitee's email address (trimmed; at most ${MAX_EMAIL_LENGTH} characters). Changing it replaces the invite.`,
  ),
  message: messageField(
    `Text inserted into the invitation email (at most ${MAX_MESSAGE_LENGTH} characters). Changing it re-sends the invite.`,
  ),
  adopt: {
    type: "boolean",
    default: false,
    docs: "Take over a pending invite that already exists for this email instead of failing; no second email is sent.",
  },
  renewExpired: {
    type: "boolean",
    default: true,
    docs: "Replace an invite that expired unaccepted on the next update.",
  },
} as const satisfies KindSpec["fields"];

const STATUS: Readonly<Record<Person["status"], InviteStatus>> = {
  invited: "pending",
  expired: "expired",
  active: "accepted",
  // An Invite drops an inactive member on refresh; never recorded.
  inactive: "accepted",
};

/**
 * The `Invite` kind: one person invited, recorded once they joined, never removed from membership.
 * @internal
 */
export const INVITE = {
  name: "Invite",
  tokens: { dynamic: "pulumi-nodejs:dynamic/datatrails:Invite", native: "datatrails:index:Invite" },
  handlerModule: "pulumi-datatrails-invites/dynamic-provider",
  docs: "One person invited into a DataTrails tenancy. Creating it sends the invitation email (unless the person is already a member, or holds a pending invite you adopt); deleting it withdraws a pending invite but never removes a member. A new email or message replaces it. Import ids: `invites/<uuid>` (or the bare uuid), `email:<address>` (the newest pending invite for that address, or the membership when the person has joined), `members/<uuid>`.",
  fields: FIELDS,
  outputs: {
    identity: {
      type: "string",
      docs: "The invite's identity (`invites/<uuid>`), or the member's when no invite was needed.",
    },
    email: { type: "string", docs: "The invitee's email address as DataTrails stored it." },
    message: { type: "string", docs: 'The message sent with the invite ("" for none).' },
    expiryTime: {
      type: "string",
      nullable: true,
      docs: "When the invite expires (RFC 3339 UTC); absent when the person was already a member.",
    },
    status: {
      type: "string",
      values: ["pending", "expired", "accepted"],
      docs: "`pending`, `expired` (after a refresh past the expiry) or `accepted` (the person joined).",
    },
    adopted: {
      type: "boolean",
      docs: "Whether this resource took over (or was imported from) an invite that already existed.",
    },
    memberIdentity: {
      type: "string",
      nullable: true,
      docs: "The member's identity once the person has joined; absent before.",
    },
  },
  policy: { manageAccess: false },
  /** The Invite's outputs for a person. */
  present(person: Person): InviteOutputs {
    return {
      identity: person.inviteIdentity ?? person.memberIdentity ?? "",
      email: person.email,
      message: person.message,
      expiryTime: person.expiryTime,
      status: STATUS[person.status],
      adopted: person.adopted,
      memberIdentity: person.memberIdentity,
      ...(person.switches as InviteSwitches),
      ...declaredCopy(person),
    };
  },
} as const satisfies PersonKindSpec<"Invite">;

/** Inputs of the `Invite` resource as the provider receives them (resolved values). */
export type InviteInputs = InputsOf<typeof FIELDS>;

/** The switches of an `Invite` in effect (defaults applied). */
export type InviteSwitches = SwitchesOf<typeof FIELDS>;

/** Defaults for the optional switches of an `Invite`, as its table gives them. */
export const INVITE_DEFAULTS = switchesOf(INVITE, {}) as DefaultsOf<typeof FIELDS>;

/** The arguments of the `Invite` resource, every input of its table. */
export type InviteFieldArgs = ArgsOf<typeof FIELDS>;
