/**
 * The client's rate-limit gate. After a 429 every request waits out the window the service announced,
 * then requests are let through one at a time, oldest operation first, at the pace the service was
 * seen to allow. A refused request's retry waits in the same queue, at its operation's place, so newer
 * operations cannot overtake it window after window (starve it).
 */

/** What the gate needs from the client: its clock and its sleep, injected so tests need no timers. */
export interface RateLimitGateOptions {
  /** Clock, epoch ms. */
  now: () => number;
  /** Waits `ms` milliseconds. */
  sleep: (ms: number) => Promise<void>;
}

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

/** A request waiting for its turn. */
interface Place {
  /** The operation's sequence number: lower is older, and older goes first. */
  readonly seq: number;
  /**
   * A refused request's own retry delay ends here (epoch ms). It holds only while nothing waits behind
   * the request: then the gate's order and spacing do what the delay's jitter is for.
   */
  readonly notBefore: number;
  /** Lets the request through. */
  readonly release: () => void;
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
  // Wakes the pump from its wait when something changed (a newcomer, a pass, a new hold).
  private nudge: (() => void) | undefined;

  /** @param opts - Clock and sleep. */
  constructor(private readonly opts: RateLimitGateOptions) {}

  /** The spacing (ms) between requests let through, as last measured and ramped since; 0 when unpaced. */
  get spacing(): number {
    return this.spacingMs;
  }

  /**
   * Waits for this request's turn: at once unless a hold is on, the spacing since the last request has
   * not passed, or an older operation's request is waiting.
   *
   * @param seq - The operation's sequence number (lower is older).
   * @param retryDelayMs - For the retry of a request the service refused (429): the retry's own delay,
   *   kept only while no other request waits behind it.
   */
  async enter(seq: number, retryDelayMs = 0): Promise<void> {
    const now = this.time();
    if (retryDelayMs <= 0 && this.openAt() <= now && !this.queue.some((p) => p.seq <= seq)) {
      this.pass(now);
      return;
    }
    await new Promise<void>((release) => {
      this.insert({ seq, notBefore: now + retryDelayMs, release });
      void this.pump();
    });
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
   * The service refused a request with 429, asking for `waitMs`: every request is held until then. The
   * refused request's retry comes back through {@link enter}, at its operation's place.
   *
   * @param waitMs - The wait the service asked for, in ms.
   */
  refused(waitMs: number): void {
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
  }

  private time(): number {
    return Math.max(this.opts.now(), this.reached);
  }

  private async sleepUntil(at: number): Promise<void> {
    // The clock is read again here: a millisecond clock may have ticked past `at` since the pump
    // looked, and a negative setTimeout prints a warning on the provider's stderr.
    await this.opts.sleep(Math.max(0, at - this.time()));
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

  private pass(now: number): void {
    this.lastPassAt = now;
    this.spacingMs *= 1 - RAMP;
    if (this.spacingMs < MIN_SPACING_MS) {
      this.spacingMs = 0;
    }
    // The pump may be waiting towards a turn this pass moved.
    this.nudge?.();
  }

  private insert(place: Place): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].seq > place.seq) {
      i--;
    }
    this.queue.splice(i, 0, place);
    // A new head, or a request behind a lone retry, changes when the next turn is.
    this.nudge?.();
  }

  /** Lets the waiting requests through in order, one per spacing, while any wait. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        const turn = this.queue.length > 1 ? this.openAt() : Math.max(this.openAt(), head.notBefore);
        if (this.time() < turn) {
          await this.waitUntil(turn);
          // A 429, a newcomer or a pass meanwhile may have moved the turn: look again, in order.
          continue;
        }
        this.queue.shift();
        this.pass(this.time());
        head.release();
      }
    } catch {
      // The injected sleep failed: let everyone through rather than leave them waiting for ever (the
      // service refuses what is too early, and the retries take it from there).
      for (const p of this.queue.splice(0)) {
        p.release();
      }
    } finally {
      this.pumping = false;
    }
  }
}
