import type { InviteRecord, MemberRecord, OnRemove } from "../client";
import { memberSwitches, type MemberSwitches } from "./member-inputs";
import { declaredIn, statusOf, type Declared } from "./outputs";

/** Where a declared person stands: invited (or their invite expired), or a member (active or not). */
export type MemberStatus = "invited" | "expired" | "active" | "inactive";

/** The role that makes a member an Owner (an administrator of the tenancy). */
export const OWNER_ROLE = "OWNER";

/**
 * Outputs of the `Member` resource as the provider records them. Every key is always present, with
 * `null` for "none": Pulumi rejects `undefined` in outputs.
 */
export interface MemberOutputs {
  /** The email address as DataTrails stored it (the invite's, then the member's). */
  email: string;
  /** Message sent with the invite (`""` for none). */
  message: string;
  /** `invited`, `expired`, `active` or `inactive`. */
  status: MemberStatus;
  /** The invite this resource sent or adopted (`invites/<uuid>`), `null` when none was needed. */
  inviteIdentity: string | null;
  /** The membership (`members/<uuid>`) once the person has joined, else `null`. */
  memberIdentity: string | null;
  /** The roles the member holds (`[]` until they have joined). */
  roles: string[];
  /** The member's display name, `null` until they have joined. */
  displayName: string | null;
  /** When the invite expires (RFC 3339), `null` once the person is a member. */
  expiryTime: string | null;
  /** Whether the provider took over an invite that already existed. */
  adopted: boolean;
  /** The `owner` input in effect. */
  owner: boolean;
  /** The `onRemove` input in effect. */
  onRemove: OnRemove;
  /** The `adopt` input in effect. */
  adopt: boolean;
  /** The `renewExpired` input in effect. */
  renewExpired: boolean;
  /** The email as the program declared it, which `diff` compares new inputs with. */
  declaredEmail: string;
  /** The message as the program declared it (`""` for none), which `diff` compares new inputs with. */
  declaredMessage: string;
}

/**
 * Whether `roles` make an Owner.
 * @internal
 */
export function holdsOwner(roles: readonly string[]): boolean {
  return roles.includes(OWNER_ROLE);
}

/**
 * The roles a member should hold for `owner`: every role but `OWNER` kept, `OWNER` added or removed.
 * @internal
 */
export function rolesFor(current: readonly string[], owner: boolean): string[] {
  const others = current.filter((r) => r !== OWNER_ROLE && r !== "ROLE_UNSPECIFIED");
  return owner ? [...others, OWNER_ROLE] : others;
}

/**
 * What a resource's recorded state says, whether a `Member` wrote it or an `Invite` did (a stack moved
 * from `Invite` to `Member`: statuses `pending` / `expired` / `accepted`, identity `invites/...` or
 * `members/...`, no roles, no `owner` or `onRemove`).
 * @internal
 */
export interface RecordedMember {
  /** The status in the Member's terms. */
  status: MemberStatus;
  /** The invite, if one was sent or adopted. */
  inviteIdentity: string | null;
  /** The membership, once known. */
  memberIdentity: string | null;
  /** The roles recorded; `undefined` when the state does not say (an Invite's). */
  roles: string[] | undefined;
  /** The email and message as last declared. */
  declared: Declared;
  /** The switches recorded (defaults for an Invite's state). */
  switches: MemberSwitches;
  /** When the invite expires, if one is pending. */
  expiryTime: string | null;
  /** The service's copy of the email. */
  email: string;
  /** The service's copy of the message. */
  message: string;
  /** Whether the invite was adopted. */
  adopted: boolean;
  /** The member's display name, once known. */
  displayName: string | null;
  /** True when an `Invite` wrote this state: the next update rewrites it as a Member's. */
  fromInvite: boolean;
}

const INVITE_STATUSES: Readonly<Record<string, MemberStatus>> = {
  pending: "invited",
  expired: "expired",
  accepted: "active",
};

const MEMBER_STATUSES: readonly string[] = ["invited", "expired", "active", "inactive"];

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Reads recorded outputs, a Member's or an Invite's, as one {@link RecordedMember}.
 * @param id the resource's ID (an Invite's state names its identity only there and in `identity`)
 * @internal
 */
export function recordedMember(id: string, olds: Readonly<Record<string, unknown>>): RecordedMember {
  // A Member always records `inviteIdentity` (null or not); an Invite never does. (Status alone cannot
  // tell them apart: both have an `expired`.)
  const fromInvite = !Object.hasOwn(olds, "inviteIdentity") || !MEMBER_STATUSES.includes(String(olds.status));
  const identity = text(olds.identity) ?? id;
  const inviteIdentity = fromInvite
    ? identity.startsWith("invites/")
      ? identity
      : null
    : text(olds.inviteIdentity);
  const memberIdentity =
    text(olds.memberIdentity) ?? (fromInvite && identity.startsWith("members/") ? identity : null);
  const roles = Array.isArray(olds.roles)
    ? olds.roles.filter((r): r is string => typeof r === "string")
    : undefined;
  return {
    status: (fromInvite ? INVITE_STATUSES[String(olds.status)] : (olds.status as MemberStatus)) ?? "invited",
    inviteIdentity,
    memberIdentity,
    roles: fromInvite ? undefined : (roles ?? []),
    declared: declaredIn(olds),
    switches: memberSwitches(olds),
    expiryTime: text(olds.expiryTime),
    email: text(olds.email) ?? "",
    message: text(olds.message) ?? "",
    adopted: olds.adopted === true,
    displayName: text(olds.displayName),
    fromInvite,
  };
}

function switchesOf(
  switches: MemberSwitches,
): Pick<MemberOutputs, "owner" | "onRemove" | "adopt" | "renewExpired"> {
  return {
    owner: switches.owner,
    onRemove: switches.onRemove,
    adopt: switches.adopt,
    renewExpired: switches.renewExpired,
  };
}

/**
 * Outputs for a person whose invite exists in DataTrails (`invited`, or `expired` by the service's clock).
 * @param now the service's clock (epoch ms)
 * @internal
 */
export function invitedOutputs(
  invite: InviteRecord,
  switches: MemberSwitches,
  adopted: boolean,
  now: number,
  declared: Declared,
): MemberOutputs {
  return {
    email: invite.email,
    message: invite.message,
    status: statusOf(invite.expiryTime, now) === "expired" ? "expired" : "invited",
    inviteIdentity: invite.identity,
    memberIdentity: null,
    roles: [],
    displayName: null,
    expiryTime: invite.expiryTime,
    adopted,
    ...switchesOf(switches),
    declaredEmail: declared.email,
    declaredMessage: declared.message,
  };
}

/**
 * Outputs for a person who is a member (`active` or `inactive`, as the service says).
 * @param previous what was recorded before (the invite that brought them in), if anything
 * @internal
 */
export function joinedOutputs(
  member: MemberRecord,
  previous: Pick<RecordedMember, "inviteIdentity" | "message" | "adopted"> | undefined,
  switches: MemberSwitches,
  declared: Declared,
): MemberOutputs {
  return {
    email: member.email,
    message: previous?.message ?? declared.message,
    status: member.active ? "active" : "inactive",
    inviteIdentity: previous?.inviteIdentity ?? null,
    memberIdentity: member.identity,
    roles: [...member.roles],
    displayName: member.displayName,
    expiryTime: null,
    adopted: previous?.adopted ?? false,
    ...switchesOf(switches),
    declaredEmail: declared.email,
    declaredMessage: declared.message,
  };
}

/**
 * Recorded state rewritten with new switches and declaration, calling no API (an Invite's state
 * becomes a Member's).
 * @internal
 */
export function recordedOutputs(
  recorded: RecordedMember,
  switches: MemberSwitches,
  declared: Declared,
): MemberOutputs {
  return {
    email: recorded.email,
    message: recorded.message,
    status: recorded.status,
    inviteIdentity: recorded.inviteIdentity,
    memberIdentity: recorded.memberIdentity,
    roles: recorded.roles ?? [],
    displayName: recorded.displayName,
    expiryTime: recorded.expiryTime,
    adopted: recorded.adopted,
    ...switchesOf(switches),
    declaredEmail: declared.email,
    declaredMessage: declared.message,
  };
}
