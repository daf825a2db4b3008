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
}

/**
 * Where an operation stands with the rate-limit gate, when its next request does not simply enter the
 * gate like any other.
 */
type GateStep =
  // Its last request was refused with 429: the retry's wait is a wait in the gate's queue.
  | "refused"
  // The gate let its retry through: the request goes without entering again.
  | "through";

/** Sends the client's requests: authorised, rate-limit aware, clock-observing. */
export class Requester {
  private readonly transport: Transport;
  private readonly tokens: TokenSource;
  private readonly env: RetryEnvironment;
  // Holds requests while the service rate limits this client (a limit is per token, so one per client).
  private readonly gate: RateLimitGate;
  private nextSeq = 0;
  // Each live operation's standing with the gate; weak, so an operation that gives up leaves nothing.
  private readonly gateSteps = new WeakMap<Operation, GateStep>();
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
    // A retry after a 429 waits in the gate's queue at the operation's place, not in a sleep of its
    // own: it neither loses that place nor holds up the requests behind it.
    const env: RetryEnvironment = { ...this.env, sleep: (ms) => this.retryWait(op, ms) };
    const op: Operation = { budget: new RetryBudget(env), renewed: false, seq: this.nextSeq++ };
    return op;
  }

  /** The service's current time (epoch ms): the local clock plus the offset seen in `Date` headers. */
  serverNow(): number {
    return this.opts.now() + this.clockOffsetMs;
  }

  /**
   * Sends once with the bearer token; on a 401 renews once per operation and resends once.
   *
   * @param sent - Told the client-clock time (epoch ms) each time the request is handed to the
   *   transport, after its waits for the rate-limit gate, a token and an in-flight slot.
   * @throws DataTrailsHTTPError for a non-2xx answer (a 429 also holds every later request, and its
   *   retry waits in the gate's queue at the operation's place).
   * @throws DataTrailsNetworkError when no complete response arrived.
   */
  async send(req: TransportRequest, op: Operation, sent?: (at: number) => void): Promise<TransportResponse> {
    // A write waits for the caller's go-ahead (e.g. the tenancy check) before anything else.
    if (req.method !== "GET" && this.opts.beforeWrite) {
      await this.opts.beforeWrite({ method: req.method, path: req.path });
    }
    // Once the service has rate limited this client, every request waits out the same window: a
    // request sent sooner would only be refused too. The gate then lets them through in the order
    // their operations started, spaced out, so none is refused window after window.
    if (this.gateSteps.get(op) !== "through") {
      await this.gate.enter(op.seq);
    }
    this.gateSteps.delete(op);
    const attemptWith = (token: string): Promise<TransportResponse> =>
      this.transport.send(
        { ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } },
        sent && (() => sent(this.opts.now())),
      );
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
        this.gate.refused(err.retryAfterMs);
        this.gateSteps.set(op, "refused");
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

  /**
   * A retry's wait. After a 429 the retry waits in the gate's queue at its operation's place (its own
   * delay kept only while nobody waits behind it), and then goes without entering again; any other
   * retry sleeps its delay.
   */
  private async retryWait(op: Operation, ms: number): Promise<void> {
    if (this.gateSteps.get(op) !== "refused") {
      await this.opts.sleep(ms);
      return;
    }
    await this.gate.enter(op.seq, ms);
    this.gateSteps.set(op, "through");
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
