/**
 * Client options: one defaults object per option group and one normaliser that checks every
 * option's shape before anything touches the network.
 */
import { isIP } from "node:net";
import { DataTrailsConfigError } from "./errors";
import type { FetchLike } from "./transport";

/** Where log lines go. Every line is redacted before it is passed on. */
export interface Logger {
  /** Problems the user should fix, e.g. a token file readable by others. */
  warn?(message: string): void;
  /** Retry decisions and token renewals. */
  debug?(message: string): void;
}

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
}

/** Defaults of {@link EndpointOptions}. */
export const DEFAULT_ENDPOINTS: Readonly<EndpointOptions> = Object.freeze({
  url: "https://app.datatrails.ai",
  invitesPrefix: "/archivist/iam/v1/invites",
  invitesPrefixFallback: "/archivist/v1/invites",
  membersPath: "/archivist/iam/v1/members",
  tokenPath: "/archivist/iam/v1/appidp/token",
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
  /** Request method. */
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
  /** Replaces node-fetch (tests). @default node-fetch with keep-alive agents */
  fetch?: FetchLike;
  /** Current time in epoch ms; measures the retry budget and token expiry. @default Date.now */
  now?: () => number;
  /** Waits between retries. @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
  /** Called after every attempt of every request (tests, metrics). */
  onAttempt?: (info: AttemptInfo) => void;
}

/** Which credentials the client uses. */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "tokenFile"; path: string }
  | { kind: "clientCredentials"; clientId: string; clientSecret: string };

/** Options after {@link normalizeClientOptions}: complete, checked, defaults applied. */
export interface NormalizedClientOptions {
  /** Endpoints; `url` has no trailing slash. */
  endpoints: EndpointOptions;
  /** Chosen credentials. */
  credentials: Credentials;
  /** Retry settings. */
  retry: RetryOptions;
  /** Transport settings. */
  transport: TransportOptions;
  /** Token renewal settings. */
  auth: AuthOptions;
  /** Paging settings. */
  paging: PagingOptions;
  /** Logger (never undefined; methods may be). */
  logger: Logger;
  /** Injected fetch, if any. */
  fetch: FetchLike | undefined;
  /** Clock. */
  now: () => number;
  /** Sleep. */
  sleep: (ms: number) => Promise<void>;
  /** Random source. */
  random: () => number;
  /** Attempt hook. */
  onAttempt: ((info: AttemptInfo) => void) | undefined;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function fail(field: string, problem: string, fix: string): never {
  throw new DataTrailsConfigError(`Invalid DataTrails client option "${field}": ${problem}. ${fix}`, field);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string") {
    fail(field, `expected a string, got ${typeof value}`, "Pass a string or leave it out.");
  }
  return value;
}

function optionalFunction<T>(value: unknown, field: string): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "function") {
    fail(field, `expected a function, got ${typeof value}`, "Pass a function or leave it out.");
  }
  return value as T;
}

function numberGroup<T extends object>(
  value: unknown,
  defaults: Readonly<T>,
  group: string,
  rules: { [K in keyof T]?: { min: number; integer?: boolean } },
): T {
  if (value === undefined) {
    return { ...defaults };
  }
  if (!isObject(value)) {
    fail(group, "expected an object", `Pass an object with some of: ${Object.keys(defaults).join(", ")}.`);
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, v] of Object.entries(value)) {
    const field = `${group}.${key}`;
    if (!(key in defaults)) {
      fail(field, "unknown option", `Known options: ${Object.keys(defaults).join(", ")}.`);
    }
    if (v === undefined) {
      continue;
    }
    const rule = (rules as Record<string, { min: number; integer?: boolean } | undefined>)[key];
    if (rule) {
      if (
        typeof v !== "number" ||
        !Number.isFinite(v) ||
        v < rule.min ||
        (rule.integer && !Number.isInteger(v))
      ) {
        fail(
          field,
          `expected a${rule.integer ? "n integer" : " number"} >= ${rule.min}, got ${JSON.stringify(v)}`,
          `Use e.g. ${JSON.stringify((defaults as Record<string, unknown>)[key])}.`,
        );
      }
    } else if (typeof v !== typeof (defaults as Record<string, unknown>)[key]) {
      fail(field, `expected a ${typeof (defaults as Record<string, unknown>)[key]}`, "Fix its type.");
    }
    out[key] = v;
  }
  return out as T;
}

/**
 * Whether `hostname` (as `URL.hostname` spells it) is a loopback address: `localhost`, 127.0.0.0/8
 * or `::1`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith("127.");
  }
  return host === "::1" || host === "0:0:0:0:0:0:0:1";
}

/**
 * Checks a base URL: http(s) only, plain http only for loopback, no credentials, query or fragment.
 *
 * @returns The URL without a trailing slash.
 */
export function normalizeBaseUrl(raw: unknown, field = "url"): string {
  if (typeof raw !== "string" || raw.trim() === "") {
    fail(field, "expected a non-empty URL string", 'Use e.g. "https://app.datatrails.ai".');
  }
  const text = raw.trim();
  // Never echo a user-info part (`user:password@`): the password is a secret, even in a bad URL.
  const masked = JSON.stringify(text.replace(/^([^/]*\/\/)[^/?#]*@/, "$1[REDACTED]@"));
  // eslint-disable-next-line no-control-regex
  const spaced = /[\s\u0000-\u001f\u007f]/.test(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(
      field,
      `${masked} is not a valid URL${spaced ? " (it contains white space or a control character)" : ""}`,
      'Use e.g. "https://app.datatrails.ai".',
    );
  }
  if (spaced) {
    fail(
      field,
      `${masked} contains white space or a control character`,
      'Remove it, e.g. "https://app.datatrails.ai".',
    );
  }
  if (url.username || url.password) {
    fail(
      field,
      "the URL carries a user name or password",
      "Remove them and give the credentials separately (a token, or a client id and secret).",
    );
  }
  const shown = url.href;
  if (
    isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 &&
    !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(url.hostname)
  ) {
    fail(
      field,
      `${shown} has a host (${JSON.stringify(url.hostname)}) that is not a DNS name or IP address`,
      'Remove any stray characters, e.g. "https://app.datatrails.ai".',
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    fail(field, `${shown} uses ${url.protocol.replace(/:$/, "")}, not http(s)`, "Use an https:// URL.");
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    fail(
      field,
      `${shown} is plain http to a non-loopback host, which would send the token unencrypted`,
      "Use https://, or http:// only for localhost / 127.0.0.1 / [::1] (an emulator).",
    );
  }
  if (url.search || url.hash) {
    fail(field, `${shown} has a query or fragment`, "Pass only scheme, host, port and optional base path.");
  }
  return url.href.replace(/\/+$/, "");
}

function normalizePath(value: unknown, field: string, fallback: string): string {
  const s = optionalString(value, field);
  if (s === undefined) {
    return fallback;
  }
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(s) || s.includes("..") || s.includes("//")) {
    fail(field, `${JSON.stringify(s)} is not an absolute URL path`, `Use e.g. "${fallback}".`);
  }
  return s.replace(/\/+$/, "");
}

function normalizeCredentials(o: Record<string, unknown>): Credentials {
  const token = optionalString(o.token, "token");
  const tokenFile = optionalString(o.tokenFile, "tokenFile");
  const clientId = optionalString(o.clientId, "clientId");
  const clientSecret = optionalString(o.clientSecret, "clientSecret");
  if (token !== undefined) {
    if (token.trim() === "" || /\s/.test(token.trim())) {
      fail(
        "token",
        "expected a bare access token (non-empty, no spaces)",
        'Pass the token without "Bearer ".',
      );
    }
    return { kind: "token", token: token.trim() };
  }
  if (tokenFile !== undefined) {
    if (tokenFile.trim() === "") {
      fail("tokenFile", "expected a file path", "Pass the path of the bearer token file.");
    }
    return { kind: "tokenFile", path: tokenFile };
  }
  if (clientId !== undefined || clientSecret !== undefined) {
    if (!clientId) {
      fail(
        "clientId",
        "missing or empty while clientSecret is set",
        "Pass the app registration's client id.",
      );
    }
    if (!clientSecret) {
      fail("clientSecret", "missing or empty while clientId is set", "Pass the app registration's secret.");
    }
    return { kind: "clientCredentials", clientId, clientSecret };
  }
  fail("token", "no credentials given", "Pass token, tokenFile, or clientId with clientSecret.");
}

const KNOWN_OPTIONS = new Set([
  "url",
  "token",
  "tokenFile",
  "clientId",
  "clientSecret",
  "invitesPrefix",
  "invitesPrefixFallback",
  "membersPath",
  "tokenPath",
  "retry",
  "transport",
  "auth",
  "paging",
  "logger",
  "fetch",
  "now",
  "sleep",
  "random",
  "onAttempt",
]);

/**
 * Checks `options` and fills in defaults. Throws a {@link DataTrailsConfigError} naming the field and
 * the fix for anything malformed, before any request is made.
 *
 * @param options - What the caller passed to the client.
 * @returns Complete options.
 */
export function normalizeClientOptions(options: DataTrailsClientOptions): NormalizedClientOptions {
  if (!isObject(options)) {
    fail("options", "expected an object", "Pass e.g. { url, clientId, clientSecret }.");
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key)) {
      fail(key, "unknown option", `Known options: ${[...KNOWN_OPTIONS].join(", ")}.`);
    }
  }
  const fallbackRaw = o.invitesPrefixFallback;
  const logger = o.logger;
  if (logger !== undefined && !isObject(logger)) {
    fail("logger", "expected an object with warn/debug methods", "Pass e.g. { warn: console.warn }.");
  }
  const retry = numberGroup<RetryOptions>(o.retry, DEFAULT_RETRY, "retry", {
    baseDelayMs: { min: 0 },
    factor: { min: 1 },
    maxDelayMs: { min: 0 },
    budgetMs: { min: 0 },
    maxAttempts: { min: 1, integer: true },
  });
  const transport = numberGroup<TransportOptions>(o.transport, DEFAULT_TRANSPORT, "transport", {
    timeoutMs: { min: 1 },
    maxInFlight: { min: 1, integer: true },
  });
  const auth = numberGroup<AuthOptions>(o.auth, DEFAULT_AUTH, "auth", { renewBeforeMs: { min: 0 } });
  const paging = numberGroup<PagingOptions>(o.paging, DEFAULT_PAGING, "paging", {
    pageSize: { min: 1, integer: true },
  });
  return {
    endpoints: {
      url: o.url === undefined ? DEFAULT_ENDPOINTS.url : normalizeBaseUrl(o.url),
      invitesPrefix: normalizePath(o.invitesPrefix, "invitesPrefix", DEFAULT_ENDPOINTS.invitesPrefix),
      invitesPrefixFallback:
        fallbackRaw === null
          ? null
          : normalizePath(
              fallbackRaw,
              "invitesPrefixFallback",
              DEFAULT_ENDPOINTS.invitesPrefixFallback as string,
            ),
      membersPath: normalizePath(o.membersPath, "membersPath", DEFAULT_ENDPOINTS.membersPath),
      tokenPath: normalizePath(o.tokenPath, "tokenPath", DEFAULT_ENDPOINTS.tokenPath),
    },
    credentials: normalizeCredentials(o),
    retry,
    transport,
    auth,
    paging,
    logger: (logger as Logger | undefined) ?? {},
    fetch: optionalFunction<FetchLike>(o.fetch, "fetch"),
    now: optionalFunction<() => number>(o.now, "now") ?? Date.now,
    sleep: optionalFunction<(ms: number) => Promise<void>>(o.sleep, "sleep") ?? defaultSleep,
    random: optionalFunction<() => number>(o.random, "random") ?? Math.random,
    onAttempt: optionalFunction<(info: AttemptInfo) => void>(o.onAttempt, "onAttempt"),
  };
}
