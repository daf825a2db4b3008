// One recorded-person state for both kinds of the person lifecycle: whatever an `Invite` or a
// `Member` recorded is read into a `Person`, the lifecycle works on that, and each kind presents it
// as its own outputs (kinds/invite.ts, kinds/member.ts).
import type { InviteRecord, MemberRecord } from "../client";
import { switchesOf } from "./fields";
import type { KindSpec } from "./kinds/types";
import { statusOf, type MemberStatus } from "./outputs";

/** What the program declared for a person: the inputs a change of which re-sends their invite. */
export interface Declared {
  /** The checked `email` input. */
  email: string;
  /** The `message` input, `""` for none. */
  message: string;
}

/** What checked inputs declare. */
export function declaredFrom(inputs: Readonly<Record<string, unknown>>): Declared {
  return {
    email: typeof inputs.email === "string" ? inputs.email : "",
    message: typeof inputs.message === "string" ? inputs.message : "",
  };
}

/**
 * What recorded outputs say was declared. State written by 0.1.0 holds no declared copy: its outputs
 * are then the best record of the declaration there is, and `fallback` (e.g. the invite just read)
 * stands in when even those are missing.
 */
export function declaredIn(
  outputs: Readonly<Record<string, unknown>>,
  fallback: Declared = { email: "", message: "" },
): Declared {
  const pick = (declared: unknown, echoed: unknown, last: string): string =>
    typeof declared === "string" ? declared : typeof echoed === "string" ? echoed : last;
  return {
    email: pick(outputs.declaredEmail, outputs.email, fallback.email),
    message: pick(outputs.declaredMessage, outputs.message, fallback.message),
  };
}

/** Where one declared person stands, in the Member's terms, whichever kind recorded it. */
export interface Person {
  /** `invited` / `expired` (an Invite's `pending` / `expired`), `active` / `inactive` (`accepted`). */
  status: MemberStatus;
  /** The invite sent or adopted, if any. */
  inviteIdentity: string | null;
  /** The membership, once known. */
  memberIdentity: string | null;
  /** The member's roles; `undefined` when the state does not say (an Invite's). */
  roles: string[] | undefined;
  /** The member's display name, once known. */
  displayName: string | null;
  /** The invite's expiry; once joined, the one recorded before (an Invite keeps showing it). */
  expiryTime: string | null;
  /** The service's copy of the email. */
  email: string;
  /** The service's copy of the message. */
  message: string;
  /** Whether the invite was adopted. */
  adopted: boolean;
  /** The switches in effect (the kind's boolean and enum inputs, defaults applied). */
  switches: Readonly<Record<string, boolean | string>>;
  /** The email and message as last declared. */
  declared: Declared;
}

/** A recorded state read as a {@link Person}. */
export interface RecordedPerson extends Person {
  /** True when another kind wrote this state (an `Invite` moved to `Member`): the next update rewrites it. */
  moved: boolean;
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

/** Whether the person has joined (their membership decides from now on). */
export function joined(person: Pick<Person, "status">): boolean {
  return person.status === "active" || person.status === "inactive";
}

/**
 * Reads recorded outputs, a Member's or an Invite's (statuses `pending` / `expired` / `accepted`,
 * identity `invites/...` or `members/...`, no roles), as one {@link RecordedPerson}.
 * @param id the resource's ID (an Invite's state names its identity only there and in `identity`)
 * @internal
 */
export function recordedPerson(
  kind: KindSpec,
  id: string,
  olds: Readonly<Record<string, unknown>>,
): RecordedPerson {
  // A Member always records `inviteIdentity` (null or not); an Invite never does. (Status alone cannot
  // tell them apart: both have an `expired`.)
  const byInvite = !Object.hasOwn(olds, "inviteIdentity") || !MEMBER_STATUSES.includes(String(olds.status));
  const identity = text(olds.identity) ?? id;
  const roles = Array.isArray(olds.roles)
    ? olds.roles.filter((r): r is string => typeof r === "string")
    : undefined;
  return {
    status: (byInvite ? INVITE_STATUSES[String(olds.status)] : (olds.status as MemberStatus)) ?? "invited",
    inviteIdentity: byInvite
      ? identity.startsWith("invites/")
        ? identity
        : null
      : text(olds.inviteIdentity),
    memberIdentity:
      text(olds.memberIdentity) ?? (byInvite && identity.startsWith("members/") ? identity : null),
    roles: byInvite ? undefined : (roles ?? []),
    displayName: text(olds.displayName),
    expiryTime: text(olds.expiryTime),
    email: text(olds.email) ?? "",
    message: text(olds.message) ?? "",
    adopted: olds.adopted === true,
    switches: switchesOf(kind, olds),
    declared: declaredIn(olds),
    moved: byInvite !== (kind.name === "Invite"),
  };
}

/**
 * A person whose invite exists in DataTrails: `invited`, or `expired` by the service's clock.
 * @param now the service's clock (epoch ms)
 * @internal
 */
export function invitedPerson(
  invite: InviteRecord,
  switches: Person["switches"],
  adopted: boolean,
  now: number,
  declared: Declared,
): Person {
  return {
    status: statusOf(invite.expiryTime, now) === "expired" ? "expired" : "invited",
    inviteIdentity: invite.identity,
    memberIdentity: null,
    roles: [],
    displayName: null,
    expiryTime: invite.expiryTime,
    email: invite.email,
    message: invite.message,
    adopted,
    switches,
    declared,
  };
}

/**
 * The copies of what the program declared that `diff` compares new inputs with, recorded by every
 * kind beside the service's. They differ from the outputs `email` and `message` when the service
 * rewrites what it stores (e.g. lower-cases an email, trims a message). Absent from state written by
 * 0.1.0.
 */
export interface DeclaredCopies {
  /** The email as the program declared it (the checked input). */
  declaredEmail: string;
  /** The message as the program declared it (`""` for none). */
  declaredMessage: string;
}

/**
 * The declared copy every kind records beside the service's (`diff` compares new inputs with it).
 * @internal
 */
export function declaredCopy(person: Pick<Person, "declared">): DeclaredCopies {
  return { declaredEmail: person.declared.email, declaredMessage: person.declared.message };
}

/**
 * A person who is a member (`active` or `inactive`, as the service says).
 * @param previous what was recorded before (the invite that brought them in), if anything
 * @internal
 */
export function joinedPerson(
  member: MemberRecord,
  previous: Pick<Person, "inviteIdentity" | "message" | "adopted" | "expiryTime"> | undefined,
  switches: Person["switches"],
  declared: Declared,
): Person {
  return {
    status: member.active ? "active" : "inactive",
    inviteIdentity: previous?.inviteIdentity ?? null,
    memberIdentity: member.identity,
    roles: [...member.roles],
    displayName: member.displayName,
    expiryTime: previous?.expiryTime ?? null,
    email: member.email,
    message: previous?.message ?? declared.message,
    adopted: previous?.adopted ?? false,
    switches,
    declared,
  };
}

/**
 * The member a person's record names, as far as the record says (roles known): for a change that
 * must not list the tenancy again.
 * @internal
 */
export function memberRecordOf(person: Person, memberIdentity: string): MemberRecord {
  return {
    identity: memberIdentity,
    email: person.email,
    displayName: person.displayName ?? "",
    active: person.status === "active",
    roles: person.roles ?? [],
  };
}
