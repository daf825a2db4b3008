/** The verdict on one request. */
export type RateVerdict = { allowed: true } | { allowed: false; resetSeconds: number };

/**
 * Fixed one-second windows per key (the bearer token). Simple to reason about in tests: the limit is
 * reached after exactly N requests in a window, and the reset is the time left in it.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  /**
   * Counts a request, unless it is over the limit.
   * @param limit requests per second; 0 means unlimited
   * @param nowMs emulator time
   */
  check(key: string, limit: number, nowMs: number): RateVerdict {
    if (limit <= 0) return { allowed: true };
    const start = Math.floor(nowMs / 1000) * 1000;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= limit) {
      return { allowed: false, resetSeconds: Math.max(0.01, (start + 1000 - nowMs) / 1000) };
    }
    window.count++;
    return { allowed: true };
  }

  /** Forgets every window. */
  reset(): void {
    this.windows.clear();
  }
}

/**
 * A wait in seconds rounded UP to the hundredth the header carries: a client that sleeps exactly what
 * it is told must find the window over (rounding to nearest would wake it up to 5 ms early).
 */
export function roundUpHundredths(seconds: number): string {
  // toFixed(6) first drops float noise (0.29 * 100 is 28.999999999999996), which ceil would round up.
  return (Math.ceil(Number((seconds * 100).toFixed(6))) / 100).toFixed(2);
}

/** Headers of a 429: the seconds to wait as a float, plus whole-second `Retry-After` when asked. */
export function rateLimitHeaders(resetSeconds: number, retryAfter: boolean): Record<string, string> {
  const headers: Record<string, string> = { "Archivist-Rate-Limit-Reset": roundUpHundredths(resetSeconds) };
  if (retryAfter) headers["Retry-After"] = String(Math.max(1, Math.ceil(resetSeconds)));
  return headers;
}
