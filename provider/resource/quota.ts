import { DataTrailsError, isHTTPError, isNotFound, type Cap } from "../client";

/**
 * The one call the quota needs from the client.
 * @internal
 */
export interface CapsSource {
  /** `GET /archivist/v1/caps?service=...`. */
  getCaps(service: "invites" | "members"): Promise<Cap[]>;
}

/** The invite cap as read once, and what this deployment did since. */
interface Reading {
  /** The cap entry for invites, or `undefined` when the service lists none (no cap known). */
  cap: Cap | undefined;
}

/**
 * Refused before anything was sent (or translated from the service's 402): the tenancy's invite cap
 * is used up. Names the cap and how many invites remain.
 */
export class InviteCapError extends DataTrailsError {
  override name = "InviteCapError";
  /** The cap's size, when the caps endpoint told it. */
  readonly cap: number | undefined;
  /** Invites that may still be sent (0 or less). */
  readonly remaining: number;

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
      options,
    );
    this.cap = cap?.cap;
    this.remaining = Math.max(remaining, 0);
  }
}

/**
 * The tenancy's invite cap for one deployment: the caps endpoint is read at most once, and only when
 * an invite is about to be sent; the invites this deployment sends and withdraws are counted against
 * that reading, so a deployment that fills the cap stops before the next POST.
 * @internal
 */
export class InviteQuota {
  private reading?: Promise<Reading>;
  private sent = 0;
  private withdrawn = 0;

  /** @param client where the caps are read */
  constructor(private readonly client: CapsSource) {}

  /**
   * Resolves when an invite may be sent to `email`; rejects with {@link InviteCapError}, before any
   * POST, when the cap says none remain.
   */
  async ensureRoom(email: string): Promise<void> {
    const { cap } = await this.read();
    if (cap === undefined) return;
    const remaining = this.remaining(cap);
    if (remaining <= 0) throw new InviteCapError(email, cap, remaining);
  }

  /** Counts an invite this deployment sent. */
  noteSent(): void {
    this.sent += 1;
  }

  /** Counts an invite this deployment withdrew (which may free room under the cap). */
  noteWithdrawn(): void {
    this.withdrawn += 1;
  }

  /**
   * The error to report for the service's 402 when inviting `email`: the same words as the check
   * before sending, with the cap read (once) if it was not read yet.
   */
  async refusal(email: string, err: unknown): Promise<InviteCapError> {
    let cap: Cap | undefined;
    try {
      cap = (await this.read()).cap;
    } catch {
      // The 402 already says the cap is used up; a failed caps read must not hide that.
      cap = undefined;
    }
    return new InviteCapError(email, cap, 0, { cause: err });
  }

  private remaining(cap: Cap): number {
    return Math.min(cap.cap, cap.remaining - this.sent + this.withdrawn);
  }

  private read(): Promise<Reading> {
    this.reading ??= this.client.getCaps("invites").then(
      (caps) => ({ cap: invitesCap(caps) }),
      (err: unknown) => {
        // A service without the caps endpoint has no cap to check.
        if (isNotFound(err)) return { cap: undefined };
        // Any other failed read is not kept: the next invite about to be sent reads again.
        this.reading = undefined;
        throw err;
      },
    );
    return this.reading;
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
