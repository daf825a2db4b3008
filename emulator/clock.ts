/**
 * Where the emulator reads real time and schedules its delays (latency faults). Injected by tests, so
 * no test depends on the wall clock; the default is `Date.now` and `setTimeout`.
 */
export interface EmulatorTimers {
  /** Real time in epoch milliseconds. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds. @returns a function that cancels the call */
  schedule(fn: () => void, ms: number): () => void;
}

/** The real clock and timers. */
export const REAL_TIMERS: EmulatorTimers = Object.freeze({
  now: () => Date.now(),
  schedule: (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
});

/**
 * Emulator time: real time plus an offset that only moves forward, so tests can make invites and tokens
 * expire without waiting.
 */
export class Clock {
  /** Milliseconds added to the real time. */
  offsetMs: number;

  /**
   * @param offsetMs initial offset, e.g. restored from a state file @default 0
   * @param realNow source of real time @default Date.now
   */
  constructor(
    offsetMs = 0,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = offsetMs;
  }

  /** Current emulator time in epoch milliseconds. */
  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  /**
   * Moves emulator time forward.
   * @param seconds a finite, non-negative number of seconds
   */
  advance(seconds: number): void {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError("advanceSeconds must be a finite number >= 0");
    }
    this.offsetMs += Math.round(seconds * 1000);
  }
}

/** Formats epoch milliseconds as RFC 3339 UTC without fractional seconds, e.g. `2026-11-27T12:00:00Z`. */
export function formatRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
