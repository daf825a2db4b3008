/** Results of a benchmark run: rows with targets, machine facts, and their JSON / markdown forms. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as prettier from "prettier";

/** One line of the results table. */
export interface Row {
  /** Figure id, e.g. `"P1"`. */
  id: string;
  /** What was measured, in words. */
  figure: string;
  /** The measured value (`null` when it could not be measured). */
  value: number | null;
  /** The value as shown in the table, with its unit. */
  measured: string;
  /** The target as shown, e.g. `"≤ 2 ms"`; `"—"` for figures reported without a target. */
  target: string;
  /** Whether the target was met; `null` for a figure without a target or not measured. */
  met: boolean | null;
}

/** One figure's rows plus whatever detail backs them (per-op call counts, raw samples, ...). */
export interface FigureResult {
  /** Figure id. */
  id: string;
  /** Its rows in the table. */
  rows: Row[];
  /** Supporting data, recorded in the JSON only. */
  details: Record<string, unknown>;
  /** Short honest remarks (how it was measured, what the provider does), shown under the table. */
  notes: string[];
  /** The error, when the figure failed to run. */
  error?: string;
}

/** Facts about the machine and the software measured. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  date: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  pulumiSdk: string;
  pulumiCli?: string;
  gitCommit?: string;
  gitDirty?: boolean;
}

function bounded(
  id: string,
  figure: string,
  value: number,
  unit: string,
  limit: number,
  digits: number,
  atMostLimit: boolean,
): Row {
  return {
    id,
    figure,
    value,
    measured: `${fmt(value, digits)}${unit}`,
    target: `${atMostLimit ? "≤" : "≥"} ${limit}${unit}`,
    met: Number.isFinite(value) && (atMostLimit ? value <= limit : value >= limit),
  };
}

/** A row with a target of "at most `limit`". */
export function atMost(
  id: string,
  figure: string,
  value: number,
  unit: string,
  limit: number,
  digits = 2,
): Row {
  return bounded(id, figure, value, unit, limit, digits, true);
}

/** A row with a target of "at least `limit`". */
export function atLeast(
  id: string,
  figure: string,
  value: number,
  unit: string,
  limit: number,
  digits = 2,
): Row {
  return bounded(id, figure, value, unit, limit, digits, false);
}

/** A row reported without a target. */
export function info(id: string, figure: string, value: number | null, measured: string): Row {
  return { id, figure, value, measured, target: "—", met: null };
}

/** A row whose target could not be measured. */
export function notMeasured(id: string, figure: string, target: string, why: string): Row {
  return { id, figure, value: null, measured: `not measured (${why})`, target, met: false };
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** Collects the machine facts (git and CLI versions when available). */
export function machineFacts(repoRoot: string): MachineFacts {
  const cpus = os.cpus();
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync("git", args, {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return undefined;
    }
  };
  const sdk = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ) as { version: string };
  return {
    cpuModel: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    pulumiSdk: sdk.version,
    gitCommit: git(["rev-parse", "HEAD"]),
    gitDirty: git(["status", "--porcelain"]) !== "",
  };
}

/** The whole run, as written to JSON. */
export interface RunResult {
  mode: "full" | "quick";
  command: string;
  durationSeconds: number;
  machine: MachineFacts;
  parameters: Record<string, unknown>;
  figures: FigureResult[];
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The markdown the README includes: a caption with the machine, the table, then the notes. */
export function markdown(run: RunResult): string {
  const m = run.machine;
  const lines: string[] = [];
  const quick = run.mode === "quick" ? " **Smoke run (BENCH_QUICK=1, small N): not a measurement.**" : "";
  lines.push(
    `Measured ${m.date.slice(0, 10)} with \`${run.command}\` (${Math.round(run.durationSeconds / 60)} min) on ` +
      `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, @pulumi/pulumi ${m.pulumiSdk}` +
      `${m.pulumiCli ? `, Pulumi CLI ${m.pulumiCli}` : ""}; emulator on loopback in its own process; ` +
      `load average at start ${m.loadAverageAtStart.join(" / ")}.${quick}`,
  );
  lines.push("");
  lines.push("| figure | measured | target | met? |");
  lines.push("| --- | --- | --- | --- |");
  for (const f of run.figures) {
    for (const r of f.rows) {
      const met = r.met === null ? "—" : r.met ? "yes" : "**no**";
      lines.push(`| ${cell(`${r.id} ${r.figure}`)} | ${cell(r.measured)} | ${cell(r.target)} | ${met} |`);
    }
  }
  const notes = run.figures.flatMap((f) => [
    ...(f.error ? [`${f.id}: failed to run: ${f.error}`] : []),
    ...f.notes.map((n) => `${f.id}: ${n}`),
  ]);
  if (notes.length > 0) {
    lines.push("");
    for (const n of notes) lines.push(`- ${n}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes `<base>.json` and `<base>.md` atomically (temp file + rename), formatted by the repository's
 * Prettier config so that `npm run lint` (`prettier --check .`) accepts them as they are.
 */
export async function writeResults(
  dir: string,
  base: string,
  run: RunResult,
): Promise<{ json: string; md: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const write = async (file: string, text: string, parser: "json" | "markdown"): Promise<void> => {
    const options = (await prettier.resolveConfig(file)) ?? {};
    const formatted = await prettier.format(text, { ...options, parser });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, formatted);
    fs.renameSync(tmp, file);
  };
  const json = path.join(dir, `${base}.json`);
  const md = path.join(dir, `${base}.md`);
  await write(json, JSON.stringify(run, null, 2), "json");
  await write(md, markdown(run), "markdown");
  return { json, md };
}
