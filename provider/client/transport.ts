/**
 * One HTTP exchange over a standard fetch: node-fetch 3 by default, over keep-alive agents; any other
 * standard fetch (Node's global one included) through the client's `fetch` option. Around it: a
 * per-request timeout covering the whole body, an in-flight limit, redirects never followed (so a token
 * never travels to another host), and low-level failures mapped to the client's errors. No retries
 * here; see retry.ts.
 */
import * as http from "node:http";
import * as https from "node:https";
import nodeFetch from "node-fetch";
import { DataTrailsNetworkError, DataTrailsTimeoutError } from "./errors";
import { NPM_PACKAGE_NAME, packageVersion } from "./package-version";

/** Response headers as the client reads them (a fetch `Headers`). */
export interface HeadersLike {
  /** Case-insensitive lookup; `null` when absent. */
  get(name: string): string | null;
}

/** The part of a fetch `Response` the client uses. */
export interface FetchResponseLike {
  status: number;
  statusText: string;
  headers: HeadersLike;
  /** Reads the whole body as text; rejects when the body is cut short. */
  text(): Promise<string>;
}

/** The part of a fetch `RequestInit` the client passes. */
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request when the timeout expires. */
  signal: AbortSignal;
  /** Redirects are never followed, so the token is never sent to another host. */
  redirect: "manual";
  /**
   * The transport's keep-alive agent for a URL: node-fetch's extension of the standard init, which
   * fetches without it (Node's global one) ignore.
   */
  agent?: (url: URL) => http.Agent;
}

/**
 * A fetch: the standard signature, as far as the client uses it. Node's global `fetch` and node-fetch
 * 3's default export are both one; {@link Transport} uses node-fetch unless the client's `fetch`
 * option gives another.
 */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

/** A request as the transport sends it. */
export interface TransportRequest {
  method: string;
  /** Path without the query, for error messages, e.g. `/archivist/iam/v1/invites`. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Request headers (Authorization included by the caller). */
  headers?: Record<string, string>;
  body?: string;
}

/** A complete response, body read. */
export interface TransportResponse {
  status: number;
  statusText: string;
  headers: HeadersLike;
  /** The whole body. */
  bodyText: string;
}

/** Settings of {@link Transport}. */
interface TransportSettings {
  /** Base URL, no trailing slash. */
  baseUrl: string;
  /** Per-request timeout, ms. */
  timeoutMs: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Full User-Agent header value. */
  userAgent: string;
  /** Replaces node-fetch. */
  fetch?: FetchLike;
}

/** A counting semaphore: at most `limit` holders at once, the others wait in FIFO order. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** @param limit - Most concurrent holders. */
  constructor(private readonly limit: number) {}

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never dips and lets a newcomer in first.
      if (next) {
        next();
      } else {
        this.active--;
      }
    };
  }
}

/**
 * The User-Agent the client sends: `pulumi-datatrails-invites/<version> (+node <version>)`.
 *
 * @param suffix - Extra product tokens appended after a space.
 * @internal
 */
export function userAgent(suffix: string): string {
  let version: string;
  try {
    version = packageVersion();
  } catch {
    // A copy without its package.json still sends requests; the version only informs the service.
    version = "0.0.0-unknown";
  }
  const base = `${NPM_PACKAGE_NAME}/${version} (+node ${process.versions.node})`;
  return suffix ? `${base} ${suffix}` : base;
}

// Connection-level failures where the request certainly never reached the server; everything else
// (a reset, a socket hang-up) may have happened after the server received the request.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Whether a network error proves the request never reached the server (so even a create may be
 * sent again without checking).
 */
export function neverReachedServer(err: unknown): boolean {
  return (
    err instanceof DataTrailsNetworkError &&
    !(err instanceof DataTrailsTimeoutError) &&
    NOT_SENT_CODES.has(err.code ?? "")
  );
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) {
    return undefined;
  }
  const e = err as { code?: unknown; errno?: unknown; cause?: unknown };
  if (typeof e.code === "string" && e.code !== "ERR_STREAM_PREMATURE_CLOSE") {
    return e.code;
  }
  if (typeof e.errno === "string") {
    return e.errno;
  }
  return errorCode(e.cause);
}

/**
 * What went wrong, in the words of the error and its causes: Node's global fetch says only "fetch
 * failed" and puts the reason (a refused connection, a bad certificate) in `cause`. node-fetch's
 * "request to <url> failed, reason:" is cut, since the message already names the call and the URL
 * carries the query.
 */
function failureText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const text = e.message.replace(/^request to \S+ failed, reason: /, "");
    if (text !== "" && !parts.some((p) => p.includes(text))) {
      parts.push(text);
    }
    e = e.cause;
  }
  if (parts.length > 0) {
    return parts.join(": ");
  }
  return err instanceof Error ? err.name : String(err);
}

/** Sends single HTTP requests; owns the keep-alive agents. */
export class Transport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly limiter: Semaphore;
  private readonly fetch: FetchLike;

  /** @param settings - Base URL, timeout, in-flight limit, User-Agent, optional fetch. */
  constructor(private readonly settings: TransportSettings) {
    // maxSockets matches the in-flight limit: more sockets could never be used at once.
    const agentOptions = { keepAlive: true, maxSockets: settings.maxInFlight };
    this.httpAgent = new http.Agent(agentOptions);
    // TLS verification stays on: no rejectUnauthorized override, ever.
    this.httpsAgent = new https.Agent(agentOptions);
    this.limiter = new Semaphore(settings.maxInFlight);
    this.fetch = settings.fetch ?? nodeFetch;
  }

  /** Builds the full URL of `path` with `query`. */
  url(pathname: string, query?: TransportRequest["query"]): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) {
        params.append(key, String(value));
      }
    }
    const qs = params.toString();
    return `${this.settings.baseUrl}${pathname}${qs ? `?${qs}` : ""}`;
  }

  /**
   * Sends one request and reads the whole body, within the timeout and the in-flight limit.
   *
   * @param sent - Called the moment the request is handed to fetch, after its wait for a slot.
   * @throws DataTrailsTimeoutError when the timeout expires (waiting for a slot does not count).
   * @throws DataTrailsNetworkError on any other failure to get a complete response.
   */
  async send(req: TransportRequest, sent?: () => void): Promise<TransportResponse> {
    const release = await this.limiter.acquire();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    try {
      sent?.();
      const res = await this.fetch(this.url(req.path, req.query), {
        method: req.method,
        headers: {
          "User-Agent": this.settings.userAgent,
          Accept: "application/json",
          ...req.headers,
        },
        body: req.body,
        signal: controller.signal,
        redirect: "manual",
        agent: (u: URL) => (u.protocol === "http:" ? this.httpAgent : this.httpsAgent),
      });
      const bodyText = await res.text();
      return { status: res.status, statusText: res.statusText, headers: res.headers, bodyText };
    } catch (err) {
      if (timedOut) {
        throw new DataTrailsTimeoutError(req.method, req.path, this.settings.timeoutMs);
      }
      throw new DataTrailsNetworkError(req.method, req.path, `network error: ${failureText(err)}`, {
        code: errorCode(err),
        cause: err,
      });
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** Closes idle keep-alive sockets; the client stays usable (new sockets are opened on demand). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
