/**
 * Exactly-once invite creation. Creating an invite emails the invitee, and the DataTrails API has no
 * idempotency key, so a create is never sent again unless it is proven not to have been applied:
 *
 * 1. Before the first send, the identities of the invites already listed for the email are noted
 *    (or taken from the caller's `knownIdentities`).
 * 2. A 429 (not processed) is sent again after the server's wait; so is a failure that shows the
 *    request never reached the server (connection refused, DNS). A 404 of a prefix not yet
 *    confirmed is sent again under the fallback prefix.
 * 3. When the outcome is unknown (5xx but 501, timeout, connection lost after sending), the client
 *    backs off, lists the invites for the email again, and returns an invite that was not there
 *    before (preferring one with the same message). A request left unanswered may still be stored
 *    later, so the listing is repeated until it has had a second request timeout to land; if the
 *    budget cannot cover that wait, the create fails saying the invite may have been created. Only
 *    when nothing appeared is the create sent again. When retries run out, the listing is still
 *    checked once before giving up.
 * 4. A 2xx with an unreadable body was created: the listing is consulted and nothing is re-sent.
 * 5. Anything else (400, 401 after one renewal, 402, 403, 409, 501) is thrown at once.
 *
 * If even the listing fails, the thrown error says the outcome is unknown.
 */
import type { RequestContext } from "./error-body";
import { DataTrailsError, DataTrailsNetworkError, isHTTPError, isNotFound } from "./errors";
import type { InvitePaths } from "./invite-paths";
import type { Logger } from "./logger";
import type { RetryOptions } from "./options";
import type { Operation } from "./requester";
import { attemptInfo } from "./retry";
import { neverReachedServer, type TransportRequest, type TransportResponse } from "./transport";
import type { CreateInviteOptions, InviteRecord } from "./types";
import { parseJsonObject, toInvite, type WireCreateInvite } from "./wire";

/** What a create needs from the rest of the client. */
export interface CreateInviteDeps {
  /**
   * Sends one authorised request; a non-2xx answer is thrown as a DataTrailsHTTPError. `sent` is told
   * when (clock, epoch ms) the request is handed to the transport, after any wait before it.
   */
  send(req: TransportRequest, op: Operation, sent: (at: number) => void): Promise<TransportResponse>;
  /** Every invite listed for `email` right now. */
  invitesFor(email: string, op: Operation): Promise<InviteRecord[]>;
  /** The invites collection path and its fallback. */
  paths: Pick<InvitePaths, "prefix" | "switchToFallback" | "confirm">;
  /** Clock, epoch ms. */
  now: () => number;
  /** Waits between listings while an unanswered create may still land. */
  sleep: (ms: number) => Promise<void>;
  /** Backoff steps of those waits. */
  retry: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">;
  /** The request timeout: an unanswered create is given as long again to land. */
  timeoutMs: number;
  /** Debug log of a create found after an unknown outcome. */
  logger: Required<Logger>;
}

/** The note on an error after which the invite may exist although the create failed. */
export const MAY_HAVE_BEEN_CREATED =
  "the invite may have been created: the request went unanswered and there is no time left to find " +
  "out. It is not sent again; if the next pulumi up reports a pending invite for this email, it is " +
  "this one: set adopt: true to take it over";

/**
 * Whether a failed create may nevertheless have created the invite: a 5xx (but 501), a timeout, or a
 * connection lost after the request may have reached the server.
 */
export function createOutcomeUnknown(err: unknown): boolean {
  if (isHTTPError(err)) {
    return err.status >= 500 && err.status !== 501;
  }
  return err instanceof DataTrailsNetworkError && !neverReachedServer(err);
}

/** One create in progress. */
interface Creation {
  deps: CreateInviteDeps;
  body: WireCreateInvite;
  /** Identities listed for the email before the first send. */
  before: ReadonlySet<string>;
  op: Operation;
}

/**
 * Creates the invite `body` describes, exactly once (see the top of this file).
 *
 * @param body - The checked create body.
 * @param options - What the caller already knows of the invites for this email.
 * @param op - The operation: its budget bounds every send, listing and wait.
 */
export async function createExactlyOnce(
  deps: CreateInviteDeps,
  body: WireCreateInvite,
  options: CreateInviteOptions,
  op: Operation,
): Promise<InviteRecord> {
  const known = options.knownIdentities ?? (await deps.invitesFor(body.email, op)).map((i) => i.identity);
  const c: Creation = { deps, body, before: new Set(known), op };
  for (let attempt = 1; ; attempt++) {
    const path = deps.paths.prefix;
    // The request may wait (rate-limit gate, token) before it leaves: its time to land counts from
    // when the send says it was handed to the transport.
    let sentAt = deps.now();
    let res: TransportResponse;
    try {
      res = await deps.send(
        { method: "POST", path, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
        op,
        (at) => (sentAt = at),
      );
    } catch (err) {
      const found = await afterFailedSend(c, attempt, path, sentAt, err);
      if (found) {
        return found;
      }
      continue;
    }
    deps.paths.confirm();
    return readAnswer(c, attempt, path, res);
  }
}

/**
 * Decides what follows a failed send.
 *
 * @returns The invite, when the failed request created it after all; `undefined` to send again.
 * @throws The failure (with a note) when sending again could duplicate the invite, or time is up.
 */
async function afterFailedSend(
  c: Creation,
  attempt: number,
  path: string,
  sentAt: number,
  err: unknown,
): Promise<InviteRecord | undefined> {
  const { budget } = c.op;
  const info = attemptInfo("POST", path, attempt, err);
  if (isNotFound(err) && c.deps.paths.switchToFallback(path)) {
    budget.report(info);
    return undefined;
  }
  if (isHTTPError(err) && err.status === 429) {
    await budget.pause(attempt, err, info, err.retryAfterMs);
    return undefined;
  }
  if (neverReachedServer(err)) {
    await budget.pause(attempt, err, info);
    return undefined;
  }
  if (!createOutcomeUnknown(err)) {
    budget.report(info);
    throw err;
  }
  // Back off before looking, not after: a create the server is still working on gets time to land
  // in the listing before the listing decides that sending again is safe.
  try {
    await budget.pause(attempt, err, info, isHTTPError(err) ? err.retryAfterMs : undefined);
  } catch (giveUp) {
    // Out of attempts or time, but the caller still deserves the invite if it was created.
    const created = await findCreated(c, err);
    if (created) {
      return created;
    }
    throw err instanceof DataTrailsNetworkError && giveUp === err
      ? err.withNote(MAY_HAVE_BEEN_CREATED)
      : giveUp;
  }
  // Not listed, and (for an unanswered request) not landed within a second timeout either: the
  // create was not applied, so sending it again cannot duplicate it.
  return awaitCreated(c, err, sentAt);
}

/** Maps a 2xx answer; when it is unreadable, the invite was created anyway: find it, never resend. */
async function readAnswer(
  c: Creation,
  attempt: number,
  path: string,
  res: TransportResponse,
): Promise<InviteRecord> {
  const ctx: RequestContext = { method: "POST", path };
  try {
    const invite = toInvite(ctx, res, parseJsonObject(ctx, res));
    c.op.budget.report({ method: "POST", path, attempt, status: res.status });
    return invite;
  } catch (err) {
    c.op.budget.report(attemptInfo("POST", path, attempt, err));
    const found = await findCreated(c, err);
    if (found) {
      return found;
    }
    throw err instanceof DataTrailsError
      ? err.withNote("the service accepted the create but the new invite is not listed; not sending it again")
      : err;
  }
}

/**
 * After a create whose outcome is unknown, finds the invite it made. A 5xx answer ends the request,
 * so one listing tells. A request left unanswered (timeout, connection lost after sending) may still
 * be stored later: the listing is repeated until the request has had a second timeout's worth of
 * time to land.
 *
 * @returns The invite, or `undefined` when it has certainly not been created.
 * @throws The create's error, saying the invite may have been created, when the budget cannot
 *   cover that wait.
 */
async function awaitCreated(
  c: Creation,
  createError: unknown,
  sentAt: number,
): Promise<InviteRecord | undefined> {
  const found = await findCreated(c, createError);
  if (found || !(createError instanceof DataTrailsNetworkError)) {
    return found;
  }
  const { deps, op } = c;
  const settleUntil = sentAt + 2 * deps.timeoutMs;
  for (let wait = 1; ; wait++) {
    const left = settleUntil - deps.now();
    if (left <= 0) {
      return undefined;
    }
    if (left > op.budget.remaining()) {
      throw createError.withNote(MAY_HAVE_BEEN_CREATED);
    }
    await deps.sleep(Math.min(left, deps.retry.maxDelayMs, deps.retry.baseDelayMs * 2 ** wait));
    const landed = await findCreated(c, createError);
    if (landed) {
      return landed;
    }
  }
}

/**
 * The invite for the email that was not listed before the first send, preferring one with the same
 * message; `undefined` when none appeared.
 *
 * @throws The listing's error, saying the outcome is unknown, when listing fails.
 */
async function findCreated(c: Creation, createError: unknown): Promise<InviteRecord | undefined> {
  const { deps, body, before, op } = c;
  let listed: InviteRecord[];
  try {
    listed = await deps.invitesFor(body.email, op);
  } catch (listErr) {
    const what = createError instanceof Error ? createError.message : String(createError);
    const note =
      `the invite may or may not have been created (the create failed: ${what}), and listing invites ` +
      "to find out failed too; list the invites for this email before creating it again";
    throw listErr instanceof DataTrailsError ? listErr.withNote(note) : listErr;
  }
  const fresh = listed.filter((i) => !before.has(i.identity));
  const found = fresh.find((i) => i.message === (body.message ?? "")) ?? fresh[0];
  if (found) {
    deps.logger.debug(
      `POST ${deps.paths.prefix}: outcome was unknown; the invite was created as ${found.identity}`,
    );
  }
  return found;
}
