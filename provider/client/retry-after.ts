/**
 * Pure parsing of the server's "wait before retrying" headers. No clock access: the caller passes
 * the current time, so the parser is table-testable.
 */

/** Header carrying DataTrails' rate-limit wait, in (possibly fractional) seconds. */
const RATE_LIMIT_RESET_HEADER = "archivist-rate-limit-reset";
/** The standard header: delay in seconds, or an HTTP date. */
const RETRY_AFTER_HEADER = "retry-after";

// A plain non-negative decimal number of seconds ("5", "0.25", "1.", ".5"); no signs, no exponents,
// no hex, so that garbage is rejected instead of being read by Number()'s lenient grammar.
const SECONDS = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses a delay in seconds (`"5"`, `"1.5"`) into milliseconds.
 *
 * @param value - Header value.
 * @returns Milliseconds, or `undefined` when the value is missing, negative or not a number.
 * @internal
 */
export function parseDelaySeconds(value: string | null | undefined): number | undefined {
  if (value == null) {
    return undefined;
  }
  const text = value.trim();
  if (!SECONDS.test(text)) {
    return undefined;
  }
  const ms = Math.ceil(Number(text) * 1000);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Parses a `Retry-After` value: delay seconds or an HTTP date.
 *
 * @param value - Header value.
 * @param nowMs - Current time (epoch ms), to turn a date into a delay.
 * @returns Milliseconds to wait (`0` for a date in the past), or `undefined` when unusable.
 * @internal
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const seconds = parseDelaySeconds(value);
  if (seconds !== undefined || value == null) {
    return seconds;
  }
  const text = value.trim();
  // Only accept something that looks like a date (has a letter and a digit), so that Date.parse's
  // very lenient grammar does not turn "-5" or "1,5" into a year.
  if (!/[a-z]/i.test(text) || !/\d/.test(text)) {
    return undefined;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    return undefined;
  }
  return Math.max(0, at - nowMs);
}

/** Case-insensitive header lookup, as `Headers.get` offers. */
interface HeaderGetter {
  /** Header value or `null`. */
  get(name: string): string | null;
}

/**
 * The wait the server asked for, from `Archivist-Rate-Limit-Reset` and `Retry-After`. When both are
 * present the longer one wins: each is a floor the server set.
 *
 * @param headers - Response headers.
 * @param nowMs - Current time (epoch ms).
 * @returns Milliseconds, or `undefined` when neither header is present and usable.
 * @internal
 */
export function serverRequestedDelay(headers: HeaderGetter, nowMs: number): number | undefined {
  const reset = parseDelaySeconds(headers.get(RATE_LIMIT_RESET_HEADER));
  const retryAfter = parseRetryAfter(headers.get(RETRY_AFTER_HEADER), nowMs);
  if (reset === undefined) {
    return retryAfter;
  }
  return retryAfter === undefined ? reset : Math.max(reset, retryAfter);
}
