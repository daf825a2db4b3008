/**
 * This package as a user installs it: `npm pack` of the checkout (dist already built), installed with
 * npm into one folder outside the repository, once per bench run. Every figure that needs the
 * installed form shares that folder: P3, the provider text bench hosts send, and every project folder
 * the CLI runs (they live inside it, so their `require`s resolve to its node_modules).
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
/** The Pulumi SDK installed next to the packed package (the version this repository builds against). */
export const PULUMI_SDK_FOR_INSTALL = "@pulumi/pulumi@3.270.0";
/** What the installed provider must capture instead of code. */
export const EXPECTED_REQUIRE = `require("${PACKAGE_NAME}/dynamic-provider")`;

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

let installed: Promise<string> | undefined;

/**
 * A folder outside the repository where `npm install <tarball> @pulumi/pulumi` ran, as a user's
 * project has it. Outside, because inside the repository Node's package self-reference and the
 * checkout's node_modules would resolve `pulumi-datatrails-invites` to the checkout, whose provider
 * serializes to the larger by-name text, and the bench would measure a state users never have.
 * Removed when the process exits (unless BENCH_KEEP_TMP is set).
 */
export function installedApp(log: (message: string) => void = () => undefined): Promise<string> {
  installed ??= (async () => {
    const tarball = await packedTarball();
    const app = fs.mkdtempSync(path.join(os.tmpdir(), "bench-installed-"));
    if (!process.env.BENCH_KEEP_TMP) {
      process.once("exit", () => fs.rmSync(app, { recursive: true, force: true }));
    }
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "bench-installed", version: "0.0.0", private: true }, null, 2),
    );
    log(`bench: npm install ${path.basename(tarball)} ${PULUMI_SDK_FOR_INSTALL} in ${app}`);
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, PULUMI_SDK_FOR_INSTALL],
      { cwd: app, maxBuffer: 64 * 1024 * 1024 },
    );
    return app;
  })();
  return installed;
}

/**
 * Serializes `provider`, defined by `definition` (JavaScript run inside `app`), the way
 * `pulumi.dynamic.Resource` does, in a child process started there; returns the `__provider` text.
 */
export async function serializedIn(app: string, label: string, definition: string): Promise<string> {
  const script = path.join(app, `bench-serialize-${label}.js`);
  fs.writeFileSync(
    script,
    `"use strict";
${definition}
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
serializeFunction(() => provider, { allowSecrets: true }).then(
  (sf) => process.stdout.write(JSON.stringify({ text: sf.text }) + "\\n"),
  (err) => { process.stderr.write(String((err && err.stack) || err) + "\\n"); process.exit(1); },
);
`,
  );
  const out = await run(process.execPath, [script], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(out.stdout) as { text: string }).text;
}

let installedText: Promise<string> | undefined;

/**
 * The `__provider` text a user's state holds: the provider serialized in the installed folder, one
 * `require("pulumi-datatrails-invites/dynamic-provider")`. Bench hosts start in that folder too
 * (see context.ts), so they run exactly what users' hosts run, with the small text users' RPCs carry.
 */
export function installedProviderSource(): Promise<string> {
  installedText ??= (async () =>
    serializedIn(
      await installedApp(),
      "invite",
      `const { inviteProvider: provider } = require(${JSON.stringify(PACKAGE_NAME)});`,
    ))();
  return installedText;
}
