import { Auth, type Credentials } from "./auth";
import { Clock } from "./clock";
import { FaultInjector } from "./faults";
import { EmulatorError } from "./http";
import { writeStateFile, type PersistedState } from "./persistence";
import { RateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { normalizedInvite, Store, type StoredInvite } from "./store";
import { copySwitches, type Switches } from "./switches";

/** What the core needs to start. */
export interface CoreOptions {
  /** Accepted app registration and static token. */
  credentials: Credentials;
  /** Seed of fault probabilities. */
  seed: number;
  /** Switches at start, and after a reset. */
  switches: Switches;
  /** State file, if persistence is on. */
  statePath?: string;
  /** Contents of the state file read at start. */
  persisted?: PersistedState;
}

/** How an invite is being created: through the API (rules apply) or out of band. */
export interface CreateInviteMode {
  /** Apply `duplicatePending` and `inviteQuota`. */
  enforce: boolean;
  /** Lifetime override in seconds; defaults to the `inviteTtlSeconds` switch. */
  ttlSeconds?: number;
}

/** All emulator state, and the operations shared by the API and the control API. */
export class EmulatorCore {
  /** Emulator time. */
  readonly clock: Clock;
  /** Invites and members. */
  readonly store = new Store();
  /** Tokens and credentials. */
  readonly auth: Auth;
  /** Fault rules. */
  readonly faults: FaultInjector;
  /** Per-token rate limit windows. */
  readonly rateLimiter = new RateLimiter();
  /** API requests seen. */
  readonly log = new RequestLog();
  /** Current switches. */
  switches: Switches;
  /** Set once the emulator is stopping; late handlers then neither answer nor persist. */
  stopped = false;

  /** @param options credentials, seed, start switches and the state file, if any */
  constructor(private readonly options: CoreOptions) {
    this.clock = new Clock(options.persisted?.clockOffsetMs ?? 0);
    this.auth = new Auth(options.credentials);
    this.faults = new FaultInjector(options.seed);
    this.switches = copySwitches(options.switches);
    if (options.persisted) {
      this.store.restore(options.persisted);
      this.auth.restore(options.persisted.tokens);
    }
  }

  /** Emulator time in epoch milliseconds. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Whether an invite's expiry time has been reached. */
  isExpired(invite: StoredInvite): boolean {
    return invite.expiryMs <= this.nowMs();
  }

  /** Whether the API shows an invite: always, unless it expired and `expiredInvites` is `vanish`. */
  isVisible(invite: StoredInvite): boolean {
    return this.switches.expiredInvites === "listed" || !this.isExpired(invite);
  }

  /** Invites not yet expired. */
  pendingInvites(): StoredInvite[] {
    return this.store.allInvites().filter((i) => !this.isExpired(i));
  }

  /**
   * Creates an invite, normalising its email and message first under `normalizeStored`.
   * @throws EmulatorError 409 for a duplicate pending invite under `duplicatePending: "conflict"`,
   *   402 when the invite quota is used up (both only when `mode.enforce`)
   */
  createInvite(email: string, message: string, mode: CreateInviteMode): StoredInvite {
    if (mode.enforce) {
      const pending = this.pendingInvites();
      const lower = email.toLowerCase();
      if (
        this.switches.duplicatePending === "conflict" &&
        pending.some((i) => i.email.toLowerCase() === lower)
      ) {
        throw new EmulatorError(409, `a pending invite for ${email} already exists`);
      }
      const quota = this.switches.inviteQuota;
      if (quota !== null && pending.length >= quota) {
        throw new EmulatorError(402, `the tenancy's invite quota (${quota} pending invites) is used up`);
      }
    }
    const ttl = mode.ttlSeconds ?? this.switches.inviteTtlSeconds;
    // Whole seconds, as the service reports expiry without fractions.
    const expiryMs = Math.floor((this.nowMs() + ttl * 1000) / 1000) * 1000;
    const stored = this.switches.normalizeStored ? normalizedInvite(email, message) : { email, message };
    const invite = this.store.addInvite(stored.email, stored.message, expiryMs);
    this.persist();
    return invite;
  }

  /** Empties the store, log, faults and rate windows, zeroes the clock, restores the start switches. */
  reset(): void {
    this.store.clear();
    this.log.clear();
    this.faults.reset();
    this.rateLimiter.reset();
    this.clock.offsetMs = 0;
    this.switches = copySwitches(this.options.switches);
    this.persist();
  }

  /** Writes the state file, when there is one. Called after every change. */
  persist(): void {
    if (this.options.statePath === undefined || this.stopped) return;
    writeStateFile(this.options.statePath, {
      version: 1,
      ...this.store.snapshot(),
      clockOffsetMs: this.clock.offsetMs,
      credentials: { ...this.auth.credentials },
      tokens: this.auth.snapshot(),
    });
  }
}
