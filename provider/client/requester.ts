/**
 * The authorised send: every API request carries the bearer token, a 401 is answered by at most one
 * token renewal per operation, every request passes the rate-limit gate (it waits out a window the
 * service announced, oldest operation first, paced: rate-limit-gate.ts), and every response's `Date`
 * header refines the estimate of the server's clock. `call()` adds retries and parsing for requests
 * that may be repeated.
 */
import { tokenSourceFor, type TokenSource } from "./auth";
import { httpError, type RequestContext } from "./error-body";
import type { NormalizedClientOptions } from "./options";
import { RateLimitGate } from "./rate-limit-gate";
import { classifyIdempotent, RetryBudget, withRetries, type RetryEnvironment } from "./retry";
import { Transport, userAgent, type TransportRequest, type TransportResponse } from "./transport";
import { toAccessToken, type AccessToken } from "./wire";

/**
 * One caller-visible operation: its retry budget, whether its one token renewal is spent, and its age
 * (its requests' place when the rate-limit gate holds requests).
 */
export interface Operation {
  /** Time budget shared by every request of the operation. */
  readonly budget: RetryBudget;
  /** Whether a 401 has already been answered by renewing the token. */
  renewed: boolean;
  /** Order of creation within the client: an operation started earlier has a lower number. */
  readonly seq: number;
  /**
   * When (client clock, epoch ms) the operation's latest request was handed to the transport, after
   * its waits for the rate-limit gate and for a token: an unanswered create is given its time to land
   * from then, not from when it began to wait.
   */
  sentAt?: number;
}

/** Sends the client's requests: authorised, rate-limit aware, clock-observing. */
export class Requester {
  private readonly transport: Transport;
  private readonly tokens: TokenSource;
  private readonly env: RetryEnvironment;
  // Holds requests while the service rate limits this client (a limit is per token, so one per client).
  private readonly gate: RateLimitGate;
  private nextSeq = 0;
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
    this.gate = new RateLimitGate({ now: opts.now, sleep: opts.sleep });
    this.tokens = tokenSourceFor(opts.credentials, {
      exchange: (id, secret) => this.exchangeToken(id, secret),
      now: opts.now,
      renewBeforeMs: opts.auth.renewBeforeMs,
      logger,
    });
  }

  /** A new operation, with a fresh retry budget starting now. */
  operation(): Operation {
    const seq = this.nextSeq++;
    // The operation's retries wait through the gate: a retry after a 429 is woken when the place the
    // gate kept for it comes up, so it neither loses that place nor holds up the requests behind it.
    const env: RetryEnvironment = { ...this.env, sleep: (ms) => this.gate.retryWait(seq, ms) };
    return { budget: new RetryBudget(env), renewed: false, seq };
  }

  /** The service's current time (epoch ms): the local clock plus the offset seen in `Date` headers. */
  serverNow(): number {
    return this.opts.now() + this.clockOffsetMs;
  }

  /**
   * Sends once with the bearer token; on a 401 renews once per operation and resends once.
   *
   * @throws DataTrailsHTTPError for a non-2xx answer (a 429 also holds every later request, and keeps
   *   the operation's place for its retry).
   * @throws DataTrailsNetworkError when no complete response arrived.
   */
  async send(req: TransportRequest, op: Operation): Promise<TransportResponse> {
    // A write waits for the caller's go-ahead (e.g. the tenancy check) before anything else.
    if (req.method !== "GET" && this.opts.beforeWrite) {
      await this.opts.beforeWrite({ method: req.method, path: req.path });
    }
    // Once the service has rate limited this client, every request waits out the same window: a
    // request sent sooner would only be refused too. The gate then lets them through in the order
    // their operations started, spaced out, so none is refused window after window.
    await this.gate.enter(op.seq);
    const attemptWith = async (token: string): Promise<TransportResponse> => {
      op.sentAt = this.opts.now();
      return this.transport.send({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } });
    };
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
    if (res.status === 429) {
      const err = httpError({ method: req.method, path: req.path }, res, this.opts.now());
      // Without a wait to honour there is no window to hold for: the retry's own backoff applies.
      if (err.retryAfterMs !== undefined) {
        this.gate.refused(op.seq, err.retryAfterMs);
      }
      throw err;
    }
    this.gate.admitted();
    if (res.status < 200 || res.status > 299) {
      throw httpError({ method: req.method, path: req.path }, res, this.opts.now());
    }
    return res;
  }

  /**
   * One request that may be repeated (GET, DELETE), retried within the operation's budget.
   *
   * @param parse - Maps the 2xx response; a transient body defect it throws is retried too.
   */
  async call<T>(
    req: TransportRequest,
    op: Operation,
    parse: (res: TransportResponse, ctx: RequestContext) => T,
  ): Promise<T> {
    const ctx: RequestContext = { method: req.method, path: req.path };
    try {
      return await withRetries(
        op.budget,
        req.method,
        req.path,
        async () => parse(await this.send(req, op), ctx),
        classifyIdempotent,
      );
    } finally {
      this.finish(op);
    }
  }

  /**
   * The operation will send nothing more (it succeeded or gave up). A place the rate-limit gate kept
   * for its retry after a 429 would only hold up the requests behind it: it is freed.
   */
  finish(op: Operation): void {
    this.gate.forget(op.seq);
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
