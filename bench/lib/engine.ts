/** The real Pulumi CLI and engine for the benchmarks (P6, P7): availability, stacks, programs. */
import { execFileSync } from "child_process";
import * as path from "path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { createBackend, createStack, ensurePulumiCli, type Backend } from "../../tools/pulumi";
import type { BenchEmulator } from "./emulator";

/** The CLI when it is usable, or why it is not. */
export type CliStatus = { ok: true; version: string; defaultParallel?: number } | { ok: false; why: string };

let status: CliStatus | undefined;

/**
 * Makes the Pulumi CLI available (scripts/get-pulumi.sh; cached after the first build), once per run.
 * `BENCH_SKIP_CLI=1` skips it (and the figures that need it).
 */
export function pulumiCli(): CliStatus {
  if (status) return status;
  if (process.env.BENCH_SKIP_CLI) return (status = { ok: false, why: "BENCH_SKIP_CLI is set" });
  try {
    const dir = ensurePulumiCli();
    const pulumi = path.join(dir, "pulumi");
    const version = execFileSync(pulumi, ["version"], { encoding: "utf8" }).trim();
    const help = execFileSync(pulumi, ["up", "--help"], { encoding: "utf8" });
    const parallel = /--parallel\b[^\n]*\(default (\d+)\)/.exec(help)?.[1];
    status = { ok: true, version, ...(parallel ? { defaultParallel: Number(parallel) } : {}) };
  } catch (err) {
    status = {
      ok: false,
      why: `Pulumi CLI unavailable: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
    };
  }
  return status;
}

/** A stack whose inline program runs in this process, on its own throwaway backend. */
export interface BenchStack {
  stack: Stack;
  backend: Backend;
}

let counter = 0;

/** Creates a stack configured for the emulator (client credentials, the secret as a secret). */
export async function benchStack(label: string, emu: BenchEmulator, program: PulumiFn): Promise<BenchStack> {
  const backend = createBackend(`bench-${label}`);
  try {
    const stack = await createStack({
      backend,
      stackName: `${label}-${process.pid}-${++counter}`,
      projectName: "datatrails-invites-bench",
      program,
      config: {
        "datatrails:url": { value: emu.url },
        "datatrails:clientId": { value: emu.clientId },
        "datatrails:clientSecret": { value: emu.clientSecret, secret: true },
      },
    });
    return { stack, backend };
  } catch (err) {
    backend.remove();
    throw err;
  }
}

/** Removes a stack's backend (state and work folders) unless BENCH_KEEP_TMP is set. */
export function removeStack(s: BenchStack | undefined): void {
  if (s && !process.env.BENCH_KEEP_TMP) s.backend.remove();
}
