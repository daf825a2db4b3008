// The Member, declared once: the Invite's inputs and `owner` and `onRemove`, its outputs, type tokens,
// handler module and policy. Its rules are the person lifecycle's (lifecycle.ts) with access
// management on; `present` is how it shows a person.
import { MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from "../../client";
import { emailField, messageField, switchesOf } from "../fields";
import type { MemberOutputs } from "../outputs";
import { declaredCopy, joined, type Person } from "../person";
import type { ArgsOf, DefaultsOf, InputsOf, KindSpec, PersonKindSpec, SwitchesOf } from "./types";

/**
 * What removing a declared member does: `"keep"` (forget them) or `"deactivate"`. Spelled out rather
 * than derived from the table: the table is internal, so the published types (built with
 * stripInternal) would name a constant they do not declare.
 */
export type OnRemove = "keep" | "deactivate";

const FIELDS = {
  email: emailField(`The person's email address (trimmed; at most ${MAX_EMAIL_LENGTH} characters).`),
  message: messageField(
    `Text inserted into the invitation email (at most ${MAX_MESSAGE_LENGTH} characters).`,
  ),
  adopt: {
    type: "boolean",
    default: false,
    docs: "Take over a pending invite that already exists for this email instead of failing.",
  },
  renewExpired: {
    type: "boolean",
    default: true,
    docs: "Replace an invite that expired unaccepted on the next update.",
  },
  owner: {
    type: "boolean",
    default: false,
    docs: "Once the person has joined, they hold the OWNER role exactly when this is true.",
  },
  onRemove: {
    type: "enum",
    values: ["keep", "deactivate"] as const satisfies readonly OnRemove[],
    default: "keep",
    meaning:
      "what removing this member from the program does: keep their access, or deactivate their membership",
    docs: "What removing this resource does to someone who joined: `keep` forgets them (their access stays), `deactivate` deactivates their membership. A pending invite is always withdrawn.",
  },
} as const satisfies KindSpec["fields"];

/**
 * The `Member` kind: one person from invite to membership, whose access follows `owner` and whose
 * removal applies `onRemove`.
 * @internal
 */
export const MEMBER = {
  name: "Member",
  tokens: { dynamic: "pulumi-nodejs:dynamic/datatrails:Member", native: "datatrails:index:Member" },
  handlerModule: "pulumi-datatrails-invites/dynamic-provider/member",
  docs: "One person declared from invite to membership. Creating it takes over the member with that email (reactivating them if needed, no email sent) or invites the person; once they have joined, their roles follow `owner`, and removing the resource applies `onRemove`. Import ids: `members/<uuid>`, `email:<address>` (the membership, else the newest pending invite), `invites/<uuid>`.",
  fields: FIELDS,
  outputs: {
    email: { type: "string", docs: "The email address as DataTrails stored it." },
    message: { type: "string", docs: 'The message sent with the invite ("" for none).' },
    status: {
      type: "string",
      values: ["invited", "expired", "active", "inactive"],
      docs: "`invited`, `expired`, `active` or `inactive`.",
    },
    inviteIdentity: {
      type: "string",
      nullable: true,
      docs: "The invite sent or adopted (`invites/<uuid>`); absent when none was needed.",
    },
    memberIdentity: {
      type: "string",
      nullable: true,
      docs: "The membership (`members/<uuid>`) once the person has joined; absent before.",
    },
    roles: { type: "array", docs: "The roles the member holds (empty until they have joined)." },
    displayName: {
      type: "string",
      nullable: true,
      docs: "The member's display name; absent until they have joined.",
    },
    expiryTime: {
      type: "string",
      nullable: true,
      docs: "When the invite expires (RFC 3339 UTC); absent once the person is a member.",
    },
    adopted: {
      type: "boolean",
      docs: "Whether this resource took over (or was imported from) an invite that already existed.",
    },
  },
  policy: { manageAccess: true },
  /** The Member's outputs for a person. */
  present(person: Person): MemberOutputs {
    return {
      email: person.email,
      message: person.message,
      status: person.status,
      inviteIdentity: person.inviteIdentity,
      memberIdentity: person.memberIdentity,
      roles: person.roles ?? [],
      displayName: person.displayName,
      expiryTime: joined(person) ? null : person.expiryTime,
      adopted: person.adopted,
      ...(person.switches as MemberSwitches),
      ...declaredCopy(person),
    };
  },
} as const satisfies PersonKindSpec<"Member">;

/** Inputs of the `Member` resource as the provider receives them (resolved values). */
export type MemberInputs = InputsOf<typeof FIELDS>;

/** The switches of a `Member` in effect (defaults applied). */
export type MemberSwitches = SwitchesOf<typeof FIELDS>;

/** Defaults for the optional switches of a `Member`, as its table gives them. */
export const MEMBER_DEFAULTS = switchesOf(MEMBER, {}) as DefaultsOf<typeof FIELDS>;

/** The arguments of the `Member` resource, every input of its table. */
export type MemberFieldArgs = ArgsOf<typeof FIELDS>;
