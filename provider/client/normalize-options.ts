/**
 * The one normaliser of client options: checks every option's shape and fills in the defaults,
 * before anything touches the network.
 */
import { normalizeBaseUrl } from "./base-url";
import { selectCredentials } from "./credentials";
import { invalidOption as fail } from "./errors";
import { isRecord } from "./is-record";
import { redactingLogger } from "./logger";
import {
  DEFAULT_AUTH,
  DEFAULT_ENDPOINTS,
  DEFAULT_PAGING,
  DEFAULT_RETRY,
  DEFAULT_TRANSPORT,
  type AttemptInfo,
  type AuthOptions,
  type Credentials,
  type DataTrailsClientOptions,
  type NormalizedClientOptions,
  type PagingOptions,
  type RetryOptions,
  type TransportOptions,
  type WriteRequest,
} from "./options";
import type { FetchLike } from "./transport";

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  if (!isRecord(value)) {
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
  const choice = selectCredentials({
    token: optionalString(o.token, "token"),
    tokenFile: optionalString(o.tokenFile, "tokenFile"),
    clientId: optionalString(o.clientId, "clientId"),
    clientSecret: optionalString(o.clientSecret, "clientSecret"),
  });
  if (choice.kind === "none") {
    fail("token", "no credentials given", "Pass token, tokenFile, or clientId with clientSecret.");
  }
  if (choice.kind === "incomplete") {
    if (choice.missing === "clientId") {
      fail(
        "clientId",
        "missing or empty while clientSecret is set",
        "Pass the app registration's client id.",
      );
    }
    fail("clientSecret", "missing or empty while clientId is set", "Pass the app registration's secret.");
  }
  const chosen = choice.credentials;
  if (chosen.kind === "token") {
    const token = chosen.token.trim();
    if (token === "" || /\s/.test(token)) {
      fail(
        "token",
        "expected a bare access token (non-empty, no spaces)",
        'Pass the token without "Bearer ".',
      );
    }
    return { kind: "token", token };
  }
  if (chosen.kind === "tokenFile" && chosen.path.trim() === "") {
    fail("tokenFile", "expected a file path", "Pass the path of the bearer token file.");
  }
  return chosen;
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
  "capsPath",
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
  "beforeWrite",
]);

/**
 * Checks `options` and fills in defaults. Throws a {@link DataTrailsConfigError} naming the field and
 * the fix for anything malformed, before any request is made.
 *
 * @param options - What the caller passed to the client.
 * @returns Complete options.
 * @internal
 */
export function normalizeClientOptions(options: DataTrailsClientOptions): NormalizedClientOptions {
  if (!isRecord(options)) {
    fail("options", "expected an object", "Pass e.g. { url, clientId, clientSecret }.");
  }
  const o = options;
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key)) {
      fail(key, "unknown option", `Known options: ${[...KNOWN_OPTIONS].join(", ")}.`);
    }
  }
  const fallbackRaw = o.invitesPrefixFallback;
  const logger = o.logger;
  if (logger !== undefined && !isRecord(logger)) {
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
      capsPath: normalizePath(o.capsPath, "capsPath", DEFAULT_ENDPOINTS.capsPath),
    },
    credentials: normalizeCredentials(o),
    retry,
    transport,
    auth,
    paging,
    logger: redactingLogger(logger),
    fetch: optionalFunction<FetchLike>(o.fetch, "fetch"),
    now: optionalFunction<() => number>(o.now, "now") ?? Date.now,
    sleep: optionalFunction<(ms: number) => Promise<void>>(o.sleep, "sleep") ?? defaultSleep,
    random: optionalFunction<() => number>(o.random, "random") ?? Math.random,
    onAttempt: optionalFunction<(info: AttemptInfo) => void>(o.onAttempt, "onAttempt"),
    beforeWrite: optionalFunction<(request: WriteRequest) => Promise<void>>(o.beforeWrite, "beforeWrite"),
  };
}
