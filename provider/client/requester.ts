/**
 * The authorised send: every API request carries the bearer token, a 401 is answered by at most one
 * token renewal per operation, every request waits out a rate-limit window the service announced,
 * and every response's `Date` header refines the estimate of the server's clock. `call()` adds
 * retries and parsing for requests that may be repeated.
 */
import { tokenSourceFor, type TokenSource } from "./auth";
import { httpError, type RequestContext } from "./error-body";
import type { NormalizedClientOptions } from "./options";
import { classifyIdempotent, RetryBudget, withRetries, type RetryEnvironment } from "./retry";
import { Transport, userAgent, type TransportRequest, type TransportResponse } from "./transport";
import { toAccessToken, type AccessToken } from "./wire";

/** One caller-visible operation: its retry budget, and whether its one token renewal is spent. */
export interface Operation {
  /** Time budget shared by every request of the operation. */
  readonly budget: RetryBudget;
  /** Whether a 401 has already been answered by renewing the token. */
  renewed: boolean;
}

// Requests released together after a rate-limit window are spread over this much time, so they do not
// all land in the first instant of the next window.
const RATE_LIMIT_SPREAD_MS = 100;

/** Sends the client's requests: authorised, rate-limit aware, clock-observing. */
export class Requester {
  private readonly transport: Transport;
  private readonly tokens: TokenSource;
  private readonly env: RetryEnvironment;
  // Epoch ms (client clock) until which the service asked this client to hold its requests.
  private rateLimitedUntil = 0;
  // Server clock minus local clock, learned from `Date` response headers.
  private clockOffsetMs = 0;

  /** @param opts - Checked client options. */
  constructor(private readonly opts: NormalizedClientOptions) {
    const { endpoints, transport, logger } = opts;
    this.transport = new Transport({
      baseUrl: endpoints.url,
      timeoutMs: transport.timeoutMs,
      maxInFlight: transport.maxInFlight,
      userAgent: userAgent(transport.userAgentSuffix),
      fetch: opts.fetch,
    });
    this.env = {
      retry: opts.retry,
      now: opts.now,
      sleep: opts.sleep,
      random: opts.random,
      logger,
      onAttempt: opts.onAttempt,
    };
    this.tokens = tokenSourceFor(opts.credentials, {
      exchange: (id, secret) => this.exchangeToken(id, secret),
      now: opts.now,
      renewBeforeMs: opts.auth.renewBeforeMs,
      logger,
    });
  }

  /** A new operation, with a fresh retry budget starting now. */
  operation(): Operation {
    return { budget: new RetryBudget(this.env), renewed: false };
  }

  /** The service's current time (epoch ms): the local clock plus the offset seen in `Date` headers. */
  serverNow(): number {
    return this.opts.now() + this.clockOffsetMs;
  }

  /**
   * Sends once with the bearer token; on a 401 renews once per operation and resends once.
   *
   * @throws DataTrailsHTTPError for a non-2xx answer (a 429 also holds every later request).
   * @throws DataTrailsNetworkError when no complete response arrived.
   */
  async send(req: TransportRequest, op: Operation): Promise<TransportResponse> {
    // Once the service has rate limited this client, every request waits out the same window: a
    // request sent sooner would only be refused too, and spend the window's allowance for nothing.
    const wait = this.rateLimitedUntil - this.opts.now();
    if (wait > 0) {
      await this.opts.sleep(wait + this.opts.random() * RATE_LIMIT_SPREAD_MS);
    }
    const attemptWith = async (token: string): Promise<TransportResponse> =>
      this.transport.send({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } });
    let token = await this.tokens.getToken();
    let res = await attemptWith(token);
    this.observeDate(res);
    if (res.status === 401 && !op.renewed) {
      op.renewed = true;
      if (await this.tokens.renewAfterUnauthorized(token)) {
        this.opts.logger.debug(
          `${req.method} ${req.path}: 401 Unauthorized; retrying once with a renewed token`,
        );
        token = await this.tokens.getToken();
        res = await attemptWith(token);
        this.observeDate(res);
      }
    }
    if (res.status < 200 || res.status > 299) {
      const err = httpError({ method: req.method, path: req.path }, res, this.opts.now());
      if (err.status === 429 && err.retryAfterMs !== undefined) {
        this.rateLimitedUntil = Math.max(this.rateLimitedUntil, this.opts.now() + err.retryAfterMs);
      }
      throw err;
    }
    return res;
  }

  /**
   * One request that may be repeated (GET, DELETE), retried within the operation's budget.
   *
   * @param parse - Maps the 2xx response; a transient body defect it throws is retried too.
   */
  call<T>(
    req: TransportRequest,
    op: Operation,
    parse: (res: TransportResponse, ctx: RequestContext) => T,
  ): Promise<T> {
    const ctx: RequestContext = { method: req.method, path: req.path };
    return withRetries(
      op.budget,
      req.method,
      req.path,
      async () => parse(await this.send(req, op), ctx),
      classifyIdempotent,
    );
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  private observeDate(res: TransportResponse): void {
    const date = res.headers.get("date");
    const at = date ? Date.parse(date) : NaN;
    if (Number.isNaN(at)) {
      return;
    }
    const offset = at - this.opts.now();
    // The header has whole-second resolution: ignore sub-second wobble so serverNow() stays steady.
    if (Math.abs(offset - this.clockOffsetMs) >= 1000) {
      this.clockOffsetMs = offset;
    }
  }

  /** Client-credentials exchange, retried like an idempotent request (a spare token is harmless). */
  private exchangeToken(clientId: string, clientSecret: string): Promise<AccessToken> {
    const path = this.opts.endpoints.tokenPath;
    const ctx: RequestContext = { method: "POST", path };
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    }).toString();
    return withRetries(
      new RetryBudget(this.env),
      "POST",
      path,
      async () => {
        const res = await this.transport.send({
          method: "POST",
          path,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: form,
        });
        if (res.status < 200 || res.status > 299) {
          throw httpError(ctx, res, this.opts.now());
        }
        return toAccessToken(ctx, res);
      },
      classifyIdempotent,
    );
  }
}
