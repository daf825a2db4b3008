/**
 * pulumi-datatrails-invites: declare who is invited into a DataTrails tenancy as Pulumi resources.
 *
 * @packageDocumentation
 */
export * from "./resource";
export * from "./invitees";
export {
  DataTrailsClient,
  DataTrailsConfigError,
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  DataTrailsTimeoutError,
  DEFAULT_AUTH,
  DEFAULT_ENDPOINTS,
  DEFAULT_PAGING,
  DEFAULT_RETRY,
  DEFAULT_TRANSPORT,
  isNotFound,
  MAX_EMAIL_LENGTH,
  MAX_MESSAGE_LENGTH,
  parseRetryAfter,
  parseDelaySeconds,
} from "./client";
export type {
  CreateInviteInput,
  CreateInviteOptions,
  DataTrailsClientOptions,
  Invite as InviteRecord,
  ListInvitesOptions,
  ListMembersOptions,
  Logger,
  Member,
  MemberState,
  RetryOptions,
  TransportOptions,
} from "./client";
