import * as pulumi from "@pulumi/pulumi";
import type { InviteArgs } from "./args";
import { INVITE } from "./kinds";
import type { InviteOutputFields } from "./output-fields";
import type { OutputProperties } from "./outputs";
import { inviteProvider } from "./provider";
import { resourceProps } from "./resource-props";

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
// The outputs are declared by merging with the interface of the same name below (from the kind's
// outputs, docs included), which a class cannot `implements` its way to.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Invite extends pulumi.dynamic.Resource {
  /**
   * @param name The unique name of the resource in the stack.
   * @param args Who is invited, and how.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: InviteArgs, opts?: pulumi.CustomResourceOptions) {
    super(inviteProvider, name, resourceProps(INVITE, args), opts, "datatrails", INVITE.name);
  }
}

/** The outputs of an {@link Invite}, each as the program sees it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Invite extends OutputProperties<InviteOutputFields> {}
