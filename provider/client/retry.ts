/**
 * Retry policy: which failures may be retried, how long to wait (exponential backoff with full
 * jitter, the server's requested wait as a floor), and the per-operation time budget.
 */
import {
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
} from "./errors";
import type { Logger } from "./logger";
import type { AttemptInfo, RetryOptions } from "./options";
import { neverReachedServer } from "./transport";

/** What the retry machinery needs from the client. */
export interface RetryEnvironment {
  retry: RetryOptions;
  /** Clock, epoch ms. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Random in [0, 1). */
  random: () => number;
  logger: Required<Logger>;
  onAttempt?: (info: AttemptInfo) => void;
}

/** Outcome of classifying a failure. */
interface RetryDecision {
  /** Whether another attempt may be made. */
  retry: boolean;
  /** Wait the server asked for, in ms (a floor for the backoff). */
  serverDelayMs?: number;
}

/**
 * The backoff ceiling before attempt `failures + 1` and a fully jittered delay below it:
 * `random() * min(maxDelayMs, baseDelayMs * factor^(failures - 1))`.
 *
 * @param failures - Failed attempts so far (>= 1).
 */
function backoffDelay(failures: number, retry: RetryOptions, random: () => number): number {
  const ceiling = Math.min(
    retry.maxDelayMs,
    retry.baseDelayMs * Math.pow(retry.factor, Math.max(0, failures - 1)),
  );
  return Math.floor(random() * ceiling);
}

/**
 * Statuses worth retrying for idempotent requests: 429 and 5xx except 501 Not Implemented.
 */
function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * Classifies a failure of an idempotent request (GET, DELETE, token exchange): retry on 429, 5xx
 * but 501, network errors, timeouts and truncated 2xx bodies.
 *
 * @param err - What the attempt threw.
 */
export function classifyIdempotent(err: unknown): RetryDecision {
  if (err instanceof DataTrailsHTTPError) {
    return isRetryableStatus(err.status)
      ? { retry: true, serverDelayMs: err.retryAfterMs }
      : { retry: false };
  }
  if (err instanceof DataTrailsResponseError) {
    return { retry: err.transient };
  }
  if (err instanceof DataTrailsNetworkError) {
    return { retry: true };
  }
  return { retry: false };
}

/**
 * Classifies a failure of a write that must not be applied twice and has no exactly-once protocol
 * (e.g. creating an access policy): retry only what the service certainly did not process, a 429 or
 * a request that never reached it. A 5xx, a timeout or a lost connection may have applied it.
 *
 * @param err - What the attempt threw.
 */
export function classifyUnprocessed(err: unknown): RetryDecision {
  if (err instanceof DataTrailsHTTPError) {
    return err.status === 429 ? { retry: true, serverDelayMs: err.retryAfterMs } : { retry: false };
  }
  return { retry: neverReachedServer(err) };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Time budget of one operation, measured with the injected clock. */
export class RetryBudget {
  private readonly startedAt: number;

  /** @param env - Settings, clock and sleep. */
  constructor(private readonly env: RetryEnvironment) {
    this.startedAt = env.now();
  }

  /** Milliseconds left (never negative). */
  remaining(): number {
    return Math.max(0, this.env.retry.budgetMs - (this.env.now() - this.startedAt));
  }

  /**
   * Waits before attempt `failures + 1`, or throws `lastError` (with a note on why) when the
   * attempts, or the budget, are used up.
   *
   * @param failures - Failed attempts so far.
   * @param lastError - The failure to rethrow when giving up.
   * @param info - Attempt details for the hook and the debug log.
   * @param serverDelayMs - The server's requested wait: a floor for the delay.
   * @returns The delay waited, in ms.
   */
  async pause(
    failures: number,
    lastError: unknown,
    info: AttemptInfo,
    serverDelayMs?: number,
  ): Promise<number> {
    const { retry, logger } = this.env;
    const left = this.remaining();
    const note = (text: string): unknown =>
      lastError instanceof DataTrailsError ? lastError.withNote(text) : lastError;
    if (serverDelayMs !== undefined && serverDelayMs > left) {
      this.report(info, serverDelayMs);
      // Waiting would overrun the budget anyway: fail now rather than sleep and then fail.
      throw note(
        `the server asked to wait ${seconds(serverDelayMs)}, beyond the retry budget (${seconds(left)} of ${seconds(retry.budgetMs)} left)`,
      );
    }
    // maxAttempts bounds the client's own guesses; a wait the server asked for (429) is bounded by
    // the time budget alone, since the request was refused unprocessed.
    if (failures >= retry.maxAttempts && serverDelayMs === undefined) {
      this.report(info, serverDelayMs);
      throw note(`gave up after ${failures} attempts`);
    }
    // When the server says how long to wait, that is the delay (with the first backoff step as a floor
    // and jitter): growing the backoff as well would leave the service's next window unused.
    const own = backoffDelay(serverDelayMs === undefined ? failures : 1, retry, this.env.random);
    const delay = Math.max(serverDelayMs ?? 0, own);
    if (delay > left) {
      this.report(info, serverDelayMs);
      throw note(`gave up after ${failures} attempts: retry budget of ${seconds(retry.budgetMs)} used up`);
    }
    this.report({ ...info, delayMs: delay }, serverDelayMs);
    logger.debug(
      `${info.method} ${info.path}: attempt ${failures} failed (${describe(info)}); retrying in ${delay} ms`,
    );
    await this.env.sleep(delay);
    return delay;
  }

  /** Reports an attempt to the hook. */
  report(info: AttemptInfo, serverDelayMs?: number): void {
    this.env.onAttempt?.(serverDelayMs === undefined ? info : { ...info, serverDelayMs });
  }
}

function describe(info: AttemptInfo): string {
  return info.status !== undefined ? `status ${info.status}` : (info.error ?? "error");
}

/** Attempt details of a failure, for the hook. */
export function attemptInfo(method: string, path: string, attempt: number, err: unknown): AttemptInfo {
  if (err instanceof DataTrailsHTTPError || err instanceof DataTrailsResponseError) {
    return { method, path, attempt, status: err.status, error: err.name };
  }
  return { method, path, attempt, error: err instanceof Error ? err.name : typeof err };
}

/**
 * Runs `attempt` until it succeeds, `classify` says stop, or the budget is used up.
 *
 * @param budget - The operation's budget (shared by every request of one operation).
 * @param method - Request method, for reports.
 * @param path - Request path, for reports.
 * @param attempt - One try; receives the 1-based attempt number.
 * @param classify - Whether (and how long after) a failure may be retried.
 */
export async function withRetries<T>(
  budget: RetryBudget,
  method: string,
  path: string,
  attempt: (n: number) => Promise<T>,
  classify: (err: unknown) => RetryDecision,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      const result = await attempt(n);
      budget.report({ method, path, attempt: n });
      return result;
    } catch (err) {
      const decision = classify(err);
      if (!decision.retry) {
        budget.report(attemptInfo(method, path, n, err));
        throw err;
      }
      await budget.pause(n, err, attemptInfo(method, path, n, err), decision.serverDelayMs);
    }
  }
}
