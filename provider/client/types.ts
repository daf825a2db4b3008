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
 * A member (user) of the tenancy, as the client returns it. (`Member` is the Pulumi resource that
 * declares one.)
 */
export interface MemberRecord {
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

/** The roles a member may hold, as the Members API names them (`OWNER`: an administrator). */
export const MEMBER_ROLES = ["OWNER", "ROLE_UNSPECIFIED"] as const;

/** A role a member may hold: `OWNER` (every current and future role) or `ROLE_UNSPECIFIED`. */
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The services whose caps (quotas) the client reads. */
export const CAP_SERVICES = ["invites", "members", "access_policies"] as const;

/** A service whose caps the client reads: `invites`, `members` or `access_policies`. */
export type CapService = (typeof CAP_SERVICES)[number];

/** One capped resource of a service, as the caps route reports it. */
export interface Cap {
  /** What is capped, as the service names it (e.g. `Invites`). */
  resourceType: string;
  /** How many more may be created before the service refuses (402). */
  remaining: number;
  /** The cap itself. */
  cap: number;
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
