/**
 * Public surface of the DataTrails API client.
 *
 * @packageDocumentation
 */
export { DataTrailsClient } from "./client";
export { inviteUuid, MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from "./input";
export { DEFAULT_AUTH, DEFAULT_ENDPOINTS, DEFAULT_PAGING, DEFAULT_RETRY, DEFAULT_TRANSPORT } from "./options";
export { isLoopbackHost, normalizeBaseUrl } from "./base-url";
export { normalizeClientOptions } from "./normalize-options";
export type {
  AttemptInfo,
  AuthOptions,
  Credentials,
  DataTrailsClientOptions,
  EndpointOptions,
  Logger,
  NormalizedClientOptions,
  PagingOptions,
  RetryOptions,
  TransportOptions,
} from "./options";
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
export { parseTokenFile } from "./auth";
export type { TokenSource } from "./auth";
export { parseDelaySeconds, parseRetryAfter, serverRequestedDelay } from "./retry-after";
export { backoffDelay, isRetryableStatus } from "./retry";
export { collect } from "./paging";
export { redact, registerSecret, REDACTED } from "./redact";
export { userAgent, packageVersion } from "./transport";
export type { FetchInitLike, FetchLike, FetchResponseLike, HeadersLike } from "./transport";
export type * from "./types";
