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

/** Headers of a 429: the seconds to wait as a float, plus whole-second `Retry-After` when asked. */
export function rateLimitHeaders(resetSeconds: number, retryAfter: boolean): Record<string, string> {
  const headers: Record<string, string> = { "Archivist-Rate-Limit-Reset": resetSeconds.toFixed(2) };
  if (retryAfter) headers["Retry-After"] = String(Math.max(1, Math.ceil(resetSeconds)));
  return headers;
}
