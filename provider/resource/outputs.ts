import type { Invite as WireInvite, Member } from "../client";
import { INVITE_DEFAULTS, InviteInputs } from "./inputs";

/** Where an invite stands. */
export type InviteStatus = "pending" | "expired" | "accepted";

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

/** Outputs for an invite that exists in DataTrails. */
export function inviteOutputs(
  invite: WireInvite,
  inputs: Partial<InviteInputs>,
  adopted: boolean,
  now: number,
): InviteOutputs {
  return {
    identity: invite.identity,
    email: invite.email,
    message: invite.message,
    expiryTime: invite.expiryTime,
    status: statusOf(invite.expiryTime, now),
    adopted,
    memberIdentity: null,
    ...effectiveSwitches(inputs),
  };
}

/** Outputs for an invitee who is (or has become) an active member. */
export function acceptedOutputs(
  member: Member,
  previous: Pick<InviteOutputs, "identity" | "message" | "expiryTime" | "adopted"> | undefined,
  inputs: Partial<InviteInputs>,
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
  };
}
