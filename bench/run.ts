/**
 * The benchmark harness: `npm run bench` (full run, writes bench/results/latest.{json,md}) or
 * `BENCH_QUICK=1 node dist/bench/run.js` (small N smoke run, writes bench/results/quick.{json,md}).
 *
 * Environment:
 * - `BENCH_QUICK=1`: small N, one repeat.
 * - `BENCH_ONLY=P1,P3`: run only these figures (P2 and P5 run together).
 * - `BENCH_SKIP_CLI=1`: skip the figures that need the Pulumi CLI (P6 engine rows, P7).
 * - `BENCH_KEEP_TMP=1`: keep the temp install folder and Pulumi backends.
 *
 * Every figure runs side by side against one emulator process on loopback; a figure that fails is
 * reported as such and the others still run.
 */
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../tools/repo-root";
import { p1 } from "./figures/p1-latency";
import { p2p5 } from "./figures/p2-throughput";
import { p3 } from "./figures/p3-size";
import { p4 } from "./figures/p4-rate-limit";
import { p6 } from "./figures/p6-calls";
import { p7 } from "./figures/p7-engine";
import { p8 } from "./figures/p8-scale";
import { p9 } from "./figures/p9-plugin";
import type { BenchContext } from "./lib/context";
import { BenchEmulator } from "./lib/emulator";
import { pulumiCli } from "./lib/engine";
import { machineFacts, writeResults, type FigureResult, type RunResult } from "./lib/report";

interface FigureSpec {
  ids: string[];
  run: (ctx: BenchContext) => Promise<FigureResult | FigureResult[]>;
}

const FIGURES: FigureSpec[] = [
  { ids: ["P1"], run: p1 },
  { ids: ["P2", "P5"], run: p2p5 },
  { ids: ["P3"], run: p3 },
  { ids: ["P4"], run: p4 },
  { ids: ["P6"], run: p6 },
  { ids: ["P6", "P7"], run: p7 },
  { ids: ["P8"], run: p8 },
  { ids: ["P9"], run: p9 },
];

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<number> {
  const quick = process.env.BENCH_QUICK === "1" || process.env.BENCH_QUICK === "true";
  const only = (process.env.BENCH_ONLY ?? "")
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
  const started = Date.now();
  const machine = machineFacts(REPO_ROOT);
  log(
    `${quick ? "quick smoke run" : "full run"} on ${machine.cpuModel} (${machine.cores} cores), load ${machine.loadAverageAtStart.join(" ")}`,
  );
  const cli = pulumiCli();
  if (cli.ok) machine.pulumiCli = cli.version.replace(/^v/, "");
  else log(cli.why);

  const emu = await BenchEmulator.start();
  const ctx: BenchContext = {
    quick,
    emu,
    runId: `${process.pid}${started.toString(36).slice(-4)}`,
    log,
    scale: [],
  };
  const figures: FigureResult[] = [];
  try {
    for (const spec of FIGURES) {
      if (only.length > 0 && !spec.ids.some((id) => only.includes(id))) continue;
      const t0 = Date.now();
      log(`${spec.ids.join("/")}: start`);
      try {
        const result = await spec.run(ctx);
        figures.push(...(Array.isArray(result) ? result : [result]));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${spec.ids.join("/")} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
        for (const id of spec.ids) {
          figures.push({
            id,
            rows: [
              {
                id,
                figure: "(figure failed to run)",
                value: null,
                measured: `error: ${message.split("\n")[0]}`,
                target: "—",
                met: false,
              },
            ],
            details: {},
            notes: [],
            error: message,
          });
        }
        await emu.reset().catch(() => undefined);
      }
      log(`${spec.ids.join("/")}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
    }
  } finally {
    await emu.stop();
  }
  figures.sort((a, b) => a.id.localeCompare(b.id));
  machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const run: RunResult = {
    mode: quick ? "quick" : "full",
    command: quick ? "BENCH_QUICK=1 node dist/bench/run.js" : "npm run bench",
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine,
    parameters: { only: only.length > 0 ? only : "all" },
    figures,
  };
  const out = await writeResults(path.join(REPO_ROOT, "bench", "results"), quick ? "quick" : "latest", run);
  log(
    `wrote ${path.relative(REPO_ROOT, out.json)} and ${path.relative(REPO_ROOT, out.md)} in ${run.durationSeconds} s`,
  );
  const missed = figures.flatMap((f) => f.rows).filter((r) => r.met === false);
  log(missed.length === 0 ? "every target met" : `${missed.length} target(s) missed (see the table)`);
  // A benchmark reports misses; it does not fail on them. Only a crash of the harness exits non-zero.
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
