import * as pulumi from "@pulumi/pulumi";
import { INVITE, MEMBER, type OnRemove } from "./kinds";
import type { MemberStatus } from "./outputs";
import { memberProvider } from "./provider";
import { resourceProps } from "./resource-props";

/** The arguments of a {@link Member}. */
export interface MemberArgs {
  /** The person's email address (trimmed; at most 128 characters). */
  email: pulumi.Input<string>;
  /** Text inserted into the invitation email (at most 256 characters). */
  message?: pulumi.Input<string>;
  /**
   * Once the person has joined, they hold the `OWNER` role exactly when this is true.
   * @default false
   */
  owner?: pulumi.Input<boolean>;
  /**
   * What removing this resource does to someone who joined: `"keep"` forgets them (their access
   * stays), `"deactivate"` deactivates their membership. A pending invite is always withdrawn.
   * @default "keep"
   */
  onRemove?: pulumi.Input<OnRemove>;
  /**
   * Take over a pending invite that already exists for this email instead of failing.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Replace an invite that expired unaccepted on the next `up`.
   * @default true
   */
  renewExpired?: pulumi.Input<boolean>;
}

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
export class Member extends pulumi.dynamic.Resource {
  /** The email address as DataTrails stored it. */
  declare public readonly email: pulumi.Output<string>;
  /** The message sent with the invite (`""` for none). */
  declare public readonly message: pulumi.Output<string>;
  /** `invited`, `expired`, `active` or `inactive`. */
  declare public readonly status: pulumi.Output<MemberStatus>;
  /** The invite sent or adopted (`invites/<uuid>`), `null` when none was needed. */
  declare public readonly inviteIdentity: pulumi.Output<string | null>;
  /** The membership (`members/<uuid>`) once the person has joined, else `null`. */
  declare public readonly memberIdentity: pulumi.Output<string | null>;
  /** The roles the member holds (`[]` until they have joined). */
  declare public readonly roles: pulumi.Output<string[]>;
  /** The member's display name, `null` until they have joined. */
  declare public readonly displayName: pulumi.Output<string | null>;
  /** When the invite expires (RFC 3339 UTC), `null` once the person is a member. */
  declare public readonly expiryTime: pulumi.Output<string | null>;
  /** Whether this resource took over an invite that already existed. */
  declare public readonly adopted: pulumi.Output<boolean>;

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
