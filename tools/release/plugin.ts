// The plugin tarball: what `pulumi plugin install` unpacks into the plugin cache and runs. The
// provider is JavaScript, so one content serves every platform: the launcher at the root (a shell
// script; `pulumi-resource-datatrails.cmd` beside it for Windows, which the CLI runs there), the
// compiled provider, schema.json, a package.json carrying the version, and the production
// node_modules (@pulumi/pulumi included: it is a peer dependency of the npm package, but the plugin
// runs on its own). It needs only a `node` of a supported line on PATH.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../repo-root";
import { PLUGIN_NAME } from "./artifacts";
import { runCommand } from "./commands";

/** The launcher's file name (the CLI runs `pulumi-resource-<name>`). */
export const LAUNCHER = "pulumi-resource-datatrails";

/** The Windows launcher: the CLI looks for `<launcher>.exe`, then `<launcher>.cmd`. */
export const WINDOWS_LAUNCHER = `${LAUNCHER}.cmd`;

/** The Windows launcher's text: the compiled provider beside it, run by the `node` on PATH. */
export const WINDOWS_LAUNCHER_TEXT = [
  "@echo off",
  "rem The datatrails resource provider plugin on Windows: the compiled provider beside this file,",
  "rem run by the node on PATH (Node.js 22 or later).",
  'node "%~dp0dist\\provider\\plugin\\main.js" %*',
  "",
].join("\r\n");

/** The package.json fields the plugin's own package.json keeps from the repository's. */
interface RootPackage {
  name: string;
  version: string;
  license?: string;
  repository?: unknown;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * The plugin's package.json: the repository's name (the client's user agent looks for it), version
 * and dependencies, plus @pulumi/pulumi at the version the repository tests against (a peer and
 * dev dependency there).
 */
export function pluginPackageJson(root: RootPackage): Record<string, unknown> {
  const pulumi = root.devDependencies?.["@pulumi/pulumi"];
  if (!pulumi) throw new Error("package.json has no devDependency @pulumi/pulumi to give the plugin");
  return {
    name: root.name,
    version: root.version,
    description: `The native Pulumi resource provider plugin "${PLUGIN_NAME}", run by ${LAUNCHER}.`,
    license: root.license,
    repository: root.repository,
    private: true,
    engines: root.engines,
    dependencies: { ...root.dependencies, "@pulumi/pulumi": pulumi },
  };
}

function copyCompiled(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) copyCompiled(src, dest);
    else if (entry.name.endsWith(".js")) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dest);
    }
  }
}

/** Files with native code (they would tie a tarball to one platform). */
function nativeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...nativeFiles(full));
    else if (entry.name.endsWith(".node")) out.push(full);
  }
  return out;
}

/**
 * Lays the plugin out in `stage` (emptied first) from the repository's build (`npm run build`
 * done): the launchers, `dist/provider` (JavaScript only), schema.json, package.json, and
 * `npm install --omit=dev` with the repository's lock file, so every dependency is at its locked
 * version.
 *
 * @throws Error when a dependency carries native code (the tarballs would differ by platform).
 */
export function stagePlugin(stage: string): void {
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as RootPackage;
  fs.copyFileSync(path.join(REPO_ROOT, "plugin", LAUNCHER), path.join(stage, LAUNCHER));
  fs.chmodSync(path.join(stage, LAUNCHER), 0o755);
  fs.writeFileSync(path.join(stage, WINDOWS_LAUNCHER), WINDOWS_LAUNCHER_TEXT);
  copyCompiled(path.join(REPO_ROOT, "dist", "provider"), path.join(stage, "dist", "provider"));
  fs.copyFileSync(path.join(REPO_ROOT, "schema.json"), path.join(stage, "schema.json"));
  fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(pluginPackageJson(root), null, 2)}\n`);
  fs.copyFileSync(path.join(REPO_ROOT, "package-lock.json"), path.join(stage, "package-lock.json"));
  runCommand(
    "npm",
    ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
    { cwd: stage },
  );
  const native = nativeFiles(path.join(stage, "node_modules"));
  if (native.length > 0) {
    throw new Error(
      `the plugin's dependencies carry native code, one tarball cannot serve every platform: ${native.join(", ")}`,
    );
  }
}

/**
 * Writes `stage`'s content as a gzipped tarball `out`, reproducibly: entries sorted, owner 0,
 * every mtime `epoch` (seconds), no name or time in the gzip header. Needs GNU tar.
 */
export function tarPlugin(stage: string, out: string, epoch: number): void {
  const entries = fs.readdirSync(stage).sort();
  const tar = [
    "tar",
    "--sort=name",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    `--mtime=@${epoch}`,
    "-cf",
    "-",
    ...entries,
  ].map((a) => `'${a}'`);
  runCommand("bash", ["-o", "pipefail", "-c", `${tar.join(" ")} | gzip -n > '${out}'`], { cwd: stage });
}
