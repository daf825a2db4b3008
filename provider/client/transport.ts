/**
 * One HTTP exchange: Node's http/https over keep-alive agents (see http-fetch.ts), a per-request
 * timeout covering the whole body, an in-flight limit, and mapping of low-level failures to the
 * client's errors. No retries here; see retry.ts.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { DataTrailsNetworkError, DataTrailsTimeoutError } from "./errors";
import { httpFetch } from "./http-fetch";

/** Response headers as the client reads them. */
export interface HeadersLike {
  /** Case-insensitive lookup; `null` when absent. */
  get(name: string): string | null;
}

/** The part of a fetch `Response` the client uses. */
export interface FetchResponseLike {
  status: number;
  statusText: string;
  headers: HeadersLike;
  /** Reads the whole body as text. */
  text(): Promise<string>;
}

/** What the client passes to fetch. */
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request when the timeout expires. */
  signal: AbortSignal;
  /** Redirects are never followed, so the token is never sent to another host. */
  redirect: "manual";
  /** Keep-alive agent chooser (the default fetch uses it; others may ignore it). */
  agent?: (url: URL) => http.Agent;
}

/** A fetch implementation; {@link httpFetch} by default, injectable for tests. */
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
  /** Replaces the default fetch. */
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

const PACKAGE_NAME = "pulumi-datatrails-invites";
let cachedVersion: string | undefined;

/**
 * This package's version, from the nearest `package.json` named pulumi-datatrails-invites above
 * this file. Searching upward works from `provider/client/*.ts` (ts-node) and from
 * `dist/provider/client/*.js` (compiled) alike, and from an installed `node_modules` copy.
 *
 * @returns The version, or `"0.0.0-unknown"` when no such package.json is found.
 */
function packageVersion(): string {
  if (cachedVersion !== undefined) {
    return cachedVersion;
  }
  cachedVersion = "0.0.0-unknown";
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") {
        cachedVersion = pkg.version;
        break;
      }
    } catch {
      // No (readable) package.json at this level: keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  return cachedVersion;
}

/**
 * The User-Agent the client sends: `pulumi-datatrails-invites/<version> (+node <version>)`.
 *
 * @param suffix - Extra product tokens appended after a space.
 * @internal
 */
export function userAgent(suffix: string): string {
  const base = `${PACKAGE_NAME}/${packageVersion()} (+node ${process.versions.node})`;
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
    this.fetch = settings.fetch ?? httpFetch;
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
   * @throws DataTrailsTimeoutError when the timeout expires (waiting for a slot does not count).
   * @throws DataTrailsNetworkError on any other failure to get a complete response.
   */
  async send(req: TransportRequest): Promise<TransportResponse> {
    const release = await this.limiter.acquire();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    try {
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
      const message = err instanceof Error ? err.message : String(err);
      throw new DataTrailsNetworkError(req.method, req.path, `network error: ${message}`, {
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
