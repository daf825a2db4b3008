/**
 * Public surface of the DataTrails API client, then the internals the provider and the tests use
 * (each tagged internal, so the published types leave them out).
 *
 * @packageDocumentation
 */
export { DataTrailsClient } from "./client";
export type {
  AttemptInfo,
  AuthOptions,
  Credentials,
  DataTrailsClientOptions,
  EndpointOptions,
  PagingOptions,
  RetryOptions,
  TransportOptions,
  WriteRequest,
} from "./options";
export type { NormalizedClientOptions } from "./options";
export type { Logger } from "./logger";
export {
  DEFAULT_AUTH,
  DEFAULT_ENDPOINTS,
  DEFAULT_PAGING,
  DEFAULT_RETRY,
  DEFAULT_TRANSPORT,
  DEFAULT_URL,
} from "./options";
export type {
  Cap,
  CapService,
  CreateInviteInput,
  CreateInviteOptions,
  InviteRecord,
  ListInvitesOptions,
  ListMembersOptions,
  MemberRecord,
  MemberRole,
  MemberState,
} from "./types";
export { CAP_SERVICES, MEMBER_ROLES } from "./types";
export type { Tenancy } from "./tenancies";
export type {
  AccessPermission,
  AccessPermissionRecord,
  AccessPolicyChanges,
  AccessPolicyInput,
  AccessPolicyRecord,
  AssetRecord,
  ListAccessPoliciesOptions,
  ListPolicyAssetsOptions,
  PermissionListField,
  PolicyFilter,
  PolicyOrder,
} from "./access-policy-types";
export {
  GRANTING_PERMISSION_FIELDS,
  PERMISSION_LIST_FIELDS,
  POLICY_FIELDS,
  POLICY_ORDERS,
} from "./access-policy-types";
export {
  MAX_POLICY_CREATE_NAME_LENGTH,
  MAX_POLICY_DESCRIPTION_LENGTH,
  MAX_POLICY_NAME_LENGTH,
} from "./access-policy-input";
export { ACCESS_POLICIES_PATH, POLICY_MAY_HAVE_BEEN_CREATED } from "./access-policies";
export {
  DataTrailsConfigError,
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  DataTrailsTimeoutError,
  isDataTrailsError,
  isHTTPError,
  isNotFound,
} from "./errors";
export type { HTTPErrorInit } from "./errors";
export { MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from "./invite-fields";
export type { FetchInitLike, FetchLike, FetchResponseLike, HeadersLike } from "./transport";

// Internals: tagged @internal here and where declared, so stripInternal drops them from the
// published types; the tests import them from this module.
/** @internal */
export {
  describe,
  emailReason,
  emailValueReason,
  messageProblem,
  messageValueReason,
  minimalEmailProblem,
  notAStringReason,
  preview,
} from "./invite-fields";
/** @internal */
export { checkCapService, checkRoles, emailKey, inviteUuid, memberUuid } from "./input";
/** @internal */
export { parseCapCount } from "./wire";
/** @internal */
export { createPolicyBody, policyPatch, policyUuid } from "./access-policy-input";
/** @internal */
export type { WirePolicyBody, WirePolicyPatch } from "./access-policy-input";
/** @internal */
export { normalizeBaseUrl } from "./base-url";
/** @internal */
export { normalizeClientOptions } from "./normalize-options";
/** @internal */
export { selectCredentials } from "./credentials";
/** @internal */
export type { CredentialChoice, GivenCredentials } from "./credentials";
/** @internal */
export { parseTokenFile, tokenFileProblem } from "./auth";
/** @internal */
export type { TokenFileProblem, TokenSource } from "./auth";
/** @internal */
export { parseDelaySeconds, parseRetryAfter, serverRequestedDelay } from "./retry-after";
/** @internal */
export { collect } from "./paging";
/** @internal */
export { isRecord } from "./is-record";
/** @internal */
export { redact, registerSecret, REDACTED } from "./redact";
/** @internal */
export { redactingLogger } from "./logger";
/** @internal */
export { userAgent } from "./transport";
/** @internal */
export { packageVersion } from "./package-version";
/** @internal */
export { TENANCY_IDENTITY, TENANCY_SELF_PATH } from "./tenancies";
