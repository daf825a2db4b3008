// What programs on the native provider need besides the CLI: the plugin path in a copied project's
// Pulumi.yaml, the Python virtualenv (scripts/get-python-venv.sh), and the generated Node.js SDK
// compiled where a program resolves it (as `npm install` of sdk/nodejs's build would put it).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./repo-root";

/** The folder holding the plugin launcher, as a project's `plugins: providers:` path names it. */
export const PLUGIN_DIR = path.join(REPO_ROOT, "plugin");

/**
 * Points a copied project's `plugins: providers:` entry for `datatrails` at this repository's plugin
 * (the examples name it relatively, `../../plugin`, which a copy elsewhere would not find).
 */
export function usePluginFromRepo(projectDir: string): void {
  const file = path.join(projectDir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/(\n\s*path:\s*)\.\.\/\.\.\/plugin\s*\n/, `$1${PLUGIN_DIR}\n`);
  if (next === text) throw new Error(`${file} names no ../../plugin provider path to point at ${PLUGIN_DIR}`);
  fs.writeFileSync(file, next);
}

let venvBin: string | undefined;

/** The Python virtualenv's `bin` (pulumi from PyPI and the generated SDK), made once per process. */
export function ensurePythonVenv(): string {
  if (venvBin) return venvBin;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "get-python-venv.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(path.join(dir, "python3")))
    throw new Error(`get-python-venv.sh printed no venv: ${out}`);
  venvBin = dir;
  return dir;
}

/**
 * Compiles the generated Node.js SDK (sdk/nodejs) with this repository's TypeScript into
 * `<projectDir>/node_modules/pulumi-datatrails`, with its package.json, as a user's install of the
 * built SDK lays it out. `@pulumi/pulumi` resolves from the repository's node_modules above it.
 */
export function installNodeSdk(projectDir: string): string {
  const dest = path.join(projectDir, "node_modules", "pulumi-datatrails");
  fs.rmSync(dest, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] }),
      "-p",
      path.join(REPO_ROOT, "sdk", "nodejs", "tsconfig.json"),
      "--outDir",
      dest,
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  fs.copyFileSync(path.join(REPO_ROOT, "sdk", "nodejs", "package.json"), path.join(dest, "package.json"));
  return dest;
}
