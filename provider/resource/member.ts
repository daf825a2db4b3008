import * as pulumi from "@pulumi/pulumi";
import type { MemberArgs } from "./args";
import { INVITE, MEMBER } from "./kinds";
import type { MemberOutputFields } from "./output-fields";
import type { OutputProperties } from "./outputs";
import { memberProvider } from "./provider";
import { resourceProps } from "./resource-props";

/**
 * One person declared from invite to membership. Creating it takes over the member with that email
 * (reactivating them if needed, no email sent) or invites the person; once they have joined, their
 * roles follow `owner`, and removing the resource applies `onRemove`.
 *
 * @example
 * ```ts
 * import { Member } from "pulumi-datatrails-invites";
 *
 * const alice = new Member("alice", {
 *   email: "alice@example.com",
 *   message: "Welcome",
 *   owner: true,
 *   onRemove: "deactivate",
 * });
 * export const aliceStatus = alice.status; // "invited", then "active" after she joins and you refresh
 * ```
 */
// The outputs are declared by merging with the interface of the same name below (from the kind's
// outputs, docs included), which a class cannot `implements` its way to.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Member extends pulumi.dynamic.Resource {
  /**
   * @param name The unique name of the resource in the stack (an `Invite` of this name moves here).
   * @param args Who, and what access they hold.
   * @param opts Standard Pulumi resource options; an alias of the `Invite` type is added.
   */
  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      memberProvider,
      name,
      resourceProps(MEMBER, args),
      // A stack that declared an `Invite` under the same name moves to the `Member` without a new
      // invite or a deleted one.
      { ...opts, aliases: [...(opts?.aliases ?? []), { type: INVITE.tokens.dynamic }] },
      "datatrails",
      MEMBER.name,
    );
  }
}

/** The outputs of a {@link Member}, each as the program sees it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Member extends OutputProperties<MemberOutputFields> {}
