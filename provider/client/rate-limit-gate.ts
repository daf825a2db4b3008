/**
 * The client's rate-limit gate. After a 429 every request waits out the window the service announced,
 * then requests are let through one at a time, oldest operation first, at the pace the service was
 * seen to allow. A request refused with 429 keeps its place while its retry waits, and is woken when
 * its turn comes, so newer operations cannot overtake it window after window (starve it).
 */

/** What the gate needs from the client: its clock and its sleep, injected so tests need no timers. */
export interface RateLimitGateOptions {
  /** Clock, epoch ms. */
  now: () => number;
  /** Waits `ms` milliseconds. */
  sleep: (ms: number) => Promise<void>;
}

// How long a kept place waits past the moment its request is due back, for the event loop running late
// on a busy machine. Giving a place up is not starvation: the request is still older than everything
// queued behind it, and goes ahead of all of that once it is back.
const KEEP_SLACK_MS = 100;

// Each request let through shortens the spacing by this fraction: a pace measured too slow (or a limit
// that was raised) is caught up within a few windows, and pacing fades away once the client is no
// longer busy. The price is about one 429 per window while the client presses against the limit,
// which then measures the pace anew; a 429 costs the service nothing (refused requests are not
// counted) and the hold loses no time, since the window's allowance is spent by then.
const RAMP = 1 / 32;

// Below this the spacing is no pacing at all.
const MIN_SPACING_MS = 1;

// A gap this long between admitted requests (or twice the spacing, if longer) means the client was not
// pressing against the limit, so what came before says nothing about the service's pace.
const IDLE_MS = 1000;

/** A place in the queue: a waiting request, or one kept for a refused request that will be back. */
interface Place {
  /** The operation's sequence number: lower is older, and older goes first. */
  readonly seq: number;
  /** Lets the waiting request through; unset while the place is kept for a request not back yet. */
  release?: () => void;
  /** Ends the retry wait of the request a kept place is for, when it is asleep in {@link RateLimitGate.retryWait}. */
  wake?: () => void;
  /** Until when (epoch ms) a kept place waits for its request. */
  keepUntil: number;
}

/**
 * Holds the client's requests while the service rate limits it, and lets them through in the order
 * of their operations' age, spaced out. One gate per client: a rate limit is per token.
 */
export class RateLimitGate {
  // Sorted by seq; places of equal seq in arrival order.
  private readonly queue: Place[] = [];
  // Epoch ms until which the service asked this client to hold its requests.
  private holdUntil = 0;
  private spacingMs = 0;
  private lastPassAt = Number.NEGATIVE_INFINITY;
  // The current measurement: requests the service admitted since `countingSince`.
  private countingSince: number | undefined;
  private admittedCount = 0;
  private lastAdmittedAt = Number.NEGATIVE_INFINITY;
  // The latest time the pump's sleeps have certainly reached: the clock is read through it, so a clock
  // that does not move with the injected sleep (a stub) cannot keep requests waiting for ever.
  private reached = Number.NEGATIVE_INFINITY;
  private pumping = false;
  // Wakes the pump from its wait (for a turn, or for a kept place's request) when something changed.
  private nudge: (() => void) | undefined;

  /** @param opts - Clock and sleep. */
  constructor(private readonly opts: RateLimitGateOptions) {}

  /** The spacing (ms) between requests let through, as last measured and ramped since; 0 when unpaced. */
  get spacing(): number {
    return this.spacingMs;
  }

  /**
   * Waits for this request's turn: at once unless a hold is on, the spacing since the last request has
   * not passed, or an older operation's request is waiting (or is kept a place).
   *
   * @param seq - The operation's sequence number (lower is older).
   */
  async enter(seq: number): Promise<void> {
    const now = this.time();
    this.dropExpired(now);
    const kept = this.keptFor(seq);
    if (this.isTurnOf(seq, kept, now)) {
      if (kept) {
        // The pump may be waiting for this very request.
        this.remove(kept);
        this.nudge?.();
      }
      this.pass(now);
      return;
    }
    await new Promise<void>((resolve) => {
      const place = kept ?? { seq, keepUntil: Number.POSITIVE_INFINITY };
      place.release = resolve;
      if (!kept) {
        this.insert(place);
      }
      if (this.queue[0] === place) {
        // The pump may be waiting for this kept place's request, or on a younger kept place.
        this.nudge?.();
      }
      void this.pump();
    });
  }

  /**
   * A retry's wait of this operation: `ms` at most, and over as soon as a place kept for the operation
   * comes up. A 429 retry's own backoff (its jitter beyond the server's wait) would otherwise keep the
   * place's turn, and everyone behind it, waiting; the gate's order and spacing do what that jitter is
   * for, spreading the retries out.
   *
   * @param seq - The operation's sequence number.
   * @param ms - The retry's delay.
   */
  async retryWait(seq: number, ms: number): Promise<void> {
    const now = this.time();
    const kept = this.keptFor(seq);
    if (!kept) {
      await this.opts.sleep(ms);
      return;
    }
    if (this.isTurnOf(seq, kept, now)) {
      return;
    }
    kept.keepUntil = Math.max(kept.keepUntil, now + ms + KEEP_SLACK_MS);
    await Promise.race([this.opts.sleep(ms), new Promise<void>((resolve) => (kept.wake = resolve))]);
    kept.wake = undefined;
  }

  /** The service answered a request with anything but 429: it counted against the window. */
  admitted(): void {
    const now = this.time();
    if (now < this.holdUntil) {
      // Sent before the hold began: it belongs to the window that refused.
      return;
    }
    if (
      this.countingSince === undefined ||
      now - this.lastAdmittedAt > Math.max(IDLE_MS, 2 * this.spacingMs)
    ) {
      this.countingSince = now;
      this.admittedCount = 0;
    }
    this.admittedCount++;
    this.lastAdmittedAt = now;
  }

  /**
   * The service refused a request with 429, asking for `waitMs`: every request is held until then, and
   * the refused request's operation keeps its place for when its retry comes back.
   *
   * @param seq - The refused request's operation.
   * @param waitMs - The wait the service asked for, in ms.
   */
  refused(seq: number, waitMs: number): void {
    const now = this.time();
    const until = now + waitMs;
    if (now >= this.holdUntil && (this.admittedCount > 0 || this.spacingMs === 0)) {
      // The first refusal of a new hold: the service admitted `admittedCount` requests from
      // `countingSince` on, and lets the next ones through from `until`, so it allows about
      // admittedCount per (until - countingSince). Releasing at that pace fills the next window without
      // a rush in its first instant. Later refusals of the same hold come from requests already in
      // flight and say nothing new; nor does a refusal of the first request after a hold (the wait
      // was rounded down, or another client spent the window), which keeps the pace measured before.
      const period = Math.max(MIN_SPACING_MS, until - (this.countingSince ?? now));
      this.spacingMs = period / Math.max(1, this.admittedCount);
    }
    this.holdUntil = Math.max(this.holdUntil, until);
    // The next window starts at the hold's end: its first request may go then, without a spacing.
    this.lastPassAt = Number.NEGATIVE_INFINITY;
    this.countingSince = this.holdUntil;
    this.admittedCount = 0;
    // The pump may be sleeping towards a later turn than the new window's start, or a turn the hold
    // now covers.
    this.nudge?.();
    if (!this.queue.some((p) => p.seq === seq)) {
      // The retry is back when the hold ends (retryWait wakes it) or when its own wait is over, which
      // retryWait records; until then the place is kept to the hold's end.
      this.insert({ seq, keepUntil: until + KEEP_SLACK_MS });
    }
  }

  /**
   * The operation will send nothing more (it succeeded or gave up): a place kept for it is freed, so
   * the requests behind it do not wait for a request that will not come.
   *
   * @param seq - The operation's sequence number.
   */
  forget(seq: number): void {
    const kept = this.keptFor(seq);
    if (kept) {
      this.remove(kept);
      this.nudge?.();
    }
  }

  private time(): number {
    return Math.max(this.opts.now(), this.reached);
  }

  private async sleepUntil(at: number): Promise<void> {
    await this.opts.sleep(at - this.time());
    this.reached = Math.max(this.reached, at);
  }

  /** The pump's wait: until `at`, or until something changes the queue or the hold (a nudge). */
  private async waitUntil(at: number): Promise<void> {
    await Promise.race([new Promise<void>((resolve) => (this.nudge = resolve)), this.sleepUntil(at)]);
    this.nudge = undefined;
  }

  private openAt(): number {
    return Math.max(this.holdUntil, this.lastPassAt + this.spacingMs);
  }

  private keptFor(seq: number): Place | undefined {
    return this.queue.find((p) => p.seq === seq && p.release === undefined);
  }

  /** Whether a request of operation `seq` may go now: the gate is open and nothing older is queued. */
  private isTurnOf(seq: number, kept: Place | undefined, now: number): boolean {
    return this.openAt() <= now && !this.queue.some((p) => p !== kept && p.seq <= seq);
  }

  private pass(now: number): void {
    this.lastPassAt = now;
    this.spacingMs *= 1 - RAMP;
    if (this.spacingMs < MIN_SPACING_MS) {
      this.spacingMs = 0;
    }
  }

  private insert(place: Place): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].seq > place.seq) {
      i--;
    }
    this.queue.splice(i, 0, place);
  }

  private remove(place: Place): void {
    const i = this.queue.indexOf(place);
    if (i >= 0) {
      this.queue.splice(i, 1);
    }
  }

  private dropExpired(now: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i];
      if (p.release === undefined && p.keepUntil <= now) {
        this.queue.splice(i, 1);
      }
    }
  }

  /** Lets the waiting requests through in order, one per spacing, while any wait. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    try {
      while (this.queue.some((p) => p.release !== undefined)) {
        const openAt = this.openAt();
        if (this.time() < openAt) {
          await this.waitUntil(openAt);
          // A 429 meanwhile re-armed the hold (or a request passed): look again, in the same order.
          continue;
        }
        const now = this.time();
        this.dropExpired(now);
        const head = this.queue[0];
        if (head.release === undefined) {
          // An older refused request's turn: wake its retry, and wait for it (or for an older newcomer,
          // or its operation giving up) rather than let a newer one take the turn.
          head.wake?.();
          await this.waitUntil(head.keepUntil);
          // Not back in time (retryWait may have pushed the time on meanwhile): give the place up.
          if (head.release === undefined && head.keepUntil <= this.time()) {
            this.remove(head);
          }
          continue;
        }
        this.queue.shift();
        this.pass(now);
        head.release();
      }
    } catch {
      // The injected sleep failed: let everyone through rather than leave them waiting for ever (the
      // service refuses what is too early, and the retries take it from there).
      for (const p of this.queue.splice(0)) {
        p.release?.();
        p.wake?.();
      }
    } finally {
      this.pumping = false;
    }
  }
}
