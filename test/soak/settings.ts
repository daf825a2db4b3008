// Knobs of the soak, all from the environment so `npm test` runs a short soak and `npm run soak` a long one.
import type { FaultKind, FaultRule } from "../../emulator";

/** How the engine-driven soak is chosen: never, when the Pulumi CLI is available, or always. */
export type EngineMode = "off" | "auto" | "on";

/** Everything the soak can be told. */
export interface SoakSettings {
  /** Invites declared in the host soak (`SOAK_INVITES`). @default 40 */
  invites: number;
  /** Provider operations in flight at once, like the engine's parallelism (`SOAK_CONCURRENCY`). @default 12 */
  concurrency: number;
  /** Seed of the emulator's fault PRNG (`SOAK_SEED`). @default 20261127 */
  seed: number;
  /** Chance that any API request faults (`SOAK_FAULT_PROBABILITY`). @default 0.25 */
  faultProbability: number;
  /** `datatrails:requestTimeoutSeconds` given to the provider (`SOAK_REQUEST_TIMEOUT_SECONDS`). @default 1 */
  requestTimeoutSeconds: number;
  /** `datatrails:retryBudgetSeconds` given to the provider (`SOAK_RETRY_BUDGET_SECONDS`). @default 20 */
  retryBudgetSeconds: number;
  /**
   * Fault kinds to inject, by `type` (`SOAK_FAULT_KINDS`, comma-separated, e.g. `status,reset-after`), for
   * narrowing a failure down. @default every kind
   */
  faultTypes: string[] | undefined;
  /** Engine-driven soak (`SOAK_ENGINE`: `0`, `1`, or unset = when the CLI is available). */
  engine: EngineMode;
  /** Invites declared in the engine soak (`SOAK_ENGINE_INVITES`). @default 30 with SOAK_ENGINE=1, else 10 */
  engineInvites: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name}=${JSON.stringify(raw)}: expected an integer >= ${min}`);
  }
  return value;
}

function numberFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  }
  return value;
}

const FAULT_TYPES = ["rate-limit", "status", "reset-before", "reset-after", "latency", "malformed", "html"];

function typesFrom(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const types = raw.split(",").map((t) => t.trim());
  const unknown = types.filter((t) => !FAULT_TYPES.includes(t));
  if (unknown.length > 0) {
    throw new Error(`SOAK_FAULT_KINDS: unknown ${unknown.join(", ")}; known: ${FAULT_TYPES.join(", ")}`);
  }
  return types;
}

/** Reads the soak's settings; a malformed value fails loudly rather than soaking something else. */
export function soakSettings(env: NodeJS.ProcessEnv = process.env): SoakSettings {
  const engineRaw = (env.SOAK_ENGINE ?? "").trim();
  const engine: EngineMode = engineRaw === "" ? "auto" : engineRaw === "0" ? "off" : "on";
  return {
    invites: intFrom(env, "SOAK_INVITES", 40, 2),
    concurrency: intFrom(env, "SOAK_CONCURRENCY", 12, 1),
    seed: intFrom(env, "SOAK_SEED", 20261127, 0),
    faultProbability: numberFrom(env, "SOAK_FAULT_PROBABILITY", 0.25, 0, 1),
    requestTimeoutSeconds: numberFrom(env, "SOAK_REQUEST_TIMEOUT_SECONDS", 1, 0.1, 3600),
    retryBudgetSeconds: numberFrom(env, "SOAK_RETRY_BUDGET_SECONDS", 20, 0.1, 3600),
    faultTypes: typesFrom(env.SOAK_FAULT_KINDS),
    engine,
    engineInvites: intFrom(env, "SOAK_ENGINE_INVITES", engine === "on" ? 30 : 10, 1),
  };
}

/**
 * The kinds of fault every API route suffers, picked uniformly. Latency outlasts the request timeout
 * (the server still handles the request after the client gave up: the lost-response case that matters).
 */
export function faultKinds(requestTimeoutSeconds: number, types?: string[]): FaultKind[] {
  const all: FaultKind[] = [
    { type: "rate-limit", resetSeconds: 0.2 },
    { type: "status", status: 500 },
    { type: "status", status: 502 },
    { type: "status", status: 503 },
    { type: "reset-before" },
    { type: "reset-after" },
    { type: "latency", ms: Math.round(requestTimeoutSeconds * 1000 + 500) },
    { type: "malformed" },
    { type: "html" },
  ];
  return types === undefined ? all : all.filter((k) => types.includes(k.type));
}

/** One rule: every API route (token endpoint included) faults with probability `faultProbability`. */
export function everyRouteFaults(s: SoakSettings): FaultRule[] {
  return [
    { route: "*", probability: s.faultProbability, kinds: faultKinds(s.requestTimeoutSeconds, s.faultTypes) },
  ];
}

/** The provider's stack config for the soak: client credentials (the secret as a secret), short timeouts. */
export function providerConfig(
  emu: { url: string; clientId: string; clientSecret: string },
  s: SoakSettings,
): { config: Record<string, string>; secretKeys: string[] } {
  return {
    config: {
      "datatrails:url": emu.url,
      "datatrails:clientId": emu.clientId,
      "datatrails:clientSecret": emu.clientSecret,
      "datatrails:requestTimeoutSeconds": String(s.requestTimeoutSeconds),
      "datatrails:retryBudgetSeconds": String(s.retryBudgetSeconds),
    },
    secretKeys: ["datatrails:clientSecret"],
  };
}

/** `count` distinct invitee emails of one run (unique per label so runs never share an address). */
export function inviteeEmails(label: string, count: number): string[] {
  const width = String(count).length;
  return Array.from(
    { length: count },
    (_, i) => `${label}-${String(i + 1).padStart(width, "0")}@soak.example.com`,
  );
}
