/** What every figure gets: the emulator, run parameters, and ways to reach the API. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { DataTrailsClient } from "../../provider/client";
import { startHost, type Host, type HostOptions } from "../../tools/host";
import type { BenchEmulator } from "./emulator";
import { benchApp } from "./baselines";
import { installedProviderSource } from "./pack";

/** Shared state of one benchmark run. */
export interface BenchContext {
  /** Small N (BENCH_QUICK=1). */
  readonly quick: boolean;
  /** The emulator all figures run against. */
  readonly emu: BenchEmulator;
  /** A tag unique to this run, used in emails. */
  readonly runId: string;
  /** Progress line on stderr. */
  log(message: string): void;
  /** Points of the scale curve, added by the figures that measure them (P7, P8). */
  readonly scale: ScalePoint[];
}

/** One point of the scale curve: one command at one size. */
export interface ScalePoint {
  /** Through the real CLI in a project folder, or through the provider host alone. */
  level: "engine" | "host";
  /** Invites declared. */
  size: number;
  /** The command. */
  op: "up" | "refresh" | "destroy";
  /** API calls it made (the token endpoint not counted). */
  calls: number;
  /** Its wall time, ms. */
  ms: number;
}

/** Stack config the engine would send: URL and client credentials, the secret marked secret. */
export function providerConfig(emu: BenchEmulator): Record<string, string> {
  return {
    "datatrails:url": emu.url,
    "datatrails:clientId": emu.clientId,
    "datatrails:clientSecret": emu.clientSecret,
  };
}

/** How to start and configure a bench host. */
export interface BenchHostOptions extends HostOptions {
  /** Stack config added to the emulator's URL and credentials (e.g. `datatrails:maxRequestsInFlight`). */
  config?: Record<string, string>;
}

/**
 * A fresh dynamic-provider host (one deployment, as the engine starts one per command), configured
 * like the engine does it.
 */
export async function configuredHost(ctx: BenchContext, options: BenchHostOptions = {}): Promise<Host> {
  const { config, ...hostOptions } = options;
  // By default the provider as users' state records it (installed from the package), not this
  // checkout's larger by-name stubs: every RPC carries that text. The host starts in the installed
  // folder, as the engine starts it in a user's project, so it loads the installed package and SDK.
  const host = await startHost({
    cwd: await benchApp(),
    provider: await installedProviderSource(),
    ...hostOptions,
  });
  try {
    await host.configure({ ...providerConfig(ctx.emu), ...config }, ["datatrails:clientSecret"]);
  } catch (err) {
    await host.stop();
    throw err;
  }
  return host;
}

/** Runs `run` with a fresh configured host (one command = one deployment), stopping it afterwards. */
export async function withHost<T>(ctx: BenchContext, run: (host: Host) => Promise<T>): Promise<T> {
  const host = await configuredHost(ctx);
  try {
    return await run(host);
  } finally {
    await host.stop();
  }
}

/** The bare API client with the same credentials (`maxInFlight` defaults to the client's 8). */
export function bareClient(ctx: BenchContext, maxInFlight?: number): DataTrailsClient {
  return new DataTrailsClient({
    url: ctx.emu.url,
    clientId: ctx.emu.clientId,
    clientSecret: ctx.emu.clientSecret,
    ...(maxInFlight === undefined ? {} : { transport: { maxInFlight } }),
  });
}

/** A unique invitee email for this run. */
export function email(ctx: BenchContext, label: string, i: number): string {
  return `${label}-${ctx.runId}-${i}@example.com`;
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process, in bytes; `undefined` when unreadable. */
export function memoryOf(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
    return { hwm: kb("VmHWM") * 1024, rss: kb("VmRSS") * 1024 };
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system) a process has used so far, in ms; `undefined` when unreadable. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return undefined;
  }
}
