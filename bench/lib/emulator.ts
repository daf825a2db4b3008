/**
 * The emulator the benchmarks run against: the real CLI in its own process (so its work never
 * shares an event loop with the code being measured), driven through its control API.
 */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import { EmulatorControl } from "../../emulator/control-client";
import { REPO_ROOT } from "../../tools/repo-root";

/** The token endpoint's path; its calls are counted apart from the API calls. */
const TOKEN_PATH_SUFFIX = "/appidp/token";

/** One request as the emulator logged it. */
export interface LoggedCall {
  method: string;
  path: string;
  status: number;
  query: Record<string, string>;
}

/** API calls counted from the emulator's request log. */
export interface CallCount {
  /** Every API call except the token endpoint. */
  api: number;
  /** Token endpoint calls. */
  token: number;
  /** API calls answered 429 (included in `api`). */
  rateLimited: number;
  /** API calls by `METHOD route` (invite and member ids folded into `{id}`). */
  byRoute: Record<string, number>;
}

/** A running emulator process and its control API. */
export class BenchEmulator {
  private constructor(
    private readonly child: ChildProcess,
    /** Base URL. */
    readonly url: string,
    /** Client id of the app registration it accepts. */
    readonly clientId: string,
    /** Its client secret. */
    readonly clientSecret: string,
    /** The control API client. */
    readonly control: EmulatorControl,
  ) {}

  /** The emulator's process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Starts `dist/emulator/cli.js --port 0` and waits for its ready line. */
  static async start(): Promise<BenchEmulator> {
    const cli = path.join(REPO_ROOT, "dist", "emulator", "cli.js");
    const child = spawn(process.execPath, [cli, "--port", "0", "--seed", "7"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      const onData = (chunk: Buffer): void => {
        out += chunk.toString("utf8");
        const nl = out.indexOf("\n");
        if (nl >= 0) {
          child.stdout?.off("data", onData);
          resolve(out.slice(0, nl));
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before it was ready`)));
      child.once("error", reject);
    });
    const ready = JSON.parse(line) as { url: string; clientId: string; clientSecret: string };
    process.once("exit", () => child.kill("SIGKILL"));
    return new BenchEmulator(
      child,
      ready.url,
      ready.clientId,
      ready.clientSecret,
      new EmulatorControl(ready.url),
    );
  }

  /** Stops the process. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await done;
  }

  /** Empty store, log and faults, start switches (credentials and issued tokens are kept). */
  reset(): Promise<void> {
    return this.control.reset();
  }

  /** Merges switches. */
  setSwitches(patch: Record<string, unknown>): Promise<void> {
    return this.control.setSwitches(patch);
  }

  /** Adds a fault rule. */
  addFault(rule: Record<string, unknown>): Promise<void> {
    return this.control.addFault(rule);
  }

  /** Clears every fault rule. */
  clearFaults(): Promise<void> {
    return this.control.clearFaults();
  }

  /** Forgets the request log. */
  clearRequests(): Promise<void> {
    return this.control.clearRequests();
  }

  /** The request log. */
  async requests(): Promise<LoggedCall[]> {
    const res = await fetch(`${this.url}/_emulator/requests`);
    if (!res.ok) throw new Error(`GET /_emulator/requests failed: ${res.status}`);
    return (await res.json()) as LoggedCall[];
  }

  /** Counts the logged calls, then (unless `keep`) clears the log. */
  async count(keep = false): Promise<CallCount> {
    const calls = await this.requests();
    if (!keep) await this.clearRequests();
    return countCalls(calls);
  }

  /**
   * Fills the tenancy with `members` active members and `invites` pending invites made out of band
   * (control requests are not logged), `parallel` at a time.
   */
  async seed(members: number, invites: number, label: string, parallel = 8): Promise<void> {
    const jobs: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < members; i++)
      jobs.push(() => this.control.addMember(`${label}-member-${i}@example.com`, true));
    for (let i = 0; i < invites; i++)
      jobs.push(() => this.control.inviteOutOfBand(`${label}-pending-${i}@example.com`));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) await jobs[next++]();
    };
    await Promise.all(Array.from({ length: parallel }, () => worker()));
  }
}

/** Counts logged calls; ids in paths are folded so routes group. */
export function countCalls(calls: readonly LoggedCall[]): CallCount {
  const out: CallCount = { api: 0, token: 0, rateLimited: 0, byRoute: {} };
  for (const call of calls) {
    if (call.path.endsWith(TOKEN_PATH_SUFFIX)) {
      out.token++;
      continue;
    }
    out.api++;
    if (call.status === 429) out.rateLimited++;
    const route = `${call.method} ${call.path.replace(/\/(invites|members)\/[^/]+$/, "/$1/{id}")}`;
    out.byRoute[route] = (out.byRoute[route] ?? 0) + 1;
  }
  return out;
}

/** A call count in words: `206 (5× GET /members, 200× POST /invites; +1 token)`. */
export function describeCalls(c: CallCount): string {
  const routes = Object.entries(c.byRoute)
    .map(([route, n]) => `${n}× ${route}`)
    .join(", ");
  return `${c.api} (${routes || "none"}; +${c.token} token)`;
}
