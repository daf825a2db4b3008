/**
 * `npm run bench:profile`: where the provider host's CPU time goes. Runs N creates, reads and deletes
 * through Pulumi's dynamic-provider host with this provider, then the same RPCs with a do-nothing
 * provider, each host recording a CPU profile; prints self time by owner and the top functions.
 *
 * Environment: `PROFILE_INVITES` (default 2000); `PROFILE_KEEP=1` keeps the `.cpuprofile` files (open
 * them in Chrome DevTools or speedscope) and prints where they are.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../tools/repo-root";
import { configuredHost, email, type BenchContext } from "../lib/context";
import { BenchEmulator } from "../lib/emulator";
import { baselineProviderSource } from "../lib/baselines";
import { inFlight, round, valuesOrThrow } from "../lib/stats";
import { summarize, type CpuProfile, type Entry } from "./summarize";

const PARALLEL = 16;
const PRELOAD = path.join(REPO_ROOT, "dist", "bench", "profile", "cpu-profile-preload.js");

function log(message: string): void {
  process.stderr.write(`[profile] ${message}\n`);
}

/** N creates, reads and deletes through one profiled host; returns the profile's path. */
async function profiledRun(
  ctx: BenchContext,
  label: string,
  count: number,
  provider?: string,
): Promise<string> {
  const out = path.join(os.tmpdir(), `host-${label}-${process.pid}.cpuprofile`);
  await ctx.emu.reset();
  const host = await configuredHost(ctx, {
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROFILE: out },
    ...(provider ? { provider } : {}),
  });
  try {
    const created = valuesOrThrow(
      await inFlight(count, PARALLEL, async (i) => {
        const checked = await host.check({}, { email: email(ctx, label, i) });
        return host.create(checked.inputs);
      }),
    );
    valuesOrThrow(await inFlight(count, PARALLEL, (i) => host.read(created[i].id, created[i].properties)));
    valuesOrThrow(await inFlight(count, PARALLEL, (i) => host.delete(created[i].id, created[i].properties)));
  } finally {
    await host.stop();
  }
  if (!fs.existsSync(out)) throw new Error(`the host wrote no profile to ${out}`);
  return out;
}

function table(entries: Entry[], count: number, limit: number): string {
  return entries
    .slice(0, limit)
    .map(
      (e) =>
        `  ${(e.share * 100).toFixed(1).padStart(5)} %  ${(e.ms / count).toFixed(3).padStart(7)} ms/invite  ${e.name}`,
    )
    .join("\n");
}

async function main(): Promise<void> {
  const count = Number(process.env.PROFILE_INVITES ?? 2000);
  const emu = await BenchEmulator.start();
  const ctx: BenchContext = { quick: false, emu, runId: `${process.pid}`, log, scale: [] };
  try {
    for (const [label, provider] of [
      ["this provider", undefined],
      ["do-nothing provider", await baselineProviderSource("noop")],
    ] as const) {
      log(`${count} creates, reads and deletes through a profiled host (${label})`);
      const file = await profiledRun(ctx, label.replace(/\W+/g, "-"), count, provider);
      const summary = summarize(JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile);
      const busy = summary.byOwner.filter((e) => e.owner !== "idle/GC").reduce((n, e) => n + e.ms, 0);
      process.stdout.write(
        `\n## ${label}: ${round(summary.totalMs / 1000, 1)} s sampled, ${round(busy / count, 3)} ms of CPU per invite (create + read + delete)\n` +
          `by owner (self time):\n${table(summary.byOwner, count, 10)}\n` +
          `top functions (self time):\n${table(summary.byFunction, count, 15)}\n`,
      );
      if (process.env.PROFILE_KEEP) process.stdout.write(`profile: ${file}\n`);
      else fs.rmSync(file, { force: true });
    }
  } finally {
    await emu.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
