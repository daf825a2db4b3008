/**
 * A DataTrails invite, as the client returns it (wire field names mapped to camelCase).
 */
export interface InviteRecord {
  /** `invites/<uuid>`: the invite's identity. */
  identity: string;
  /** Invitee's email address, as the service stored it. */
  email: string;
  /** Text inserted into the invitation email; `""` when none was sent. */
  message: string;
  /** When the invite expires, RFC 3339 UTC, set by the service. */
  expiryTime: string;
}

/**
 * A member (user) of the tenancy.
 */
export interface Member {
  /** `members/<uuid>`. */
  identity: string;
  /** Display name; `""` when the service sends none. */
  displayName: string;
  /** Email address of the member. */
  email: string;
  /** Whether the membership is active. */
  active: boolean;
  /** Roles the member holds (e.g. `OWNER`). */
  roles: string[];
}

/** What is sent to create an invite. */
export interface CreateInviteInput {
  /** Invitee's email address (at most 128 characters). */
  email: string;
  /** Text for the invitation email (at most 256 characters). */
  message?: string;
}

/** How {@link CreateInviteInput} is sent. */
export interface CreateInviteOptions {
  /**
   * Identities of the invites the caller knows exist for this email right now (from its own fresh
   * listing). Given, the client skips its own listing before sending; after a create whose outcome is
   * unknown, any other invite for the email counts as the one this call created.
   * @default the client lists the invites for the email before sending
   */
  knownIdentities?: readonly string[];
}

/** Filters and paging for listing invites. */
export interface ListInvitesOptions {
  /** Only invites for this email address. */
  email?: string;
  /** Entries per page requested from the service. @default 100 */
  pageSize?: number;
}

/** Which members to list. */
export type MemberState =
  "MEMBER_STATE_UNSPECIFIED" | "MEMBER_STATE_ACTIVE" | "MEMBER_STATE_INACTIVE" | "MEMBER_STATE_BOTH";

/** Filters and paging for listing members. */
export interface ListMembersOptions {
  /** Which membership states to list. @default "MEMBER_STATE_BOTH" */
  memberState?: MemberState;
  /** Entries per page requested from the service. @default 100 */
  pageSize?: number;
}
