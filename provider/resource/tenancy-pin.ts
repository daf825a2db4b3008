/**
 * Which tenancy a deployment writes to. All tenancies share one service URL, so only the credentials
 * decide; an invitation sent into the wrong one cannot be taken back (the email goes out). The
 * provider asks the service once per deployment (`GET /archivist/v1/tenancies/self`), tells the user
 * in the engine's log which tenancy it acts on, and, when the `tenancy` setting pins one, refuses every
 * write on a mismatch or when the answer cannot be had.
 */
import { DataTrailsConfigError, type Tenancy } from "../client";
import { CONFIG_KEYS } from "./config-keys";

/** The pin, as the settings give it. */
export interface Pin {
  /** `tenant/<uuid>`. */
  tenancy: string;
  /** The setting that pinned it, for messages: `datatrails:tenancy` or `DATATRAILS_TENANCY`. */
  setting: string;
}

/** The one lookup's outcome: the tenancy, or why it could not be read. */
export type Lookup = { tenancy: Tenancy } | { error: Error };

/** Where the user is told (the engine's log: the plugin's and the host's stderr reach it). */
export interface UserLog {
  /** A line the user should see in `pulumi preview` / `up`. */
  info(message: string): void;
  /** A problem the user should fix. */
  warn(message: string): void;
}

/** Writes to stderr, which the engine shows under the stack's diagnostics for any provider process. */
export const STDERR_LOG: UserLog = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

function named(tenancy: Tenancy): string {
  return tenancy.displayName === ""
    ? tenancy.identity
    : `${JSON.stringify(tenancy.displayName)} (${tenancy.identity})`;
}

/**
 * What the user is told about the lookup, and whether writes are refused. Pure.
 *
 * @param url - The service URL, for the messages.
 * @returns `info` or `warn` (one line for the log) and `refusal` (the error of every write), if any.
 */
export function pinVerdict(
  pin: Pin | undefined,
  lookup: Lookup,
  url: string,
): { info?: string; warn?: string; refusal?: string } {
  if ("error" in lookup) {
    const reason = lookup.error.message;
    if (pin === undefined) {
      return {
        warn:
          `datatrails: could not read which tenancy the credentials for ${url} belong to (${reason}); ` +
          `set ${CONFIG_KEYS.tenancy} to tenant/<uuid> to refuse writes that cannot be confirmed.`,
      };
    }
    return {
      refusal:
        `${pin.setting} pins this provider to tenancy ${pin.tenancy}, but which tenancy its credentials ` +
        `for ${url} belong to could not be read (${reason}): refusing to write. Nothing was sent.`,
    };
  }
  const { tenancy } = lookup;
  if (pin !== undefined && pin.tenancy.toLowerCase() !== tenancy.identity.toLowerCase()) {
    return {
      refusal:
        `${pin.setting} pins this provider to tenancy ${pin.tenancy}, but its credentials belong to ` +
        `tenancy ${named(tenancy)} at ${url}: refusing to write to it. Nothing was sent. Give this ` +
        `provider the credentials of ${pin.tenancy}, or change ${pin.setting} if ${tenancy.identity} is ` +
        `the tenancy meant.`,
    };
  }
  const pinned = pin === undefined ? "not pinned" : `pinned by ${pin.setting}`;
  return { info: `datatrails: writing to tenancy ${named(tenancy)} at ${url} (${pinned}).` };
}

/**
 * The deployment's tenancy check: one lookup, one line in the log, and the verdict every write awaits.
 */
export class TenancyPin {
  private verdict: Promise<string | undefined> | undefined;

  /**
   * @param read - Reads the credentials' tenancy (the client's `getSelfTenancy`).
   * @param pin - The pinned tenancy, if any.
   * @param url - The service URL, for messages.
   * @param log - Where the user is told.
   */
  constructor(
    private readonly read: () => Promise<Tenancy>,
    private readonly pin: Pin | undefined,
    private readonly url: string,
    private readonly log: UserLog,
  ) {}

  /**
   * Looks the tenancy up (the first call only) and tells the user which it is; later calls share the
   * answer. Never rejects.
   *
   * @returns Why writes are refused, or `undefined` when they may go ahead.
   */
  check(): Promise<string | undefined> {
    this.verdict ??= this.read().then(
      (tenancy) => this.tell({ tenancy }),
      (error: unknown) => this.tell({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return this.verdict;
  }

  /**
   * Awaited before every write: resolves when it may go ahead.
   *
   * @throws DataTrailsConfigError naming both tenancies (or why the pinned one cannot be confirmed).
   */
  async beforeWrite(): Promise<void> {
    const refusal = await this.check();
    if (refusal !== undefined) throw new DataTrailsConfigError(refusal, CONFIG_KEYS.tenancy);
  }

  private tell(lookup: Lookup): string | undefined {
    const { info, warn, refusal } = pinVerdict(this.pin, lookup, this.url);
    if (info !== undefined) this.log.info(info);
    if (warn !== undefined) this.log.warn(warn);
    return refusal;
  }
}
