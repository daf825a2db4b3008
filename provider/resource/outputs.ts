import type { InviteRecord, MemberRecord } from "../client";
import { INVITE_DEFAULTS, InviteInputs } from "./inputs";

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
 * `null` for "none": Pulumi rejects `undefined` in outputs.
 */
export interface InviteOutputs {
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
  /** The `adopt` switch in effect. */
  adopt: boolean;
  /** The `renewExpired` switch in effect. */
  renewExpired: boolean;
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

/** What the program declared for an invite: the inputs a change of which re-sends it. */
export interface Declared {
  /** The checked `email` input. */
  email: string;
  /** The `message` input, `""` for none. */
  message: string;
}

/** What checked inputs declare. */
export function declaredFrom(inputs: Partial<InviteInputs>): Declared {
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
  outputs: Partial<Record<keyof InviteOutputs, unknown>>,
  fallback: Declared = { email: "", message: "" },
): Declared {
  const pick = (declared: unknown, echoed: unknown, last: string): string =>
    typeof declared === "string" ? declared : typeof echoed === "string" ? echoed : last;
  return {
    email: pick(outputs.declaredEmail, outputs.email, fallback.email),
    message: pick(outputs.declaredMessage, outputs.message, fallback.message),
  };
}

function declaredOutputs(declared: Declared): Pick<InviteOutputs, "declaredEmail" | "declaredMessage"> {
  return { declaredEmail: declared.email, declaredMessage: declared.message };
}

/** The switches with their defaults applied. */
export function effectiveSwitches(inputs: Partial<InviteInputs>): { adopt: boolean; renewExpired: boolean } {
  return {
    adopt: typeof inputs.adopt === "boolean" ? inputs.adopt : INVITE_DEFAULTS.adopt,
    renewExpired:
      typeof inputs.renewExpired === "boolean" ? inputs.renewExpired : INVITE_DEFAULTS.renewExpired,
  };
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

/**
 * Outputs for an invite that exists in DataTrails.
 * @param inputs where the switches come from
 * @param declared what the program declared (kept beside the service's copy)
 */
export function inviteOutputs(
  invite: InviteRecord,
  inputs: Partial<InviteInputs>,
  adopted: boolean,
  now: number,
  declared: Declared,
): InviteOutputs {
  return {
    ...inviteInfo(invite, now),
    adopted,
    memberIdentity: null,
    ...effectiveSwitches(inputs),
    ...declaredOutputs(declared),
  };
}

/**
 * Outputs for an invitee who is (or has become) an active member.
 * @param previous the recorded outputs, when the invite was recorded before
 * @param inputs where the switches come from
 * @param declared what the program declared (kept beside the service's copy)
 */
export function acceptedOutputs(
  member: MemberRecord,
  previous: Pick<InviteOutputs, "identity" | "message" | "expiryTime" | "adopted"> | undefined,
  inputs: Partial<InviteInputs>,
  declared: Declared,
): InviteOutputs {
  return {
    identity: previous?.identity ?? member.identity,
    email: member.email,
    message: previous?.message ?? inputs.message ?? "",
    expiryTime: previous?.expiryTime ?? null,
    status: "accepted",
    adopted: previous?.adopted ?? false,
    memberIdentity: member.identity,
    ...effectiveSwitches(inputs),
    ...declaredOutputs(declared),
  };
}
