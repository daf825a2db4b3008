import * as pulumi from "@pulumi/pulumi";
import { INVITE } from "./kinds";
import type { InviteStatus } from "./outputs";
import { inviteProvider } from "./provider";
import { resourceProps } from "./resource-props";

/** The arguments of an {@link Invite}. */
export interface InviteArgs {
  /** The invitee's email address (trimmed; at most 128 characters). Changing it replaces the invite. */
  email: pulumi.Input<string>;
  /** Text inserted into the invitation email (at most 256 characters). Changing it re-sends the invite. */
  message?: pulumi.Input<string>;
  /**
   * Take over a pending invite that already exists for this email (made by hand or by another stack)
   * instead of failing; no second email is sent.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * When the invite has expired unaccepted, replace it on the next `up` so the invitee gets a fresh one.
   * @default true
   */
  renewExpired?: pulumi.Input<boolean>;
}

/**
 * One person invited into a DataTrails tenancy. Creating it sends the invitation email (unless the
 * person is already a member, or holds a pending invite you `adopt`); deleting it withdraws a pending
 * invite but never removes a member. Invites cannot be edited, so a new email or message replaces it.
 *
 * Credentials come from stack config (`datatrails:clientId` and secret `datatrails:clientSecret`,
 * or `datatrails:token` / `datatrails:tokenFile`) or the matching `DATATRAILS_*` environment variables.
 *
 * @example
 * ```ts
 * import { Invite } from "pulumi-datatrails-invites";
 *
 * const alice = new Invite("alice", {
 *   email: "alice@example.com",
 *   message: "Welcome to the audit tenancy",
 * });
 * export const aliceStatus = alice.status; // "pending", then "accepted" after a refresh
 * ```
 */
export class Invite extends pulumi.dynamic.Resource {
  /** The invite's identity (`invites/<uuid>`), or the member's when no invite was needed. */
  declare public readonly identity: pulumi.Output<string>;
  /** The invitee's email address as DataTrails stored it. */
  declare public readonly email: pulumi.Output<string>;
  /** The message sent with the invite (`""` for none). */
  declare public readonly message: pulumi.Output<string>;
  /** When the invite expires (RFC 3339 UTC); `null` when the person was already a member. */
  declare public readonly expiryTime: pulumi.Output<string | null>;
  /** `pending`, `expired` (after a refresh past the expiry) or `accepted` (the person joined). */
  declare public readonly status: pulumi.Output<InviteStatus>;
  /** Whether this resource took over an invite that already existed. */
  declare public readonly adopted: pulumi.Output<boolean>;
  /** The member's identity once the person has joined, else `null`. */
  declare public readonly memberIdentity: pulumi.Output<string | null>;

  /**
   * @param name The unique name of the resource in the stack.
   * @param args Who is invited, and how.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: InviteArgs, opts?: pulumi.CustomResourceOptions) {
    super(inviteProvider, name, resourceProps(INVITE, args), opts, "datatrails", INVITE.name);
  }
}
