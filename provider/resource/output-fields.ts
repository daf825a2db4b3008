// Generated from the kinds' tables (provider/resource/kinds/) by `npm run gen:types`: do not edit. Each
// member's type and docs are its output's in the table.
import type { AccessPermissionRecord, PolicyFilter } from "../client";

/** The outputs of an {@link Invite} as its table declares them. */
export interface InviteOutputFields {
  /** The invite's identity (`invites/<uuid>`), or the member's when no invite was needed. */
  identity: string;
  /** The invitee's email address as DataTrails stored it. */
  email: string;
  /** The message sent with the invite ("" for none). */
  message: string;
  /** When the invite expires (RFC 3339 UTC); absent when the person was already a member. */
  expiryTime: string | null;
  /** `pending`, `expired` (after a refresh past the expiry) or `accepted` (the person joined). */
  status: "pending" | "expired" | "accepted";
  /** Whether this resource took over (or was imported from) an invite that already existed. */
  adopted: boolean;
  /** The member's identity once the person has joined; absent before. */
  memberIdentity: string | null;
}

/** The outputs of a {@link Member} as its table declares them. */
export interface MemberOutputFields {
  /** The email address as DataTrails stored it. */
  email: string;
  /** The message sent with the invite ("" for none). */
  message: string;
  /** `invited`, `expired`, `active` or `inactive`. */
  status: "invited" | "expired" | "active" | "inactive";
  /** The invite sent or adopted (`invites/<uuid>`); absent when none was needed. */
  inviteIdentity: string | null;
  /** The membership (`members/<uuid>`) once the person has joined; absent before. */
  memberIdentity: string | null;
  /** The roles the member holds (empty until they have joined). */
  roles: string[];
  /** The member's display name; absent until they have joined. */
  displayName: string | null;
  /** When the invite expires (RFC 3339 UTC); absent once the person is a member. */
  expiryTime: string | null;
  /** Whether this resource took over (or was imported from) an invite that already existed. */
  adopted: boolean;
}

/** The outputs of an {@link AccessPolicy} as its table declares them. */
export interface AccessPolicyOutputFields {
  /** The policy's identity (`access_policies/<uuid>`). */
  identity: string;
  /** The tenancy holding the policy (`tenant/<uuid>`), as DataTrails set it. */
  tenant: string;
  /** The name as DataTrails stored it. */
  displayName: string;
  /** The description as DataTrails stored it ("" for none). */
  description: string;
  /** The filters as DataTrails stored them. */
  filters: PolicyFilter[];
  /** The permissions as DataTrails stored them (every list present, `[]` for none). */
  accessPermissions: AccessPermissionRecord[];
}
