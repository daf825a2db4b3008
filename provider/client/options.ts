/**
 * Client options: what the caller may pass, and one frozen defaults object per option group. The
 * checks live in normalize-options.ts.
 */
import type { Logger } from "./logger";
import type { FetchLike } from "./transport";

/** Retry behaviour for requests that may be repeated. */
export interface RetryOptions {
  /** First backoff ceiling, in ms. @default 250 */
  baseDelayMs: number;
  /** Growth of the backoff ceiling per attempt. @default 2 */
  factor: number;
  /** Largest backoff ceiling, in ms. @default 20000 */
  maxDelayMs: number;
  /** Total time one operation may spend, retries and waits included, in ms. @default 120000 */
  budgetMs: number;
  /** Most attempts of one request, the first included; waits the server asks for (429) are bounded by `budgetMs` alone. @default 10 */
  maxAttempts: number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  baseDelayMs: 250,
  factor: 2,
  maxDelayMs: 20_000,
  budgetMs: 120_000,
  maxAttempts: 10,
});

/** HTTP transport behaviour. */
export interface TransportOptions {
  /** Time allowed for one request, from sending to the last byte of the body, in ms. @default 30000 */
  timeoutMs: number;
  /** Most requests one client has in flight at once. @default 8 */
  maxInFlight: number;
  /** Text appended to the User-Agent, e.g. `"my-program/1.2"`. @default "" */
  userAgentSuffix: string;
}

/** Defaults of {@link TransportOptions}. */
export const DEFAULT_TRANSPORT: Readonly<TransportOptions> = Object.freeze({
  timeoutMs: 30_000,
  maxInFlight: 8,
  userAgentSuffix: "",
});

/**
 * The service URL used when none is given: the one default, for the client and the provider.
 * @default "https://app.datatrails.ai"
 */
export const DEFAULT_URL = "https://app.datatrails.ai";

/** API locations. */
export interface EndpointOptions {
  /** Service base URL. @default "https://app.datatrails.ai" */
  url: string;
  /** Invites collection path. @default "/archivist/iam/v1/invites" */
  invitesPrefix: string;
  /**
   * Invites collection path tried once when `invitesPrefix` answers 404; `null` disables it.
   * @default "/archivist/v1/invites"
   */
  invitesPrefixFallback: string | null;
  /** Members collection path. @default "/archivist/iam/v1/members" */
  membersPath: string;
  /** OAuth2 client-credentials token endpoint path. @default "/archivist/iam/v1/appidp/token" */
  tokenPath: string;
  /** Caps (quotas) path. @default "/archivist/v1/caps" */
  capsPath: string;
}

/** Defaults of {@link EndpointOptions}. */
export const DEFAULT_ENDPOINTS: Readonly<EndpointOptions> = Object.freeze({
  url: DEFAULT_URL,
  invitesPrefix: "/archivist/iam/v1/invites",
  invitesPrefixFallback: "/archivist/v1/invites",
  membersPath: "/archivist/iam/v1/members",
  tokenPath: "/archivist/iam/v1/appidp/token",
  capsPath: "/archivist/v1/caps",
});

/** Access-token renewal for client credentials. */
export interface AuthOptions {
  /** Renew this long before a token expires, in ms (at most 10% of the token's lifetime). @default 60000 */
  renewBeforeMs: number;
}

/** Defaults of {@link AuthOptions}. */
export const DEFAULT_AUTH: Readonly<AuthOptions> = Object.freeze({
  renewBeforeMs: 60_000,
});

/** Paging defaults. */
export interface PagingOptions {
  /** Entries per page requested from the service. @default 100 */
  pageSize: number;
}

/** Defaults of {@link PagingOptions}. */
export const DEFAULT_PAGING: Readonly<PagingOptions> = Object.freeze({
  pageSize: 100,
});

/** One attempt of one request, reported to {@link DataTrailsClientOptions.onAttempt}. */
export interface AttemptInfo {
  method: string;
  /** Request path, without the query. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Response status, when a response arrived. */
  status?: number;
  /** Error name, when the attempt failed without a usable response. */
  error?: string;
  /** Backoff before the next attempt, when one follows, in ms. */
  delayMs?: number;
  /** Wait the server asked for (rate-limit headers), in ms. */
  serverDelayMs?: number;
}

/** Options of `new DataTrailsClient(...)`. Exactly one way to authenticate must be given. */
export interface DataTrailsClientOptions {
  /** Service base URL; `http://` is only accepted for loopback hosts. @default "https://app.datatrails.ai" */
  url?: string;
  /** A bearer access token. Used first when several credentials are given. */
  token?: string;
  /** Path of a file holding a token, bare or as the line `Authorization: Bearer <token>`. */
  tokenFile?: string;
  /** App registration client id (with `clientSecret`). */
  clientId?: string;
  /** App registration client secret (with `clientId`). */
  clientSecret?: string;
  /** Invites collection path. @default "/archivist/iam/v1/invites" */
  invitesPrefix?: string;
  /** Fallback invites collection path, `null` to disable. @default "/archivist/v1/invites" */
  invitesPrefixFallback?: string | null;
  /** Members collection path. @default "/archivist/iam/v1/members" */
  membersPath?: string;
  /** Token endpoint path. @default "/archivist/iam/v1/appidp/token" */
  tokenPath?: string;
  /** Caps (quotas) path. @default "/archivist/v1/caps" */
  capsPath?: string;
  /** Retry tuning, merged over {@link DEFAULT_RETRY}. */
  retry?: Partial<RetryOptions>;
  /** Transport tuning, merged over {@link DEFAULT_TRANSPORT}. */
  transport?: Partial<TransportOptions>;
  /** Token renewal tuning, merged over {@link DEFAULT_AUTH}. */
  auth?: Partial<AuthOptions>;
  /** Paging tuning, merged over {@link DEFAULT_PAGING}. */
  paging?: Partial<PagingOptions>;
  /** Where warnings and debug lines go. @default no logging */
  logger?: Logger;
  /**
   * The fetch the client sends with: any standard fetch, e.g. Node's global `fetch`. The timeout, the
   * in-flight limit and never following a redirect apply to every fetch; the keep-alive agents
   * (`agent` in the init) are node-fetch's extension, which other fetches ignore, keeping connections
   * their own way. TLS certificates are verified either way.
   * @default node-fetch 3, over keep-alive agents
   */
  fetch?: FetchLike;
  /** Current time in epoch ms; measures the retry budget and token expiry. @default Date.now */
  now?: () => number;
  /** Waits between retries. @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
  /** Called after every attempt of every request (tests, metrics). */
  onAttempt?: (info: AttemptInfo) => void;
  /**
   * Awaited before every request that may change the tenancy (every method but GET; the token
   * exchange is not one): a rejection is thrown from the call, and that request is never sent.
   */
  beforeWrite?: (request: WriteRequest) => Promise<void>;
}

/** A request about to change the tenancy, as {@link DataTrailsClientOptions.beforeWrite} sees it. */
export interface WriteRequest {
  /** `POST`, `PATCH`, `DELETE`. */
  method: string;
  /** The path, e.g. `/archivist/iam/v1/invites`. */
  path: string;
}

/** Which credentials the client uses. */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "tokenFile"; path: string }
  | { kind: "clientCredentials"; clientId: string; clientSecret: string };

/**
 * Options after {@link normalizeClientOptions}: complete, checked, defaults applied.
 */
export interface NormalizedClientOptions {
  /** Endpoints; `url` has no trailing slash. */
  endpoints: EndpointOptions;
  credentials: Credentials;
  retry: RetryOptions;
  transport: TransportOptions;
  /** Token renewal settings. */
  auth: AuthOptions;
  paging: PagingOptions;
  /** The user's logger wrapped so every line is redacted and both methods are always there. */
  logger: Required<Logger>;
  /** `undefined`: node-fetch. */
  fetch: FetchLike | undefined;
  /** Current time, epoch ms. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Random number in [0, 1). */
  random: () => number;
  onAttempt: ((info: AttemptInfo) => void) | undefined;
  /** Awaited before every non-GET request. */
  beforeWrite: ((request: WriteRequest) => Promise<void>) | undefined;
}
