// The SDKs as their users install them, from the generated sources under sdk/: the Node.js SDK
// compiled and packed for npm, the Python SDK as a wheel and an sdist (python -m build), the Go
// SDK as its module folder.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../repo-root";
import { runCommand } from "./commands";

/** The Python build tooling, pinned (PyPI), in a virtualenv cached with a stamp of these pins. */
export const PYTHON_BUILD_REQUIREMENTS = ["build==1.6.1", "setuptools==84.2.1"];

/**
 * Compiles sdk/nodejs (a copy in `work`, inside the repository so its @pulumi/pulumi and
 * @types/node resolve) with the repository's TypeScript into `bin/`, adds package.json and README,
 * and packs it into `outDir`.
 *
 * @returns The tarball's file name (npm pack's).
 */
export function packNodeSdk(work: string, outDir: string): string {
  const dir = path.join(work, "sdk-nodejs");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(REPO_ROOT, "sdk", "nodejs"), dir, { recursive: true });
  const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
  runCommand(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], { cwd: dir });
  for (const file of ["package.json", "README.md"]) {
    fs.copyFileSync(path.join(dir, file), path.join(dir, "bin", file));
  }
  const out = runCommand(
    "npm",
    ["pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", outDir],
    { cwd: path.join(dir, "bin"), capture: true },
  );
  return out.trim().split("\n").pop() ?? "";
}

/**
 * The virtualenv holding the pinned Python build tooling, under `cacheDir` (made or remade when
 * the pins or the Python change).
 *
 * @returns The venv's python.
 */
export function pythonBuildVenv(cacheDir: string): string {
  const venv = path.join(cacheDir, "release-python-build");
  const python = path.join(venv, "bin", "python3");
  const version = runCommand("python3", ["-c", "import sys; print(sys.version.split()[0])"], {
    cwd: REPO_ROOT,
    capture: true,
  }).trim();
  const stamp = `${PYTHON_BUILD_REQUIREMENTS.join(" ")} python=${version}`;
  const stampFile = path.join(venv, ".stamp");
  if (fs.existsSync(python) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
    return python;
  }
  fs.rmSync(venv, { recursive: true, force: true });
  runCommand("python3", ["-m", "venv", venv], { cwd: REPO_ROOT });
  runCommand(
    python,
    ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...PYTHON_BUILD_REQUIREMENTS],
    {
      cwd: REPO_ROOT,
    },
  );
  fs.writeFileSync(stampFile, stamp);
  return python;
}

/**
 * Builds sdk/python (a copy in `work`: the build writes beside the sources) into a wheel and an
 * sdist in `outDir` (the wheel built from the sdist), with `python -m build` on the pinned tooling (no isolation: the tooling is
 * the pinned one, not whatever PyPI serves that day).
 */
export function buildPythonSdk(work: string, outDir: string, cacheDir: string): void {
  const python = pythonBuildVenv(cacheDir);
  const dir = path.join(work, "sdk-python");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(REPO_ROOT, "sdk", "python"), dir, { recursive: true });
  runCommand(python, ["-m", "build", "--no-isolation", "--outdir", outDir, dir], {
    cwd: dir,
  });
}

/** Copies the Go SDK module (sdk/go: go.mod and the `datatrails` package) to `outDir/<name>`. */
export function copyGoModule(outDir: string, name: string): void {
  fs.cpSync(path.join(REPO_ROOT, "sdk", "go"), path.join(outDir, name), { recursive: true });
}
