import { readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { AccessSnapshot } from "./access-store";
import type { Credentials, TokenRecord } from "./auth";
import { isRecord } from "./http";
import type { StoreSnapshot, StoredInvite, StoredMember } from "./store";
import { tenancyIdentityProblem, type EmulatorTenancy } from "./tenancy";

/** Everything a state file holds. Switches, faults and the request log are deliberately not kept. */
export interface PersistedState extends StoreSnapshot {
  /** Format version, for future migrations. */
  version: 1;
  /** Clock offset in milliseconds. */
  clockOffsetMs: number;
  /** Credentials, reused after a restart unless options override them. */
  credentials: Credentials;
  /** Issued and static tokens, so clients keep working across a restart. */
  tokens: TokenRecord[];
  /** The tenancy it stands in for; absent in files written before tenancies were emulated. */
  tenancy?: EmulatorTenancy;
  /** Access policies, assets and audit events (absent in files written before they existed). */
  access?: AccessSnapshot;
}

/** Thrown when a state file exists but cannot be used; names the file and the problem. */
export class StateFileError extends Error {
  /** @param file path of the state file */
  constructor(file: string, problem: string) {
    super(`state file ${file}: ${problem}`);
    this.name = "StateFileError";
  }
}

function str(v: unknown): v is string {
  return typeof v === "string";
}

function num(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function invite(v: unknown): v is StoredInvite {
  return isRecord(v) && str(v.id) && str(v.email) && str(v.message) && num(v.expiryMs) && num(v.seq);
}

function member(v: unknown): v is StoredMember {
  return (
    isRecord(v) &&
    str(v.id) &&
    str(v.email) &&
    str(v.displayName) &&
    typeof v.active === "boolean" &&
    Array.isArray(v.roles) &&
    v.roles.every(str) &&
    num(v.seq)
  );
}

function token(v: unknown): v is TokenRecord {
  return (
    isRecord(v) &&
    str(v.token) &&
    typeof v.admin === "boolean" &&
    (v.expiresMs === null || num(v.expiresMs)) &&
    typeof v.issued === "boolean" &&
    (v.member === undefined || str(v.member))
  );
}

// Written by this emulator only: the shape is checked, not every field (a bad field fails loudly later).
function accessSnapshot(v: unknown): v is AccessSnapshot {
  return (
    isRecord(v) &&
    Array.isArray(v.policies) &&
    v.policies.every(
      (p) => isRecord(p) && str(p.id) && Array.isArray(p.filters) && Array.isArray(p.permissions),
    ) &&
    Array.isArray(v.assets) &&
    v.assets.every((a) => isRecord(a) && str(a.id) && isRecord(a.attributes)) &&
    Array.isArray(v.events) &&
    num(v.nextSeq)
  );
}

/**
 * Reads a state file.
 * @returns undefined when the file does not exist yet
 * @throws StateFileError when it exists but is not a state file
 */
export function readStateFile(file: string): PersistedState | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new StateFileError(file, "is not valid JSON");
  }
  if (!isRecord(data) || data.version !== 1) throw new StateFileError(file, "is not a version 1 state file");
  const { invites, members, tokens, credentials, clockOffsetMs, nextSeq, tenancy, access } = data;
  if (!Array.isArray(invites) || !invites.every(invite)) throw new StateFileError(file, "has bad invites");
  if (!Array.isArray(members) || !members.every(member)) throw new StateFileError(file, "has bad members");
  if (!Array.isArray(tokens) || !tokens.every(token)) throw new StateFileError(file, "has bad tokens");
  if (
    !isRecord(credentials) ||
    !str(credentials.clientId) ||
    !str(credentials.clientSecret) ||
    !str(credentials.token)
  ) {
    throw new StateFileError(file, "has bad credentials");
  }
  if (!num(clockOffsetMs) || !num(nextSeq))
    throw new StateFileError(file, "has a bad clock offset or sequence");
  if (
    tenancy !== undefined &&
    (!isRecord(tenancy) ||
      tenancyIdentityProblem(tenancy.identity) !== undefined ||
      !str(tenancy.displayName))
  ) {
    throw new StateFileError(file, "has a bad tenancy");
  }
  if (access !== undefined && !accessSnapshot(access))
    throw new StateFileError(file, "has bad access policies");
  return {
    version: 1,
    invites,
    members,
    tokens,
    nextSeq,
    clockOffsetMs,
    ...(access === undefined ? {} : { access }),
    credentials: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      token: credentials.token,
    },
    ...(tenancy !== undefined
      ? { tenancy: { identity: tenancy.identity as string, displayName: tenancy.displayName as string } }
      : {}),
  };
}

/**
 * Writes a state file atomically: a reader (or a crash) sees the old file or the new one, never half.
 */
export function writeStateFile(file: string, state: PersistedState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  // 0600: the file holds the client secret and live tokens.
  writeFileSync(temp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  renameSync(temp, file);
}
