// What the soak records ("state", as the engine would keep it) and how it is checked against the
// emulator's own store and request log.
import type { EmulatorState, RequestLogEntry, WireInvite } from "../../emulator";
import type { Props } from "../../tools/host";

/** One Invite as the engine would record it in state. */
export interface Recorded {
  /** The resource id (`invites/<uuid>`, or `members/<uuid>` for an existing member). */
  id: string;
  /** Outputs recorded for it (with `__provider`). */
  props: Props;
  /** The checked inputs it was created from. */
  inputs: Props;
}

/** The soak's state file: email → resource. */
export type Ledger = Map<string, Recorded>;

/** How one create ended, as the engine sees it. */
export type CreateOutcome =
  | { email: string; kind: "created"; id: string; props: Props; inputs: Props }
  /** Failed, but with `ErrorResourceInitFailed`: the engine records the id. */
  | { email: string; kind: "init-failed"; id: string; props: Props; inputs: Props; message: string }
  /** Failed with nothing to record. */
  | { email: string; kind: "failed"; message: string };

/** Puts what the engine would record for `outcome` into `ledger`. @returns whether anything was recorded */
export function record(ledger: Ledger, outcome: CreateOutcome): boolean {
  if (outcome.kind === "failed") return false;
  ledger.set(outcome.email, { id: outcome.id, props: outcome.props, inputs: outcome.inputs });
  return true;
}

/** The route of a logged request, as the fault rules name routes. */
export type LoggedRoute =
  | "POST /token"
  | "POST /invites"
  | "GET /invites"
  | "GET /invites/{uuid}"
  | "DELETE /invites/{uuid}"
  | "GET /members"
  | "other";

/** Classifies a logged request by route. */
export function routeOf(r: RequestLogEntry): LoggedRoute {
  if (r.path.endsWith("/appidp/token")) return "POST /token";
  if (/\/members\/?$/.test(r.path)) return r.method === "GET" ? "GET /members" : "other";
  if (/\/invites\/?$/.test(r.path)) {
    if (r.method === "POST") return "POST /invites";
    if (r.method === "GET") return "GET /invites";
    return "other";
  }
  if (/\/invites\/[^/]+\/?$/.test(r.path)) {
    if (r.method === "GET") return "GET /invites/{uuid}";
    if (r.method === "DELETE") return "DELETE /invites/{uuid}";
  }
  return "other";
}

/** Statuses that only a fault produces in the soak (the client never earns them otherwise). */
const FAULT_STATUS: Record<number, string> = {
  0: "reset (before/after: no answer)",
  429: "rate-limit 429",
  500: "status 500",
  502: "status 502 or html 502",
  503: "status 503",
};

/** Counts of a slice of the request log. */
export interface LogStats {
  /** Every API request, the token endpoint included. */
  requests: number;
  /** Requests by route. */
  byRoute: Partial<Record<LoggedRoute, number>>;
  /** Requests by route and status, e.g. `"POST /invites 200"`. */
  byRouteStatus: Record<string, number>;
  /** Answers that only an injected fault produces, by fault kind. Latency and malformed are invisible here. */
  faultsSeen: Record<string, number>;
  /** `POST /invites` requests sent. */
  posts: number;
  /** `POST /invites` answered 200 (a malformed fault also logs 200; a reset-after logs 0 yet stores). */
  posts200: number;
  /** Requests answered 401 (expired or unknown token). */
  unauthorized: number;
  /** Token requests. */
  tokenRequests: number;
  /** Token requests answered 200. */
  token200: number;
  /** Requests that got a retry: answered with a retryable fault status (the client also retries timeouts). */
  retryableAnswers: number;
}

/** Counts requests, faults and retries in `log`. */
export function logStats(log: RequestLogEntry[]): LogStats {
  const stats: LogStats = {
    requests: log.length,
    byRoute: {},
    byRouteStatus: {},
    faultsSeen: {},
    posts: 0,
    posts200: 0,
    unauthorized: 0,
    tokenRequests: 0,
    token200: 0,
    retryableAnswers: 0,
  };
  for (const r of log) {
    const route = routeOf(r);
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const key = `${route} ${r.status}`;
    stats.byRouteStatus[key] = (stats.byRouteStatus[key] ?? 0) + 1;
    const fault = FAULT_STATUS[r.status];
    if (fault !== undefined) {
      stats.faultsSeen[fault] = (stats.faultsSeen[fault] ?? 0) + 1;
      stats.retryableAnswers++;
    }
    if (route === "POST /invites") {
      stats.posts++;
      if (r.status === 200) stats.posts200++;
    }
    if (route === "POST /token") {
      stats.tokenRequests++;
      if (r.status === 200) stats.token200++;
    }
    if (r.status === 401) stats.unauthorized++;
  }
  return stats;
}

/** The store compared with the ledger and the declared emails. */
export interface StoreFindings {
  /** Invites in the store. */
  stored: number;
  /** Pending (unexpired) invites in the store. */
  pending: number;
  /** Emails with two or more pending invites: someone got (or may get) two emails. */
  duplicates: string[];
  /** Invites in the store whose identity the ledger does not know: nobody will ever withdraw them. */
  orphans: WireInvite[];
  /** Declared emails without exactly one pending invite (none, or several). */
  notExactlyOne: string[];
  /** Ledger entries whose invite is not in the store (state points at nothing). */
  dangling: string[];
}

function pendingInvites(state: EmulatorState): WireInvite[] {
  const now = Date.parse(state.now);
  return state.invites.filter((i) => Date.parse(i.expiry_time) > now);
}

/**
 * Compares the emulator's store with the ledger.
 *
 * @param declared - Emails that must each have exactly one pending invite (empty: not checked).
 */
export function compareStore(
  state: EmulatorState,
  ledger: Ledger,
  declared: Iterable<string> = [],
): StoreFindings {
  const pending = pendingInvites(state);
  const perEmail = new Map<string, number>();
  for (const i of pending)
    perEmail.set(i.email.toLowerCase(), (perEmail.get(i.email.toLowerCase()) ?? 0) + 1);
  const known = new Set([...ledger.values()].map((r) => r.id));
  const storedIds = new Set(state.invites.map((i) => i.identity));
  return {
    stored: state.invites.length,
    pending: pending.length,
    duplicates: [...perEmail].filter(([, n]) => n > 1).map(([email]) => email),
    orphans: state.invites.filter((i) => !known.has(i.identity)),
    notExactlyOne: [...declared].filter((email) => perEmail.get(email.toLowerCase()) !== 1),
    dangling: [...ledger]
      .filter(([, r]) => r.id.startsWith("invites/") && !storedIds.has(r.id))
      .map(([email, r]) => `${email} → ${r.id}`),
  };
}

/**
 * Whether an error message is one an operator can act on: it names the API call and its status, or says
 * the request timed out or the connection failed, or is the provider's own refusal naming the invite.
 */
export function isClearMessage(message: string): boolean {
  return (
    /\b(GET|POST|DELETE) \/archivist\/\S+ (failed|returned an unusable response)\b/.test(message) ||
    /timed out|no response within|connection|ECONNRESET|socket hang up/i.test(message) ||
    /already has a pending invite \(invites\/[0-9a-f-]+/.test(message)
  );
}

// A bearer token or secret as the emulator makes them (base64url, 24+ random bytes). UUIDs (ids and
// request ids) have dashes at fixed places and are not mistaken for one.
const TOKEN_SHAPED = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Credentials found in `text`: any of `secrets` verbatim, an `Authorization`/`Bearer` value, or (with
 * `tokenShaped`) a token-shaped string that is not a UUID.
 *
 * @param secrets - Named secrets, e.g. `{ clientSecret: "..." }`.
 */
export function credentialsIn(text: string, secrets: Record<string, string>, tokenShaped = true): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const at = value === "" ? -1 : text.indexOf(value);
    if (at >= 0) {
      // Where it is, with the secret itself masked, so the failure report does not leak it again.
      const around = text
        .slice(Math.max(0, at - 160), at + value.length + 40)
        .split(value)
        .join("<" + name + ">");
      found.push(`${name} in ...${around}...`);
    }
  }
  if (/Bearer\s+[A-Za-z0-9._~+/-]{8,}/.test(text)) found.push("a Bearer value");
  if (/access_token/.test(text)) found.push("an access_token field");
  if (tokenShaped) {
    for (const m of text.match(TOKEN_SHAPED) ?? []) {
      if (!UUID.test(m)) found.push(`token-shaped ${m.slice(0, 4)}…(${m.length} chars)`);
    }
  }
  return found;
}

/** Bounded concurrency: runs `fn` over `items` with at most `limit` in flight, results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Counts values by key. */
export function tally<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Prints one line of the soak's report. */
export function say(line: string): void {
  console.log(`    [soak] ${line}`);
}

/** Formats a count map as `a=1, b=2`, sorted by key. */
export function counts(map: Record<string, number>): string {
  const entries = Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/**
 * Blocks of a dynamic-provider host's stderr that are neither its log of a failed RPC nor the provider's
 * line naming the tenancy it writes to. The host logs each
 * failed operation as `${err}: ${err.stack}` ("Name: message: Name: message" then "    at" lines) and
 * prints a bare stack only for an uncaught exception or unhandled rejection, which is a provider bug.
 */
export function unexpectedStderr(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.trim() === "" || /^\s/.test(line)) continue;
    const m = /^(\w*Error): /.exec(line);
    if (m && line.slice(m[0].length).includes(`: ${m[1]}: `)) continue;
    if (line.startsWith("warning: ")) continue;
    // The deployment's line for the engine's log: which tenancy it writes to.
    if (/^datatrails: writing to tenancy .* \((not pinned|pinned by [\w:]+)\)\.$/.test(line)) continue;
    out.push(line);
  }
  return out;
}
