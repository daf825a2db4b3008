// Lints GitHub Actions workflows with a pinned actionlint (scripts/get-actionlint.sh builds it from
// the Go module proxy once, then caches it): the examples' workflow and the release workflow.
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { REPO_ROOT } from "./repo-root";

const run = promisify(execFile);

/** One finding of actionlint. */
export interface ActionlintFinding {
  message: string;
  line: number;
  kind: string;
}

/** actionlint's verdict on one file. */
export interface ActionlintResult {
  /** 0: no findings; 1: findings; more: actionlint failed. */
  code: number;
  findings: ActionlintFinding[];
  stderr: string;
}

let binary: string | undefined;

/** The pinned actionlint's path (built the first time: up to a few minutes cold). */
export function ensureActionlint(): string {
  if (binary) return binary;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "get-actionlint.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const found = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(found)) throw new Error(`get-actionlint.sh printed no actionlint: ${out}`);
  binary = found;
  return found;
}

/** actionlint's findings on `file` and its exit code. */
export async function actionlint(file: string): Promise<ActionlintResult> {
  try {
    const { stdout, stderr } = await run(ensureActionlint(), ["-no-color", "-format", "{{json .}}", file]);
    return { code: 0, findings: JSON.parse(stdout) as ActionlintFinding[], stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    const findings = e.code === 1 ? (JSON.parse(e.stdout ?? "[]") as ActionlintFinding[]) : [];
    return { code: typeof e.code === "number" ? e.code : -1, findings, stderr: e.stderr ?? "" };
  }
}
