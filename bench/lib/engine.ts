/** The real Pulumi CLI for the benchmarks (P6, P7): whether it is usable, and its default parallelism. */
import { execFileSync } from "child_process";
import * as path from "path";
import { ensurePulumiCli } from "../../tools/pulumi";

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
