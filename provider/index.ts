/**
 * pulumi-datatrails-invites: declare who is invited into a DataTrails tenancy as Pulumi resources.
 * Everything exported here is public API; nothing else is.
 *
 * @packageDocumentation
 */
export {
  getInvite,
  Invite,
  INVITE_DEFAULTS,
  InviteCreatedButFailedError,
  listInvites,
  type InviteArgs,
  type InviteInfo,
  type InviteOutputs,
  type InviteStatus,
  type ListInvitesArgs,
} from "./resource";
export {
  InviteeListError,
  Invitees,
  inviteResourceName,
  type InviteeDefaults,
  type InviteesArgs,
  type InviteeSpec,
} from "./invitees";
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
  isDataTrailsError,
  isHTTPError,
  isNotFound,
  CAP_SERVICES,
  MAX_EMAIL_LENGTH,
  MAX_MESSAGE_LENGTH,
  MEMBER_ROLES,
} from "./client";
/**
 * The provider object every `Invite` passes to Pulumi; exported (untyped) so tools can serialize it.
 * @internal
 */
export { inviteProvider } from "./resource";
export type {
  AttemptInfo,
  AuthOptions,
  Cap,
  CapService,
  CreateInviteInput,
  CreateInviteOptions,
  DataTrailsClientOptions,
  EndpointOptions,
  FetchInitLike,
  FetchLike,
  FetchResponseLike,
  HeadersLike,
  HTTPErrorInit,
  InviteRecord,
  ListInvitesOptions,
  ListMembersOptions,
  Logger,
  Member,
  MemberRole,
  MemberState,
  PagingOptions,
  RetryOptions,
  TransportOptions,
} from "./client";
