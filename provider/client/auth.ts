/**
 * Token sources, in the order the client prefers them: a static bearer token, a token file, and
 * OAuth2 client credentials (cached, renewed before expiry, fetched once however many requests
 * wait for it). Every secret is registered with redact.ts the moment it is known.
 */
import { promises as fsp, readFileSync, statSync } from "node:fs";
import { DataTrailsConfigError } from "./errors";
import type { Logger } from "./logger";
import type { Credentials } from "./options";
import { registerSecret } from "./redact";
import type { AccessToken } from "./wire";

/** Supplies the bearer token for API calls. */
export interface TokenSource {
  /** The token to send now (read or fetched when needed). */
  getToken(): Promise<string>;
  /**
   * Called when an API call using `usedToken` got a 401. Renews if that can help.
   *
   * @returns Whether one more attempt with {@link getToken}'s new answer is worthwhile.
   */
  renewAfterUnauthorized(usedToken: string): Promise<boolean>;
}

/** A fixed token: a 401 is final. */
class StaticTokenSource implements TokenSource {
  /** @param token - The bearer token. */
  constructor(private readonly token: string) {
    registerSecret(token);
  }

  /** @inheritDoc */
  async getToken(): Promise<string> {
    return this.token;
  }

  /** @inheritDoc */
  async renewAfterUnauthorized(): Promise<boolean> {
    return false;
  }
}

const HEADER_LINE = /^(?:authorization\s*:\s*)?bearer\s+(\S+)$/i;

/**
 * Extracts the token from a token file's text: a bare token, `Bearer <token>`, or the DataTrails
 * docs' header line `Authorization: Bearer <token>` (the form `curl -H @file` reads).
 *
 * @param content - The file's text.
 * @param filePath - Named in errors.
 * @throws DataTrailsConfigError when the file is empty or holds something else (never quoted).
 * @internal
 */
export function parseTokenFile(content: string, filePath: string): string {
  const text = content.trim();
  if (text === "") {
    throw new DataTrailsConfigError(
      `Token file ${filePath} is empty. Write the token into it, bare or as "Authorization: Bearer <token>".`,
      "tokenFile",
    );
  }
  const header = HEADER_LINE.exec(text);
  const token = header ? header[1] : /\s/.test(text) ? undefined : text;
  if (token === undefined) {
    // The content is probably a token with some decoration: never quote it.
    throw new DataTrailsConfigError(
      `Token file ${filePath} does not hold a token. Expected one line: a bare token, or "Authorization: Bearer <token>".`,
      "tokenFile",
    );
  }
  registerSecret(token);
  return token;
}

/**
 * Why a token file cannot be used, as {@link tokenFileProblem} finds it.
 * @internal
 */
export type TokenFileProblem =
  { kind: "directory" } | { kind: "unreadable"; code: string } | { kind: "empty" };

/**
 * Checks, before any request, that a token file exists, is not a directory and holds something. The
 * provider runs it at configure time so a bad path surfaces at preview, worded by its config key.
 * @internal
 */
export function tokenFileProblem(filePath: string): TokenFileProblem | undefined {
  let content: string;
  try {
    if (statSync(filePath).isDirectory()) {
      return { kind: "directory" };
    }
    content = readFileSync(filePath, "utf8");
  } catch (err) {
    return { kind: "unreadable", code: (err as NodeJS.ErrnoException).code ?? "unreadable" };
  }
  return content.trim() === "" ? { kind: "empty" } : undefined;
}

/** A token read from a file; re-read once after a 401, in case it was rotated meanwhile. */
class TokenFileSource implements TokenSource {
  private token: string | undefined;
  private reading: Promise<string> | undefined;
  private warned = false;

  /**
   * @param filePath - The token file.
   * @param logger - Receives the warning about loose file permissions.
   */
  constructor(
    private readonly filePath: string,
    private readonly logger: Required<Logger>,
  ) {}

  /** @inheritDoc */
  async getToken(): Promise<string> {
    return this.token ?? this.read();
  }

  /** @inheritDoc */
  async renewAfterUnauthorized(usedToken: string): Promise<boolean> {
    if (this.token === usedToken) {
      this.token = undefined;
    }
    return (await this.getToken()) !== usedToken;
  }

  private read(): Promise<string> {
    // One read shared by everyone waiting, so the permission warning (and the I/O) happens once.
    this.reading ??= this.readNow().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readNow(): Promise<string> {
    let content: string;
    try {
      const stat = await fsp.stat(this.filePath);
      if (!stat.isFile()) {
        throw new DataTrailsConfigError(
          `Token file ${this.filePath} is not a regular file. Fix the path.`,
          "tokenFile",
        );
      }
      // Windows reports made-up permission bits, so the check would only produce noise there.
      if (!this.warned && process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
        this.warned = true;
        this.logger.warn(
          `Token file ${this.filePath} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); ` +
            `restrict it with: chmod 600 ${this.filePath}`,
        );
      }
      content = await fsp.readFile(this.filePath, "utf8");
    } catch (err) {
      if (err instanceof DataTrailsConfigError) {
        throw err;
      }
      const code = (err as NodeJS.ErrnoException).code;
      const problem = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(err)})`;
      throw new DataTrailsConfigError(
        `Token file ${this.filePath} ${problem}. Fix the tokenFile path or create the file.`,
        "tokenFile",
        { cause: err },
      );
    }
    const token = parseTokenFile(content, this.filePath);
    this.token = token;
    return token;
  }
}

/** Settings of {@link ClientCredentialsSource}. */
interface ClientCredentialsSettings {
  /** App registration client id. */
  clientId: string;
  /** App registration secret. */
  clientSecret: string;
  /** Performs the token request (with its own retries). */
  exchange: (clientId: string, clientSecret: string) => Promise<AccessToken>;
  /** Clock, epoch ms. */
  now: () => number;
  /** Renew this long before expiry, ms (capped at 10% of the token's lifetime). */
  renewBeforeMs: number;
  /** Debug log of renewals. */
  logger: Required<Logger>;
}

// When the server states no lifetime, assume DataTrails' usual one hour; a 401 still renews early.
const ASSUMED_TTL_MS = 3_600_000;

/** Client-credentials tokens: cached, renewed before expiry, single-flight. */
class ClientCredentialsSource implements TokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  /** @param settings - Credentials, token exchange, clock. */
  constructor(private readonly settings: ClientCredentialsSettings) {
    registerSecret(settings.clientSecret);
  }

  /** @inheritDoc */
  async getToken(): Promise<string> {
    const cached = this.cached;
    if (cached && this.settings.now() < cached.renewAt) {
      return cached.token;
    }
    return this.fetch();
  }

  /** @inheritDoc */
  async renewAfterUnauthorized(usedToken: string): Promise<boolean> {
    // Only drop the token that failed: a concurrent request may already have renewed it.
    if (this.cached?.token === usedToken) {
      this.cached = undefined;
    }
    await this.getToken();
    return true;
  }

  private fetch(): Promise<string> {
    this.fetching ??= this.fetchNow().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchNow(): Promise<string> {
    const { clientId, clientSecret, exchange, now, renewBeforeMs, logger } = this.settings;
    const obtainedAt = now();
    const { token, ttlMs } = await exchange(clientId, clientSecret);
    registerSecret(token);
    const ttl = ttlMs ?? ASSUMED_TTL_MS;
    const margin = Math.min(renewBeforeMs, ttl * 0.1);
    this.cached = { token, renewAt: obtainedAt + ttl - margin };
    logger.debug(
      `Obtained an access token valid for ${Math.round(ttl / 1000)} s; renewing ${Math.round(margin / 1000)} s early`,
    );
    return token;
  }
}

/** What {@link tokenSourceFor} needs besides the credentials. */
type TokenSourceSettings = Omit<ClientCredentialsSettings, "clientId" | "clientSecret">;

/**
 * The token source for the chosen credentials: a static token, a token file, or client
 * credentials exchanged through `settings.exchange`.
 */
export function tokenSourceFor(credentials: Credentials, settings: TokenSourceSettings): TokenSource {
  switch (credentials.kind) {
    case "token":
      return new StaticTokenSource(credentials.token);
    case "tokenFile":
      return new TokenFileSource(credentials.path, settings.logger);
    case "clientCredentials":
      return new ClientCredentialsSource({
        ...settings,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
  }
}
