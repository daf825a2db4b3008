import { randomBytes, timingSafeEqual } from "node:crypto";
import { EmulatorError } from "./http";

/** A bearer token the emulator accepts. */
export interface TokenRecord {
  /** The token itself. */
  token: string;
  /** Whether it belongs to a tenancy administrator (others get 403 on the API). */
  admin: boolean;
  /** Expiry in emulator epoch milliseconds; null for static tokens, which never expire. */
  expiresMs: number | null;
  /** Whether the token endpoint issued it (as opposed to a static token). */
  issued: boolean;
  /** UUID of the member the token belongs to (static tokens only), for the "cannot change yourself" rule. */
  member?: string;
}

/** The app registration the token endpoint accepts, plus the static administrator token. */
export interface Credentials {
  /** Client id of the app registration. */
  clientId: string;
  /** Client secret of the app registration. */
  clientSecret: string;
  /** Static administrator bearer token. */
  token: string;
}

/** What the token endpoint answers. */
export interface TokenResponse {
  /** The new bearer token. */
  access_token: string;
  /** Always `Bearer`. */
  token_type: "Bearer";
  /** Lifetime in seconds. */
  expires_in: number;
}

/** The caller behind a request that passed authentication. */
export interface Caller {
  /** The bearer token, the key of per-caller rate limits. */
  token: string;
  /** Whether the token endpoint issued it (the app registration's client credentials). */
  issued: boolean;
  /** UUID of the member a static token was bound to, if any. */
  member: string | undefined;
}

/** A random URL-safe secret. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Issues and checks bearer tokens. */
export class Auth {
  private tokens = new Map<string, TokenRecord>();

  /** @param credentials the app registration and static token this emulator accepts */
  constructor(readonly credentials: Credentials) {
    this.addStatic(credentials.token, true);
  }

  /**
   * Accepts `token` from now on, without expiry.
   * @param member UUID of the member the token belongs to, if any
   */
  addStatic(token: string, admin: boolean, member?: string): TokenRecord {
    const record: TokenRecord = { token, admin, expiresMs: null, issued: false };
    if (member !== undefined) record.member = member;
    this.tokens.set(token, record);
    return { ...record };
  }

  /**
   * Handles a token request body (form-encoded).
   * @throws EmulatorError 400 for a missing or unsupported grant, 401 for wrong credentials
   */
  issue(formBody: string, nowMs: number, ttlSeconds: number): TokenResponse {
    const form = new URLSearchParams(formBody);
    const grant = form.get("grant_type");
    if (grant !== "client_credentials") {
      throw new EmulatorError(400, 'grant_type must be "client_credentials"');
    }
    const id = form.get("client_id") ?? "";
    const secret = form.get("client_secret") ?? "";
    if (!sameSecret(id, this.credentials.clientId) || !sameSecret(secret, this.credentials.clientSecret)) {
      throw new EmulatorError(401, "client_id or client_secret is wrong");
    }
    const token = randomSecret(32);
    this.tokens.set(token, { token, admin: true, expiresMs: nowMs + ttlSeconds * 1000, issued: true });
    return { access_token: token, token_type: "Bearer", expires_in: ttlSeconds };
  }

  /**
   * Checks an `Authorization` header.
   * @throws EmulatorError 401 for a missing, malformed, unknown or expired token; 403 for a non-administrator
   */
  authenticate(header: string | undefined, nowMs: number): Caller {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match) throw new EmulatorError(401, "a bearer token is required");
    const record = this.tokens.get(match[1]);
    if (!record) throw new EmulatorError(401, "the bearer token is not valid");
    if (record.expiresMs !== null && record.expiresMs <= nowMs) {
      throw new EmulatorError(401, "the bearer token has expired");
    }
    if (!record.admin) throw new EmulatorError(403, "the caller is not a tenancy administrator");
    return { token: record.token, issued: record.issued, member: record.member };
  }

  /** Makes every issued token expire at `nowMs`. @returns how many were still live */
  expireIssued(nowMs: number): number {
    let count = 0;
    for (const record of this.tokens.values()) {
      if (record.issued && record.expiresMs !== null && record.expiresMs > nowMs) {
        record.expiresMs = nowMs;
        count++;
      }
    }
    return count;
  }

  /** Every accepted token, for persistence. */
  snapshot(): TokenRecord[] {
    return [...this.tokens.values()].map((r) => ({ ...r }));
  }

  /** Adds tokens from a state file (the configured static token stays). */
  restore(records: readonly TokenRecord[]): void {
    for (const record of records) {
      if (record.token !== this.credentials.token) this.tokens.set(record.token, { ...record });
    }
  }
}
