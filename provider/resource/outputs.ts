// The outputs programs see of each kind (public types), and the pure facts they are made from.
import type { Output } from "@pulumi/pulumi";
import type { InviteRecord } from "../client";
import type { InviteSwitches } from "./kinds/invite";
import type { MemberSwitches } from "./kinds/member";
import type { InviteOutputFields, MemberOutputFields } from "./output-fields";
import type { DeclaredCopies } from "./person";

/**
 * A resource's outputs as its class exposes them, each a Pulumi output: its table's outputs (not the
 * switches, inputs already, nor the declared copies `diff` keeps for itself).
 */
export type OutputProperties<O> = {
  readonly [K in keyof O]: Output<O[K]>;
};

/** Where an invite stands. */
export type InviteStatus = InviteOutputFields["status"];

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
 * Outputs of the `Invite` resource as the provider records them: its table's outputs, the switches in
 * effect (`adopt`, `renewExpired`) and the declared copies. Every key is always present, with `null`
 * for "none": Pulumi rejects `undefined` in outputs.
 */
export interface InviteOutputs extends InviteOutputFields, InviteSwitches, DeclaredCopies {}

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
export type MemberStatus = MemberOutputFields["status"];

/** The role that makes a member an Owner (an administrator of the tenancy). */
export const OWNER_ROLE = "OWNER";

/**
 * Outputs of the `Member` resource as the provider records them: its table's outputs, the switches in
 * effect (`owner`, `onRemove`, `adopt`, `renewExpired`) and the declared copies. Every key is always
 * present, with `null` for "none": Pulumi rejects `undefined` in outputs.
 */
export interface MemberOutputs extends MemberOutputFields, MemberSwitches, DeclaredCopies {}

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
