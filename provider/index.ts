/**
 * pulumi-datatrails-invites: declare who is invited into a DataTrails tenancy as Pulumi resources.
 * Everything exported here is public API; nothing else is.
 *
 * @packageDocumentation
 */
export {
  AccessPolicy,
  getInvite,
  Invite,
  INVITE_DEFAULTS,
  InviteCapError,
  InviteCreatedButFailedError,
  listInvites,
  Member,
  MEMBER_DEFAULTS,
  OWNER_ROLE,
  PolicyCapError,
  type AccessPolicyArgs,
  type AccessPolicyOutputs,
  type OnRemove,
  type InviteArgs,
  type InviteInfo,
  type InviteOutputs,
  type InviteStatus,
  type ListInvitesArgs,
  type MemberArgs,
  type MemberOutputs,
  type MemberStatus,
} from "./resource";
export {
  InviteeListError,
  Invitees,
  inviteResourceName,
  type InviteeDefaults,
  type InviteeStatus,
  type InviteesArgs,
  type InviteeSpec,
  type PolicyTemplate,
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
/**
 * The provider object every `Member` passes to Pulumi; exported (untyped) so tools can serialize it.
 * @internal
 */
export { memberProvider } from "./resource";
/**
 * The provider object every `AccessPolicy` passes to Pulumi; exported (untyped) so tools can serialize it.
 * @internal
 */
export { accessPolicyProvider } from "./resource";
export type {
  AccessPermission,
  AccessPermissionRecord,
  AccessPolicyRecord,
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
  MemberRecord,
  MemberRole,
  MemberState,
  PagingOptions,
  PermissionListField,
  PolicyFilter,
  RetryOptions,
  TransportOptions,
} from "./client";
