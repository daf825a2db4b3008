/**
 * `DataTrailsClient`: the typed DataTrails invites and members API, with authentication, retries,
 * paging, and exactly-once invite creation.
 */
import { ClientCredentialsSource, StaticTokenSource, TokenFileSource, type TokenSource } from "./auth";
import {
  DataTrailsConfigError,
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  isNotFound,
} from "./errors";
import {
  normalizeClientOptions,
  type DataTrailsClientOptions,
  type EndpointOptions,
  type NormalizedClientOptions,
} from "./options";
import { paginate } from "./paging";
import { redact } from "./redact";
import { attemptInfo, classifyIdempotent, RetryBudget, withRetries, type RetryEnvironment } from "./retry";
import {
  neverReachedServer,
  Transport,
  userAgent,
  type TransportRequest,
  type TransportResponse,
} from "./transport";
import type {
  CreateInviteInput,
  CreateInviteOptions,
  Invite,
  ListInvitesOptions,
  ListMembersOptions,
  Member,
  MemberState,
} from "./types";
import {
  httpError,
  parseJsonObject,
  toAccessToken,
  toInvite,
  toInvitePage,
  toMemberPage,
  type AccessToken,
  type Page,
  type RequestContext,
  type WireCreateInvite,
} from "./wire";

/** Longest invitee email the API accepts. */
export const MAX_EMAIL_LENGTH = 128;
/** Longest invitation message the API accepts. */
export const MAX_MESSAGE_LENGTH = 256;

const MEMBER_STATES: ReadonlySet<MemberState> = new Set<MemberState>([
  "MEMBER_STATE_UNSPECIFIED",
  "MEMBER_STATE_ACTIVE",
  "MEMBER_STATE_INACTIVE",
  "MEMBER_STATE_BOTH",
]);

// A path segment that cannot escape its collection: no "/", "?", "#", "%", "." runs or spaces.
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The uuid of an invite given as `invites/<uuid>` or a bare uuid, checked to be a safe URL path
 * segment.
 *
 * @throws DataTrailsConfigError for anything that could change the request path.
 */
export function inviteUuid(identityOrUuid: string): string {
  const raw = typeof identityOrUuid === "string" ? identityOrUuid : "";
  const id = raw.startsWith("invites/") ? raw.slice("invites/".length) : raw;
  if (!SAFE_ID.test(id)) {
    throw new DataTrailsConfigError(
      `Invalid invite identity ${JSON.stringify(identityOrUuid)}: expected "invites/<uuid>" or a bare uuid ` +
        "(letters, digits, '-' and '_' only).",
      "identity",
    );
  }
  return id;
}

/** Lower-cased, trimmed email, for comparisons. */
function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function checkPageSize(pageSize: unknown, fallback: number): number {
  if (pageSize === undefined) {
    return fallback;
  }
  if (typeof pageSize !== "number" || !Number.isInteger(pageSize) || pageSize < 1) {
    throw new DataTrailsConfigError(
      `Invalid pageSize ${JSON.stringify(pageSize)}: expected a positive integer (e.g. 100).`,
      "pageSize",
    );
  }
  return pageSize;
}

function checkCreateInput(input: CreateInviteInput): WireCreateInvite {
  if (typeof input !== "object" || input === null) {
    throw new DataTrailsConfigError("createInvite expects an object { email, message? }.", "input");
  }
  const { email, message } = input;
  if (typeof email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw new DataTrailsConfigError(
      `Invalid invite email ${JSON.stringify(email)}: expected an address like "name@example.com" without spaces.`,
      "email",
    );
  }
  if ([...email].length > MAX_EMAIL_LENGTH) {
    throw new DataTrailsConfigError(
      `Invalid invite email: ${[...email].length} characters, the API allows at most ${MAX_EMAIL_LENGTH}.`,
      "email",
    );
  }
  if (message !== undefined && typeof message !== "string") {
    throw new DataTrailsConfigError(
      `Invalid invite message: expected a string, got ${typeof message}.`,
      "message",
    );
  }
  if (message !== undefined && [...message].length > MAX_MESSAGE_LENGTH) {
    throw new DataTrailsConfigError(
      `Invalid invite message: ${[...message].length} characters, the API allows at most ${MAX_MESSAGE_LENGTH}. Shorten it.`,
      "message",
    );
  }
  return message === undefined ? { email } : { email, message };
}

/** Per-operation state: a 401 is answered by at most one token renewal per operation. */
interface OperationState {
  renewed: boolean;
}

/**
 * Whether a failed create may nevertheless have created the invite: a 5xx (but 501), a timeout,
 * or a connection lost after the request may have reached the server.
 */
function createOutcomeUnknown(err: unknown): boolean {
  if (err instanceof DataTrailsResponseError) {
    return false;
  }
  if (err instanceof DataTrailsHTTPError) {
    return err.status >= 500 && err.status !== 501;
  }
  return err instanceof DataTrailsNetworkError && !neverReachedServer(err);
}

// Requests released together after a rate-limit window are spread over this much time, so they do not
// all land in the first instant of the next window.
const RATE_LIMIT_SPREAD_MS = 100;

const MAY_HAVE_BEEN_CREATED =
  "the invite may have been created: the request went unanswered and there is no time left to find " +
  "out. It is not sent again; if the next pulumi up reports a pending invite for this email, it is " +
  "this one: set adopt: true to take it over";

/**
 * A DataTrails API client for invites and members.
 *
 * Safe requests (GET, DELETE, list pages) are retried on 429, 5xx (but 501), network errors and
 * timeouts within a time budget. `createInvite` is never sent twice for one invite: see its docs.
 */
export class DataTrailsClient {
  private readonly opts: NormalizedClientOptions;
  private readonly transport: Transport;
  private readonly tokens: TokenSource;
  private readonly env: RetryEnvironment;
  private invitesPath: string;
  // Set once any invites request under `invitesPath` succeeds: from then on a 404 means "not found",
  // never "wrong prefix".
  private prefixConfirmed = false;
  // Epoch ms (client clock) until which the service asked this client to hold its requests.
  private rateLimitedUntil = 0;
  // Server clock minus local clock, learned from `Date` response headers.
  private clockOffsetMs = 0;

  /**
   * @param options - URL, credentials and tuning; checked at once.
   * @throws DataTrailsConfigError for malformed options (nothing is sent).
   */
  constructor(options: DataTrailsClientOptions) {
    this.opts = normalizeClientOptions(options);
    const { endpoints, transport, credentials, logger } = this.opts;
    this.invitesPath = endpoints.invitesPrefix;
    this.transport = new Transport({
      baseUrl: endpoints.url,
      timeoutMs: transport.timeoutMs,
      maxInFlight: transport.maxInFlight,
      userAgent: userAgent(transport.userAgentSuffix),
      fetch: this.opts.fetch,
    });
    this.env = {
      retry: this.opts.retry,
      now: this.opts.now,
      sleep: this.opts.sleep,
      random: this.opts.random,
      logger,
      onAttempt: this.opts.onAttempt,
    };
    switch (credentials.kind) {
      case "token":
        this.tokens = new StaticTokenSource(credentials.token);
        break;
      case "tokenFile":
        this.tokens = new TokenFileSource(credentials.path, logger);
        break;
      case "clientCredentials":
        this.tokens = new ClientCredentialsSource({
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          exchange: (id, secret) => this.exchangeToken(id, secret),
          now: this.opts.now,
          renewBeforeMs: this.opts.auth.renewBeforeMs,
          logger,
        });
        break;
    }
  }

  /** The service base URL, without a trailing slash. */
  get baseUrl(): string {
    return this.opts.endpoints.url;
  }

  /** The invites collection path in use (the fallback once a 404 has switched to it). */
  get invitesPrefix(): string {
    return this.invitesPath;
  }

  /** The endpoints in use. */
  get endpoints(): Readonly<EndpointOptions> {
    return { ...this.opts.endpoints, invitesPrefix: this.invitesPath };
  }

  /**
   * The service's current time (epoch ms), estimated as the local clock (`now` option) plus the
   * offset seen in the latest `Date` response header; the local time until a response has been
   * seen. Use it to compare with server-set times such as {@link Invite.expiryTime}.
   */
  serverNow(): number {
    return this.opts.now() + this.clockOffsetMs;
  }

  /** Requests in flight right now. */
  get inFlight(): number {
    return this.transport.inFlight;
  }

  /**
   * Creates an invite (the service emails the invitee), exactly once.
   *
   * The DataTrails API has no idempotency key, so this call proves instead of assuming:
   * 1. Before the first send, the identities of the invites already listed for the email are noted.
   * 2. A 429 (not processed) is sent again after the server's wait; so is a failure that shows the
   *    request never reached the server (connection refused, DNS).
   * 3. When the outcome is unknown (5xx but 501, timeout, connection lost after sending), the client
   *    backs off, lists the invites for the email again, and returns an invite that was not there
   *    before (preferring one with the same message). Only when none appeared is the create sent
   *    again. When retries run out, the listing is still checked once before giving up.
   * 4. A 2xx with an unreadable body was created: the listing is consulted and nothing is re-sent.
   * 5. Anything else (400, 401 after one renewal, 402, 403, 409, 501) is thrown at once.
   *
   * If even the listing fails, the thrown error says the outcome is unknown.
   *
   * @param input - Email (at most 128 characters) and optional message (at most 256).
   * @param options - What the caller already knows of the invites for this email.
   * @returns The created invite.
   * @throws DataTrailsConfigError for invalid input (nothing is sent).
   * @throws DataTrailsHTTPError e.g. 400 invalid, 402 quota used up, 403 not an administrator, 409 duplicate.
   */
  async createInvite(input: CreateInviteInput, options: CreateInviteOptions = {}): Promise<Invite> {
    const body = checkCreateInput(input);
    const budget = new RetryBudget(this.env);
    const op: OperationState = { renewed: false };
    const before = new Set(
      options.knownIdentities ?? (await this.invitesFor(body.email, budget, op)).map((i) => i.identity),
    );
    for (let attempt = 1; ; attempt++) {
      const path = this.invitesPath;
      const ctx: RequestContext = { method: "POST", path };
      const sentAt = this.opts.now();
      let res: TransportResponse;
      try {
        res = await this.send(
          {
            method: "POST",
            path,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
          },
          op,
        );
      } catch (err) {
        const info = attemptInfo("POST", path, attempt, err);
        if (isNotFound(err) && this.switchToFallback(path)) {
          budget.report(info);
          continue;
        }
        if (err instanceof DataTrailsHTTPError && err.status === 429) {
          await budget.pause(attempt, err, info, err.retryAfterMs);
          continue;
        }
        if (neverReachedServer(err)) {
          await budget.pause(attempt, err, info);
          continue;
        }
        if (!createOutcomeUnknown(err)) {
          budget.report(info);
          throw err;
        }
        // Back off before looking, not after: a create the server is still working on gets time to
        // land in the listing before the listing decides that sending again is safe.
        try {
          await budget.pause(
            attempt,
            err,
            info,
            err instanceof DataTrailsHTTPError ? err.retryAfterMs : undefined,
          );
        } catch (giveUp) {
          // Out of attempts or time, but the caller still deserves the invite if it was created.
          const created = await this.findCreated(body, before, budget, op, err);
          if (created) {
            return created;
          }
          throw err instanceof DataTrailsNetworkError && giveUp === err
            ? err.withNote(MAY_HAVE_BEEN_CREATED)
            : giveUp;
        }
        const found = await this.awaitCreated(body, before, budget, op, err, sentAt);
        if (found) {
          return found;
        }
        // Not listed, and (for an unanswered request) not landed within a second timeout either: the
        // create was not applied, so sending it again cannot duplicate it.
        continue;
      }
      this.prefixConfirmed = true;
      try {
        const invite = toInvite(ctx, res, parseJsonObject(ctx, res));
        budget.report({ method: "POST", path, attempt, status: res.status });
        return invite;
      } catch (err) {
        budget.report(attemptInfo("POST", path, attempt, err));
        // A 2xx means the service created it; only its answer is unreadable. Never send again.
        const found = await this.findCreated(body, before, budget, op, err);
        if (found) {
          return found;
        }
        throw err instanceof DataTrailsError
          ? err.withNote(
              "the service accepted the create but the new invite is not listed; not sending it again",
            )
          : err;
      }
    }
  }

  /**
   * Reads one invite.
   *
   * @param identityOrUuid - `invites/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async getInvite(identityOrUuid: string): Promise<Invite> {
    const uuid = inviteUuid(identityOrUuid);
    const budget = new RetryBudget(this.env);
    const op: OperationState = { renewed: false };
    return this.onInviteItem(uuid, budget, op, (path) =>
      this.call({ method: "GET", path }, budget, op, (res, ctx) =>
        toInvite(ctx, res, parseJsonObject(ctx, res)),
      ),
    );
  }

  /**
   * Lists invites, all pages, lazily (a page is fetched when the previous one is consumed).
   *
   * @param options - Email filter and page size.
   */
  listInvites(options: ListInvitesOptions = {}): AsyncIterable<Invite> {
    const pageSize = checkPageSize(options.pageSize, this.opts.paging.pageSize);
    const email = options.email;
    if (email !== undefined && (typeof email !== "string" || email.trim() === "")) {
      throw new DataTrailsConfigError(
        "Invalid listInvites email filter: expected a non-empty string.",
        "email",
      );
    }
    return paginate((token) => {
      const budget = new RetryBudget(this.env);
      return this.invitesPage({ email, pageSize, token }, budget, { renewed: false });
    }, `GET ${this.invitesPath}`);
  }

  /**
   * Deletes (revokes) an invite.
   *
   * @param identityOrUuid - `invites/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async deleteInvite(identityOrUuid: string): Promise<void> {
    const uuid = inviteUuid(identityOrUuid);
    const budget = new RetryBudget(this.env);
    const op: OperationState = { renewed: false };
    // The body ({} per the API) carries nothing: any 2xx means deleted.
    await this.onInviteItem(uuid, budget, op, (path) =>
      this.call({ method: "DELETE", path }, budget, op, () => undefined),
    );
  }

  /**
   * Lists tenancy members, all pages, lazily.
   *
   * @param options - Member state (default `MEMBER_STATE_BOTH`) and page size.
   */
  listMembers(options: ListMembersOptions = {}): AsyncIterable<Member> {
    const pageSize = checkPageSize(options.pageSize, this.opts.paging.pageSize);
    const memberState = options.memberState ?? "MEMBER_STATE_BOTH";
    if (!MEMBER_STATES.has(memberState)) {
      throw new DataTrailsConfigError(
        `Invalid memberState ${JSON.stringify(memberState)}: expected one of ${[...MEMBER_STATES].join(", ")}.`,
        "memberState",
      );
    }
    const path = this.opts.endpoints.membersPath;
    return paginate(
      (token) =>
        this.call(
          {
            method: "GET",
            path,
            query: { page_size: pageSize, page_token: token, member_state: memberState },
          },
          new RetryBudget(this.env),
          { renewed: false },
          (res, ctx) => toMemberPage(ctx, res),
        ),
      `GET ${path}`,
    );
  }

  /**
   * Finds the member with this email (case-insensitive), active or not; an active member wins when
   * both exist.
   *
   * @param email - Email address.
   * @returns The member, or `undefined` when no member has this email.
   */
  async findMemberByEmail(email: string): Promise<Member | undefined> {
    if (typeof email !== "string" || email.trim() === "") {
      throw new DataTrailsConfigError("findMemberByEmail expects a non-empty email string.", "email");
    }
    const key = emailKey(email);
    let inactive: Member | undefined;
    for await (const member of this.listMembers({ memberState: "MEMBER_STATE_BOTH" })) {
      if (emailKey(member.email) === key) {
        if (member.active) {
          return member;
        }
        inactive ??= member;
      }
    }
    return inactive;
  }

  /** Closes idle keep-alive connections, e.g. before the process exits. */
  close(): void {
    this.transport.close();
  }

  // --- internals -------------------------------------------------------------------------------

  /** Sends with the bearer token; on a 401 renews once per operation and resends once. */
  private async send(req: TransportRequest, op: OperationState): Promise<TransportResponse> {
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
        this.opts.logger.debug?.(
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

  /** Learns the server's clock offset from a `Date` header. */
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

  /** One idempotent request with retries; `parse` maps the 2xx response. */
  private call<T>(
    req: TransportRequest,
    budget: RetryBudget,
    op: OperationState,
    parse: (res: TransportResponse, ctx: RequestContext) => T,
  ): Promise<T> {
    const ctx: RequestContext = { method: req.method, path: req.path };
    return withRetries(
      budget,
      req.method,
      req.path,
      async () => parse(await this.send(req, op), ctx),
      classifyIdempotent,
    );
  }

  /** Switches to the fallback prefix after a 404 on `failedPath`, once. @returns whether to try again. */
  private switchToFallback(failedPath: string): boolean {
    const fallback = this.opts.endpoints.invitesPrefixFallback;
    if (this.prefixConfirmed || !fallback || failedPath === fallback) {
      return false;
    }
    if (this.invitesPath === failedPath) {
      this.opts.logger.debug?.(`${failedPath} answered 404; using ${fallback} for invites from now on`);
      this.invitesPath = fallback;
    }
    return true;
  }

  /** One page of invites; a 404 of an unconfirmed collection switches to the fallback prefix once. */
  private async invitesPage(
    q: { email?: string; pageSize: number; token?: string },
    budget: RetryBudget,
    op: OperationState,
  ): Promise<Page<Invite>> {
    const fetchPage = (path: string): Promise<Page<Invite>> =>
      this.call(
        { method: "GET", path, query: { page_size: q.pageSize, page_token: q.token, email: q.email } },
        budget,
        op,
        (res, ctx) => toInvitePage(ctx, res),
      );
    const path = this.invitesPath;
    try {
      const page = await fetchPage(path);
      this.prefixConfirmed = true;
      return page;
    } catch (err) {
      if (!isNotFound(err) || !this.switchToFallback(path)) {
        throw err;
      }
      try {
        const page = await fetchPage(this.invitesPath);
        this.prefixConfirmed = true;
        return page;
      } catch (fallbackErr) {
        throw fallbackErr instanceof DataTrailsError && isNotFound(fallbackErr)
          ? fallbackErr.withNote(`${path} answered 404 too; check the invitesPrefix option`)
          : fallbackErr;
      }
    }
  }

  /**
   * Runs an item request (GET/DELETE `{prefix}/{uuid}`). While the prefix is unconfirmed, a 404 is
   * checked against the collection, so a wrong prefix is not mistaken for a missing invite.
   */
  private async onInviteItem<T>(
    uuid: string,
    budget: RetryBudget,
    op: OperationState,
    run: (path: string) => Promise<T>,
  ): Promise<T> {
    const prefix = this.invitesPath;
    try {
      const result = await run(`${prefix}/${uuid}`);
      this.prefixConfirmed = true;
      return result;
    } catch (err) {
      if (!isNotFound(err) || this.prefixConfirmed || !this.opts.endpoints.invitesPrefixFallback) {
        throw err;
      }
      // Probe the collection: 200 confirms the prefix (the 404 is real); 404 switches to the fallback.
      await this.invitesPage({ pageSize: 1 }, budget, op);
      if (this.invitesPath === prefix) {
        throw err;
      }
      const result = await run(`${this.invitesPath}/${uuid}`);
      return result;
    }
  }

  /** Every invite listed for `email` (the filter is applied again locally, case-insensitively). */
  private async invitesFor(email: string, budget: RetryBudget, op: OperationState): Promise<Invite[]> {
    const key = emailKey(email);
    const out: Invite[] = [];
    const items = paginate(
      (token) => this.invitesPage({ email, pageSize: this.opts.paging.pageSize, token }, budget, op),
      `GET ${this.invitesPath}`,
    );
    for await (const invite of items) {
      if (emailKey(invite.email) === key) {
        out.push(invite);
      }
    }
    return out;
  }

  /**
   * After a create with an unknown outcome: the invite for the email that was not there before,
   * preferring one with the same message; `undefined` when none appeared.
   */
  /**
   * After a create whose outcome is unknown, finds the invite it made. A 5xx answer ends the
   * request, so one listing tells. A request left unanswered (timeout, connection lost after sending)
   * may still be stored later: the listing is repeated until the request has had a second timeout's
   * worth of time to land. If the budget cannot cover that wait, the create fails saying its outcome
   * is unknown rather than risk a second email.
   */
  private async awaitCreated(
    body: WireCreateInvite,
    before: ReadonlySet<string>,
    budget: RetryBudget,
    op: OperationState,
    createError: unknown,
    sentAt: number,
  ): Promise<Invite | undefined> {
    const found = await this.findCreated(body, before, budget, op, createError);
    if (found || !(createError instanceof DataTrailsNetworkError)) {
      return found;
    }
    const settleUntil = sentAt + 2 * this.opts.transport.timeoutMs;
    for (let wait = 1; ; wait++) {
      const left = settleUntil - this.opts.now();
      if (left <= 0) {
        return undefined;
      }
      if (left > budget.remaining()) {
        throw createError.withNote(MAY_HAVE_BEEN_CREATED);
      }
      await this.opts.sleep(
        Math.min(left, this.opts.retry.maxDelayMs, this.opts.retry.baseDelayMs * 2 ** wait),
      );
      const landed = await this.findCreated(body, before, budget, op, createError);
      if (landed) {
        return landed;
      }
    }
  }

  private async findCreated(
    body: WireCreateInvite,
    before: ReadonlySet<string>,
    budget: RetryBudget,
    op: OperationState,
    createError: unknown,
  ): Promise<Invite | undefined> {
    let now: Invite[];
    try {
      now = await this.invitesFor(body.email, budget, op);
    } catch (listErr) {
      const what = createError instanceof Error ? createError.message : String(createError);
      const note =
        `the invite may or may not have been created (the create failed: ${what}), and listing invites ` +
        "to find out failed too; list the invites for this email before creating it again";
      throw listErr instanceof DataTrailsError ? listErr.withNote(note) : listErr;
    }
    const fresh = now.filter((i) => !before.has(i.identity));
    const found = fresh.find((i) => i.message === (body.message ?? "")) ?? fresh[0];
    if (found) {
      this.opts.logger.debug?.(
        redact(`POST ${this.invitesPath}: outcome was unknown; the invite was created as ${found.identity}`),
      );
    }
    return found;
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
