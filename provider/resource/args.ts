// Generated from the kinds' tables (provider/resource/kinds/) by `npm run gen:types`: do not edit. Each
// member's type is its table's, its docs the field's `docs` with the default.
import type { AccessPolicyFieldArgs, InviteFieldArgs, MemberFieldArgs } from "./kinds";

/** The arguments of an {@link Invite}. */
export interface InviteArgs extends InviteFieldArgs {
  /** The invitee's email address (trimmed; at most 128 characters). Changing it replaces the invite. */
  email: Required<InviteFieldArgs>["email"];
  /** Text inserted into the invitation email (at most 256 characters). Changing it re-sends the invite. */
  message?: Required<InviteFieldArgs>["message"];
  /**
   * Take over a pending invite that already exists for this email instead of failing; no second email is
   * sent.
   * @default false
   */
  adopt?: Required<InviteFieldArgs>["adopt"];
  /**
   * Replace an invite that expired unaccepted on the next update.
   * @default true
   */
  renewExpired?: Required<InviteFieldArgs>["renewExpired"];
}

/** The arguments of a {@link Member}. */
export interface MemberArgs extends MemberFieldArgs {
  /** The person's email address (trimmed; at most 128 characters). */
  email: Required<MemberFieldArgs>["email"];
  /** Text inserted into the invitation email (at most 256 characters). */
  message?: Required<MemberFieldArgs>["message"];
  /**
   * Take over a pending invite that already exists for this email instead of failing.
   * @default false
   */
  adopt?: Required<MemberFieldArgs>["adopt"];
  /**
   * Replace an invite that expired unaccepted on the next update.
   * @default true
   */
  renewExpired?: Required<MemberFieldArgs>["renewExpired"];
  /**
   * Once the person has joined, they hold the OWNER role exactly when this is true.
   * @default false
   */
  owner?: Required<MemberFieldArgs>["owner"];
  /**
   * What removing this resource does to someone who joined: `keep` forgets them (their access stays),
   * `deactivate` deactivates their membership. A pending invite is always withdrawn.
   * @default "keep"
   */
  onRemove?: Required<MemberFieldArgs>["onRemove"];
}

/** The arguments of an {@link AccessPolicy}. */
export interface AccessPolicyArgs extends AccessPolicyFieldArgs {
  /** The policy's name as the web UI shows it (at most 128 characters). */
  displayName: Required<AccessPolicyFieldArgs>["displayName"];
  /** What the policy is for (at most 4096 characters). */
  description?: Required<AccessPolicyFieldArgs>["description"];
  /** Which assets the policy covers: every clause must match, any term of a clause may. */
  filters: Required<AccessPolicyFieldArgs>["filters"];
  /** What the policy grants, and to whom (at least one permission). */
  accessPermissions: Required<AccessPolicyFieldArgs>["accessPermissions"];
}
