/**
 * This package as a user installs it: `npm pack` of the checkout (dist already built), once per bench
 * run. Figures that need the installed form (P3, and every project folder the CLI runs) share it.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { REPO_ROOT } from "../../tools/repo-root";

const run = promisify(execFile);

/** The package's name, as a project requires it. */
export const PACKAGE_NAME = "pulumi-datatrails-invites";

let packed: Promise<string> | undefined;

/** Path of the tarball `npm pack` made of this checkout (no scripts: dist is already built). */
export function packedTarball(): Promise<string> {
  packed ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-pack-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const out = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [{ filename }] = JSON.parse(out.stdout) as Array<{ filename: string }>;
    return path.join(dir, path.basename(filename));
  })();
  return packed;
}

/**
 * Puts the packed package's files at `<dir>/node_modules/pulumi-datatrails-invites`, exactly what
 * `npm install <tarball>` would place there. Its dependencies (`@pulumi/pulumi`, `node-fetch`, `yaml`)
 * resolve from the repository's node_modules above `dir`, so no install from a registry is needed;
 * `dir` must therefore lie inside the repository.
 */
export async function placePackedPackage(dir: string): Promise<void> {
  const tarball = await packedTarball();
  const target = path.join(dir, "node_modules", PACKAGE_NAME);
  fs.mkdirSync(target, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
}

/**
 * A script to run inside a folder where the package is installed: serializes its provider the way
 * `pulumi.dynamic.Resource` does, and prints `{"text": ...}` on one line.
 */
export const SERIALIZE_SCRIPT = `"use strict";
const { inviteProvider } = require("pulumi-datatrails-invites");
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
serializeFunction(() => inviteProvider, { allowSecrets: true }).then(
  (sf) => process.stdout.write(JSON.stringify({ text: sf.text }) + "\\n"),
  (err) => { process.stderr.write(String((err && err.stack) || err) + "\\n"); process.exit(1); },
);
`;

let installedText: Promise<string> | undefined;

/**
 * The `__provider` text a user's state holds: the provider serialized from the packed package, one
 * `require("pulumi-datatrails-invites/dynamic-provider")`. A host started in the repository resolves
 * that require to this checkout (its node_modules links the package to itself), so bench hosts run
 * exactly what users' hosts run, with the small text users' RPCs carry.
 */
export function installedProviderSource(): Promise<string> {
  installedText ??= (async () => {
    const root = path.join(REPO_ROOT, ".cache", "pulumi-runs");
    fs.mkdirSync(root, { recursive: true });
    const dir = fs.mkdtempSync(path.join(root, "bench-serialize-"));
    try {
      await placePackedPackage(dir);
      fs.writeFileSync(path.join(dir, "serialize.js"), SERIALIZE_SCRIPT);
      const out = await run(process.execPath, ["serialize.js"], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
      return (JSON.parse(out.stdout) as { text: string }).text;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  })();
  return installedText;
}
