/**
 * The client's one error family. Every failure the client reports is a {@link DataTrailsError};
 * every message, property and stack passes through `redact()` so no secret can leak.
 */
import { STATUS_CODES } from "node:http";
import { redact, redactError } from "./redact";

/** Longest response body text kept on an error. */
const MAX_BODY_SNIPPET = 200;

/** Base class of every error the client throws. */
export class DataTrailsError extends Error {
  /** Class name, kept explicit so it survives bundling and minification. */
  override name = "DataTrailsError";

  /**
   * @param message - Human-readable description; secrets are masked.
   * @param options - `cause`: the underlying error, whose message and stack are masked in place.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: redactError(options.cause) });
    // The stack header was rendered with the name known at this point (a subclass's `name` field is
    // set only after this constructor returns), so put the real class name there.
    if (typeof this.stack === "string") {
      this.stack = redact(this.stack.replace(/^\w+/, new.target.name));
    }
  }

  /**
   * Appends a note (e.g. why retrying stopped) to the message and the stack's first line.
   *
   * @param note - Text to append after `"; "`.
   * @returns This error, for `throw err.withNote(...)`.
   */
  withNote(note: string): this {
    const old = this.message;
    this.message = redact(`${old}; ${note}`);
    if (typeof this.stack === "string") {
      this.stack = this.stack.replace(old, this.message);
    }
    return this;
  }
}

/** Bad options or bad input, detected before anything is sent over the network. */
export class DataTrailsConfigError extends DataTrailsError {
  override name = "DataTrailsConfigError";
  /** The option or input field at fault, e.g. `"url"`, `"retry.budgetMs"`, `"email"`. */
  readonly field: string | undefined;

  /**
   * @param message - What is wrong and how to fix it.
   * @param field - The option or input field at fault.
   * @param options - `cause`: the underlying error (e.g. from `fs`).
   */
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

/**
 * Throws the {@link DataTrailsConfigError} for a malformed client option, worded
 * `Invalid DataTrails client option "<field>": <problem>. <fix>`.
 * @internal
 */
export function invalidOption(field: string, problem: string, fix: string): never {
  throw new DataTrailsConfigError(`Invalid DataTrails client option "${field}": ${problem}. ${fix}`, field);
}

/** What {@link DataTrailsHTTPError} is built from. */
export interface HTTPErrorInit {
  status: number;
  /** Status text the server sent; the standard one is used when empty. */
  statusText?: string;
  /** Request method, e.g. `"POST"`. */
  method: string;
  /** Request path without the query, e.g. `/archivist/iam/v1/invites`. */
  path: string;
  /** Request id from the `x-request-id` header or the body's `details[].request_id`. */
  requestId?: string;
  /** `message` of a google.rpc.Status error body. */
  apiMessage?: string;
  /** `code` of a google.rpc.Status error body (number or string, as sent). */
  apiCode?: number | string;
  /** Response body text (masked and truncated here). */
  bodyText?: string;
  /** Short description of the body when it carries no API message, e.g. `"HTML error page"`. */
  bodySummary?: string;
  /** Wait the server asked for before a retry (rate-limit headers), in ms. */
  retryAfterMs?: number;
  /** For a 2xx with an unusable body: whether asking again may well give a good one (truncated JSON). */
  transient?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/** Short fix hints for the statuses whose cause is usually on the caller's side. */
const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: "check the credentials (token, token file, or client id and secret)",
  402: "the tenancy's invite quota is used up; delete pending invites or raise the quota",
  403: "the app registration must be a tenancy administrator",
  409: "an invite for this email address may already be pending",
  429: "the service is rate limiting this client; retry later or send fewer requests",
};

/**
 * Truncates to {@link MAX_BODY_SNIPPET} characters, marking the cut.
 */
function truncate(text: string): string {
  return text.length <= MAX_BODY_SNIPPET
    ? text
    : `${text.slice(0, MAX_BODY_SNIPPET)}… (${text.length} chars)`;
}

/**
 * Builds `"<METHOD> <path> <verb>: <status> <text>: <detail> (request id <id>); hint: <fix>"`, the
 * message of both response errors.
 */
function describeResponse(init: HTTPErrorInit, verb: string): string {
  const statusText = init.statusText || STATUS_CODES[init.status] || "";
  let msg = `${init.method} ${init.path} ${verb}: ${init.status}${statusText ? ` ${statusText}` : ""}`;
  const detail = init.apiMessage || init.bodySummary;
  if (detail) {
    msg += `: ${truncate(detail)}`;
  }
  if (init.requestId) {
    msg += ` (request id ${init.requestId})`;
  }
  const hint = STATUS_HINTS[init.status];
  if (hint) {
    msg += `; hint: ${hint}`;
  }
  return msg;
}

/** A response with an unexpected HTTP status. */
export class DataTrailsHTTPError extends DataTrailsError {
  override name = "DataTrailsHTTPError";
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  /** Request path, without the query. */
  readonly path: string;
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** The API's error message (google.rpc.Status `message`). */
  readonly apiMessage: string | undefined;
  /** The API's error code (google.rpc.Status `code`). */
  readonly apiCode: number | string | undefined;
  /** The response body, masked and truncated to {@link MAX_BODY_SNIPPET} characters. */
  readonly bodyText: string;
  /** Wait the server asked for before a retry (`Archivist-Rate-Limit-Reset` / `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  /** @param init - Status, request and parsed body details. */
  constructor(init: HTTPErrorInit) {
    super(describeResponse(init, "failed"), { cause: init.cause });
    this.status = init.status;
    this.statusText = init.statusText || STATUS_CODES[init.status] || "";
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.apiMessage = init.apiMessage === undefined ? undefined : redact(init.apiMessage);
    this.apiCode = init.apiCode;
    this.retryAfterMs = init.retryAfterMs;
    // Mask before cutting, so a token straddling the cut cannot survive half-visible.
    this.bodyText = truncate(redact(init.bodyText ?? ""));
  }
}

/**
 * A successful (2xx) response whose body is not what the API promises: an HTML page, truncated
 * JSON, an invite without an identity. A sibling of {@link DataTrailsHTTPError}, not a kind of it:
 * the service did answer yes, so no check for a failed status (404, 5xx) may match it.
 */
export class DataTrailsResponseError extends DataTrailsError {
  override name = "DataTrailsResponseError";
  /** HTTP status code (2xx). */
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  /** Request path, without the query. */
  readonly path: string;
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** The response body, masked and truncated to {@link MAX_BODY_SNIPPET} characters. */
  readonly bodyText: string;
  /** Whether the defect looks transient (truncated body) rather than systematic (an HTML page). */
  readonly transient: boolean;

  /** @param init - Status and request details; `bodySummary` says what is wrong with the body. */
  constructor(init: HTTPErrorInit) {
    super(describeResponse(init, "returned an unusable response"), { cause: init.cause });
    this.status = init.status;
    this.statusText = init.statusText || STATUS_CODES[init.status] || "";
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.bodyText = truncate(redact(init.bodyText ?? ""));
    this.transient = init.transient === true;
  }
}

/** The request could not be completed: connection refused or reset, DNS failure, TLS failure. */
export class DataTrailsNetworkError extends DataTrailsError {
  override name = "DataTrailsNetworkError";
  readonly method: string;
  /** Request path, without the query. */
  readonly path: string;
  /** System error code when known, e.g. `"ECONNRESET"`. */
  readonly code: string | undefined;

  /**
   * @param method - Request method.
   * @param path - Request path, without the query.
   * @param detail - What went wrong.
   * @param options - `code`: system error code; `cause`: the underlying error.
   */
  constructor(method: string, path: string, detail: string, options?: { code?: string; cause?: unknown }) {
    super(`${method} ${path} failed: ${detail}${options?.code ? ` (${options.code})` : ""}`, {
      cause: options?.cause,
    });
    this.method = method;
    this.path = path;
    this.code = options?.code;
  }
}

/** No complete response arrived within the request timeout. */
export class DataTrailsTimeoutError extends DataTrailsNetworkError {
  override name = "DataTrailsTimeoutError";
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param method - Request method.
   * @param path - Request path, without the query.
   * @param timeoutMs - The timeout that expired.
   */
  constructor(method: string, path: string, timeoutMs: number) {
    super(method, path, `no response within ${timeoutMs} ms (request timeout)`);
    this.timeoutMs = timeoutMs;
  }
}

// Every class of the family, by the `name` each instance carries.
const FAMILY: ReadonlySet<string> = new Set([
  "DataTrailsError",
  "DataTrailsConfigError",
  "DataTrailsHTTPError",
  "DataTrailsResponseError",
  "DataTrailsNetworkError",
  "DataTrailsTimeoutError",
]);

// `instanceof` fails for an error made by another copy of this module (Pulumi runs the provider
// from a serialized closure, and a program may load the package twice), so classes are recognised
// by name: the instance's `name`, or a class of that name on the prototype chain, which is how a
// subclass defined elsewhere (with a name of its own) is still seen as one of ours.
function hasClassName(err: object, className: string): boolean {
  if ((err as { name?: unknown }).name === className) {
    return true;
  }
  for (let p: unknown = Object.getPrototypeOf(err); p !== null; p = Object.getPrototypeOf(p)) {
    const ctor: unknown = Object.getOwnPropertyDescriptor(p, "constructor")?.value;
    if (typeof ctor === "function" && ctor.name === className) {
      return true;
    }
  }
  return false;
}

/**
 * Whether `err` is one of the client's errors, including one made by another copy of this package
 * and a subclass defined elsewhere. Checks names, not `instanceof`.
 *
 * @param err - Anything caught.
 */
export function isDataTrailsError(err: unknown): err is DataTrailsError {
  if (typeof err !== "object" || err === null || typeof (err as { message?: unknown }).message !== "string") {
    return false;
  }
  const name = (err as { name?: unknown }).name;
  return (typeof name === "string" && FAMILY.has(name)) || hasClassName(err, "DataTrailsError");
}

/**
 * Whether `err` is a {@link DataTrailsHTTPError} (an unexpected HTTP status), also when made by
 * another copy of this package. A {@link DataTrailsResponseError} is not one.
 *
 * @param err - Anything caught.
 */
export function isHTTPError(err: unknown): err is DataTrailsHTTPError {
  return (
    isDataTrailsError(err) &&
    hasClassName(err, "DataTrailsHTTPError") &&
    typeof (err as { status?: unknown }).status === "number"
  );
}

/**
 * Whether `err` is the service saying "not found" (HTTP 404).
 *
 * @param err - Anything caught.
 */
export function isNotFound(err: unknown): err is DataTrailsHTTPError {
  return isHTTPError(err) && err.status === 404;
}
