import { isRecord } from "./http";
import { seededRandom, type Random } from "./prng";

/** The API routes a fault can target; `*` targets all of them. */
export const FAULT_ROUTES = [
  "POST /invites",
  "GET /invites",
  "GET /invites/{uuid}",
  "DELETE /invites/{uuid}",
  "GET /members",
  "PATCH /members/{uuid}",
  "POST /members/{uuid}:activate",
  "POST /members/{uuid}:deactivate",
  "GET /caps",
  "GET /tenancies/self",
  "GET /access_policies",
  "POST /access_policies",
  "GET /access_policies/{uuid}",
  "PATCH /access_policies/{uuid}",
  "DELETE /access_policies/{uuid}",
  "GET /access_policies/{uuid}/assets",
  "POST /token",
  "*",
] as const;

/** A route a fault can target. */
export type FaultRoute = (typeof FAULT_ROUTES)[number];

/** One way a request can go wrong. */
export type FaultKind =
  | { type: "latency"; ms: number }
  | { type: "status"; status: number }
  | { type: "rate-limit"; resetSeconds: number }
  | { type: "reset-before" }
  | { type: "reset-after" }
  | { type: "malformed" }
  | { type: "html" };

/** Faults drawn at random: each request to the route has `probability` of getting one of `kinds`. */
export interface ProbabilisticFault {
  /** Targeted route. */
  route: FaultRoute;
  /** Chance per request, 0 to 1. */
  probability: number;
  /** Kinds to pick from, uniformly. */
  kinds: FaultKind[];
}

/** Faults in a fixed order: each request to the route consumes one entry (`null` = no fault). */
export interface ScriptedFault {
  /** Targeted route. */
  route: FaultRoute;
  /** Remaining entries; the rule is dropped once they are all consumed. */
  sequence: Array<FaultKind | null>;
}

/** A fault rule, as posted to `/_emulator/faults`. */
export type FaultRule = ProbabilisticFault | ScriptedFault;

/** Thrown for a malformed fault rule; the message names the field. */
export class FaultsError extends Error {
  /** @param message what is wrong, naming the field */
  constructor(message: string) {
    super(message);
    this.name = "FaultsError";
  }
}

function finite(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new FaultsError(`${field} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkKeys(field: string, value: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new FaultsError(`${field}.${key} is not a known field`);
  }
}

/**
 * Checks one fault kind.
 * @throws FaultsError naming the field
 */
export function normalizeFaultKind(value: unknown, field = "kind"): FaultKind {
  if (!isRecord(value)) throw new FaultsError(`${field} must be an object with a "type"`);
  switch (value.type) {
    case "latency":
      checkKeys(field, value, ["type", "ms"]);
      return { type: "latency", ms: Math.round(finite(`${field}.ms`, value.ms, 0, 120000)) };
    case "status": {
      checkKeys(field, value, ["type", "status"]);
      const status = finite(`${field}.status`, value.status, 400, 599);
      if (!Number.isInteger(status)) throw new FaultsError(`${field}.status must be an integer`);
      return { type: "status", status };
    }
    case "rate-limit":
      checkKeys(field, value, ["type", "resetSeconds"]);
      return {
        type: "rate-limit",
        resetSeconds:
          value.resetSeconds === undefined ? 1 : finite(`${field}.resetSeconds`, value.resetSeconds, 0, 3600),
      };
    case "reset-before":
    case "reset-after":
    case "malformed":
    case "html":
      checkKeys(field, value, ["type"]);
      return { type: value.type };
    default:
      throw new FaultsError(
        `${field}.type must be one of latency, status, rate-limit, reset-before, reset-after, malformed, html`,
      );
  }
}

/**
 * Checks one fault rule (probabilistic or scripted).
 * @throws FaultsError naming the field
 */
export function normalizeFaultRule(value: unknown): FaultRule {
  if (!isRecord(value)) throw new FaultsError("a fault rule must be a JSON object");
  const route = FAULT_ROUTES.find((r) => r === value.route);
  if (route === undefined) {
    throw new FaultsError(`route must be one of ${FAULT_ROUTES.map((r) => JSON.stringify(r)).join(", ")}`);
  }
  if (value.sequence !== undefined) {
    checkKeys("rule", value, ["route", "sequence"]);
    if (!Array.isArray(value.sequence)) throw new FaultsError("sequence must be an array");
    const sequence = value.sequence.map((kind: unknown, i: number) =>
      kind === null ? null : normalizeFaultKind(kind, `sequence[${i}]`),
    );
    return { route, sequence };
  }
  checkKeys("rule", value, ["route", "probability", "kinds"]);
  const probability = finite("probability", value.probability, 0, 1);
  if (!Array.isArray(value.kinds) || value.kinds.length === 0) {
    throw new FaultsError("kinds must be a non-empty array (or give a sequence instead)");
  }
  const kinds = value.kinds.map((kind: unknown, i: number) => normalizeFaultKind(kind, `kinds[${i}]`));
  return { route, probability, kinds };
}

function copyRule(rule: FaultRule): FaultRule {
  return "sequence" in rule
    ? { route: rule.route, sequence: rule.sequence.map((k) => (k === null ? null : { ...k })) }
    : { route: rule.route, probability: rule.probability, kinds: rule.kinds.map((k) => ({ ...k })) };
}

/**
 * Holds fault rules and decides the fault of each request. Rules are consulted in the order they were
 * added; the first that yields a fault wins and later rules are not consulted (nor their sequences
 * consumed) for that request.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private random: Random;

  /** @param seed seed of the generator behind probabilities */
  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Adds rules after checking all of them. @returns every rule now active */
  add(input: unknown): FaultRule[] {
    const rules = (Array.isArray(input) ? input : [input]).map(normalizeFaultRule);
    this.rules.push(...rules);
    return this.list();
  }

  /** Every active rule (copies; scripted ones show what is left). */
  list(): FaultRule[] {
    return this.rules.map(copyRule);
  }

  /** Drops every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Drops every rule and restarts the generator from the seed, so a soak can be replayed. */
  reset(): void {
    this.clear();
    this.random = seededRandom(this.seed);
  }

  /** Decides the fault, if any, of one request to `route`. */
  pick(route: Exclude<FaultRoute, "*">): FaultKind | undefined {
    for (const rule of [...this.rules]) {
      if (rule.route !== route && rule.route !== "*") continue;
      if ("sequence" in rule) {
        const next = rule.sequence.shift();
        if (rule.sequence.length === 0) this.rules = this.rules.filter((r) => r !== rule);
        if (next) return { ...next };
      } else if (this.random() < rule.probability) {
        const kind = rule.kinds[Math.floor(this.random() * rule.kinds.length)];
        return { ...kind };
      }
    }
    return undefined;
  }
}
