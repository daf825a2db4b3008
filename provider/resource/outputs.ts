// The outputs programs see of each kind (public types), and the pure facts they are made from.
import type { Output } from "@pulumi/pulumi";
import type { InviteRecord } from "../client";
import type { InviteSwitches } from "./kinds/invite";
import type { MemberSwitches } from "./kinds/member";

/**
 * A resource's outputs as its class exposes them, each a Pulumi output: every recorded output but the
 * switches (inputs already) and the declared copies `diff` keeps for itself.
 */
export type OutputProperties<O, Switches extends keyof O> = {
  readonly [K in Exclude<keyof O, Switches | "declaredEmail" | "declaredMessage">]: Output<O[K]>;
};

/** Where an invite stands. */
export type InviteStatus = "pending" | "expired" | "accepted";

/** An invite as a program sees it through `getInvite` and `listInvites`. */
export interface InviteInfo {
  /** `invites/<uuid>`. */
  identity: string;
  /** The invitee's email address. */
  email: string;
  /** Text of the invitation (`""` for none). */
  message: string;
  /** When it expires, RFC 3339 UTC. */
  expiryTime: string;
  /** `pending` until the expiry time passes, then `expired`. */
  status: "pending" | "expired";
}

/**
 * Outputs of the `Invite` resource as the provider records them. Every key is always present, with
 * `null` for "none": Pulumi rejects `undefined` in outputs. The switches in effect (`adopt`,
 * `renewExpired`) are recorded beside them.
 */
export interface InviteOutputs extends InviteSwitches {
  /** The invite's identity (`invites/<uuid>`), or the member's when no invite was needed. */
  identity: string;
  /** Invitee's email address, as DataTrails stored it. */
  email: string;
  /** Message sent with the invite (`""` for none). */
  message: string;
  /** When the invite expires (RFC 3339), or `null` once the invitee is a member. */
  expiryTime: string | null;
  /** `pending`, `expired` or `accepted`. */
  status: InviteStatus;
  /** Whether the provider took over an invite that already existed. */
  adopted: boolean;
  /** The member's identity once the invitee has joined, else `null`. */
  memberIdentity: string | null;
  /**
   * The email as the program declared it (the checked input), which `diff` compares new inputs with.
   * It differs from {@link InviteOutputs.email} when the service rewrites what it stores (e.g. lower-cases
   * it). Absent from state written by 0.1.0.
   */
  declaredEmail: string;
  /**
   * The message as the program declared it (`""` for none), which `diff` compares new inputs with.
   * It differs from {@link InviteOutputs.message} when the service rewrites what it stores (e.g. trims
   * white space). Absent from state written by 0.1.0.
   */
  declaredMessage: string;
}

/** `expired` once the expiry time has passed, else `pending`. */
export function statusOf(expiryTime: string, now: number): "pending" | "expired" {
  const at = Date.parse(expiryTime);
  return Number.isFinite(at) && at <= now ? "expired" : "pending";
}

/**
 * The pending invites among `invites`, the newest (latest expiry) first: the one to adopt or replace
 * is the first.
 * @param now the service's clock (epoch ms), which decides between `pending` and `expired`
 */
export function pendingNewestFirst<T extends Pick<InviteRecord, "expiryTime">>(
  invites: readonly T[],
  now: number,
): T[] {
  return invites
    .filter((i) => statusOf(i.expiryTime, now) === "pending")
    .sort((a, b) => Date.parse(b.expiryTime) - Date.parse(a.expiryTime));
}

/**
 * What a program sees of an invite, and the part of {@link InviteOutputs} the invite itself decides.
 * @param now the service's clock (epoch ms), which decides between `pending` and `expired`
 */
export function inviteInfo(invite: InviteRecord, now: number): InviteInfo {
  return {
    identity: invite.identity,
    email: invite.email,
    message: invite.message,
    expiryTime: invite.expiryTime,
    status: statusOf(invite.expiryTime, now),
  };
}

/** Where a declared person stands: invited (or their invite expired), or a member (active or not). */
export type MemberStatus = "invited" | "expired" | "active" | "inactive";

/** The role that makes a member an Owner (an administrator of the tenancy). */
export const OWNER_ROLE = "OWNER";

/**
 * Outputs of the `Member` resource as the provider records them. Every key is always present, with
 * `null` for "none": Pulumi rejects `undefined` in outputs. The switches in effect (`owner`,
 * `onRemove`, `adopt`, `renewExpired`) are recorded beside them.
 */
export interface MemberOutputs extends MemberSwitches {
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
