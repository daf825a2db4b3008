import { DataTrailsError, isHTTPError, isNotFound, type Cap, type CapService } from "../client";

/**
 * The one call the quota needs from the client.
 * @internal
 */
export interface CapsSource {
  /** `GET /archivist/v1/caps?service=...`. */
  getCaps(service: CapService): Promise<Cap[]>;
}

/** A cap as read once. */
interface Reading {
  /** The cap entry, or `undefined` when the service lists none (no cap known). */
  cap: Cap | undefined;
}

/**
 * Refused before anything was sent (or translated from the service's 402): a cap of the tenancy is
 * used up. Carries the cap's size and what remains.
 */
export class CapUsedUpError extends DataTrailsError {
  /** The cap's size, when the caps endpoint told it. */
  readonly cap: number | undefined;
  /** How many may still be created (0 or less). */
  readonly remaining: number;

  /**
   * @param message what was refused, naming the cap and the fix
   * @param cap the cap read from the service, when known
   * @param remaining how many remain
   * @param options `cause`: the service's 402, when it answered one
   */
  constructor(message: string, cap: Cap | undefined, remaining: number, options?: { cause?: unknown }) {
    super(message, options);
    this.cap = cap?.cap;
    this.remaining = Math.max(remaining, 0);
  }
}

/**
 * Refused before anything was sent (or translated from the service's 402): the tenancy's invite cap
 * is used up. Names the cap and how many invites remain.
 */
export class InviteCapError extends CapUsedUpError {
  override name = "InviteCapError";

  /**
   * @param email who was about to be invited
   * @param cap the cap read from the service, when known
   * @param remaining how many invites remain
   * @param options `cause`: the service's 402, when it answered one
   */
  constructor(email: string, cap: Cap | undefined, remaining: number, options?: { cause?: unknown }) {
    const named = cap
      ? `the tenancy's invite cap (${cap.resourceType || "invites"}: ${cap.cap} in all) has ${Math.max(remaining, 0)} remaining`
      : `the tenancy's invite cap is used up (0 remaining)`;
    super(
      `cannot invite ${email}: ${named}, so DataTrails refuses another invite (402 Payment Required). ` +
        `Withdraw pending invites that are no longer needed (remove them from the program), or ask ` +
        `DataTrails to raise the cap; no invite was sent.`,
      cap,
      remaining,
      options,
    );
  }
}

/**
 * One cap of the tenancy for one deployment: the caps endpoint is read at most once, and only when
 * something is about to be created; what this deployment creates and removes is counted against that
 * reading, so a deployment that fills the cap stops before the next POST.
 * @internal
 */
export class CapQuota<E extends CapUsedUpError> {
  private reading?: Promise<Reading>;
  private sent = 0;
  private withdrawn = 0;

  /**
   * @param client where the caps are read
   * @param service the caps service read
   * @param pick the entry of that service's caps that limits what is created
   * @param refuse the error for `what` when the cap says none remain (with the service's 402 as cause)
   */
  constructor(
    private readonly client: CapsSource,
    private readonly service: CapService,
    private readonly pick: (caps: readonly Cap[]) => Cap | undefined,
    private readonly refuse: (
      what: string,
      cap: Cap | undefined,
      remaining: number,
      options?: { cause?: unknown },
    ) => E,
  ) {}

  /** Resolves when `what` may be created; rejects, before any POST, when the cap says none remain. */
  async ensureRoom(what: string): Promise<void> {
    const { cap } = await this.read();
    if (cap === undefined) return;
    const remaining = this.remaining(cap);
    if (remaining <= 0) throw this.refuse(what, cap, remaining);
  }

  /** Counts something this deployment created. */
  noteSent(): void {
    this.sent += 1;
  }

  /** Counts something this deployment removed (which may free room under the cap). */
  noteWithdrawn(): void {
    this.withdrawn += 1;
  }

  /**
   * The error to report for the service's 402 when creating `what`: the same words as the check
   * before sending, with the cap read (once) if it was not read yet.
   */
  async refusal(what: string, err: unknown): Promise<E> {
    let cap: Cap | undefined;
    try {
      cap = (await this.read()).cap;
    } catch {
      // The 402 already says the cap is used up; a failed caps read must not hide that.
      cap = undefined;
    }
    return this.refuse(what, cap, 0, { cause: err });
  }

  private remaining(cap: Cap): number {
    return Math.min(cap.cap, cap.remaining - this.sent + this.withdrawn);
  }

  private read(): Promise<Reading> {
    this.reading ??= this.client.getCaps(this.service).then(
      (caps) => ({ cap: this.pick(caps) }),
      (err: unknown) => {
        // A service without the caps endpoint has no cap to check.
        if (isNotFound(err)) return { cap: undefined };
        // Any other failed read is not kept: the next create about to be sent reads again.
        this.reading = undefined;
        throw err;
      },
    );
    return this.reading;
  }
}

/**
 * The tenancy's invite cap for one deployment (see {@link CapQuota}).
 * @internal
 */
export class InviteQuota extends CapQuota<InviteCapError> {
  /** @param client where the caps are read */
  constructor(client: CapsSource) {
    super(client, "invites", invitesCap, (...args) => new InviteCapError(...args));
  }
}

/** The cap that limits invites: the entry naming invites, else the only entry listed. */
function invitesCap(caps: readonly Cap[]): Cap | undefined {
  return caps.find((c) => /invite/i.test(c.resourceType)) ?? (caps.length === 1 ? caps[0] : undefined);
}

/**
 * Whether `err` is the service refusing an invite because the cap is used up (402).
 * @internal
 */
export function isCapRefusal(err: unknown): boolean {
  return isHTTPError(err) && err.status === 402;
}
