// `npm run release`: builds every artifact of the release of package.json's version into release/
// (see tools/release/artifacts.ts for the names): the npm package, the plugin tarball for each
// platform, the Node.js SDK tarball, the Python SDK's wheel and sdist, the Go SDK's module folder
// and SHA256SUMS over all of them. Refuses to build from a stale schema.json or sdk/, or without a
// CHANGELOG section for the version. Prints each step's time and each artifact's size.
//
// Knobs (environment): SOURCE_DATE_EPOCH (the plugin tarballs' file times; default: the last
// commit's time), PULUMI_CLI_CACHE_DIR (where the CLI, the codegen host and the Python build
// tooling are cached; default .cache).
import * as fs from "fs";
import * as path from "path";
import { pluginDownloadUrl, readPackageInfo } from "../provider/plugin";
import {
  artifactFiles,
  buildPythonSdk,
  checksumsOf,
  copyGoModule,
  downloadUrlStatements,
  drift,
  filesUnder,
  formatChecksums,
  packNodeSdk,
  PLUGIN_PLATFORMS,
  RELEASE_DIR,
  releaseArtifacts,
  runCommand,
  stagePlugin,
  tarPlugin,
  versionStatements,
} from "../tools/release";
import { REPO_ROOT } from "../tools/repo-root";
import { schemaText } from "./gen-schema";

const steps: [string, number][] = [];
function step<T>(name: string, fn: () => T): T {
  const started = Date.now();
  console.error(`== release: ${name}`);
  const result = fn();
  steps.push([name, (Date.now() - started) / 1000]);
  return result;
}

function sizeOf(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.size;
  return filesUnder(file).reduce((sum, f) => sum + fs.statSync(path.join(file, f)).size, 0);
}

function human(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function sourceEpoch(): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  try {
    return Number(runCommand("git", ["log", "-1", "--format=%ct"], { cwd: REPO_ROOT, capture: true }).trim());
  } catch {
    return Math.floor(Date.now() / 1000);
  }
}

function main(): void {
  const started = Date.now();
  const info = readPackageInfo(REPO_ROOT);
  const names = releaseArtifacts(info.version);
  console.error(
    `== release ${info.version} of ${info.repository.owner}/${info.repository.repo} into ${RELEASE_DIR}`,
  );

  step("checks: schema.json, sdk/, CHANGELOG", () => {
    if (fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8") !== schemaText()) {
      throw new Error(
        "schema.json is stale: run `npm run gen:schema` and `npm run gen:sdk`, and commit them",
      );
    }
    const changelog = fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8");
    if (!new RegExp(`^## ${info.version.replace(/\./g, "\\.")}( |$)`, "m").test(changelog)) {
      throw new Error(`CHANGELOG.md has no "## ${info.version}" section: write it before releasing`);
    }
    runCommand("bash", [path.join(REPO_ROOT, "scripts", "gen-sdk.sh"), "--check"], { cwd: REPO_ROOT });
    const drifted = [
      ...drift(versionStatements(REPO_ROOT), info.version),
      ...drift(downloadUrlStatements(REPO_ROOT), pluginDownloadUrl(info.repository)),
    ];
    if (drifted.length > 0) {
      throw new Error(
        `not every source says version ${info.version} and ${pluginDownloadUrl(info.repository)}: ` +
          drifted.map((d) => `${d.where} says ${d.value ?? "nothing"}`).join("; "),
      );
    }
  });

  fs.rmSync(RELEASE_DIR, { recursive: true, force: true });
  const work = path.join(RELEASE_DIR, ".work");
  fs.mkdirSync(work, { recursive: true });

  step("npm package (npm pack)", () => {
    // `npm run release` has built dist/; the package's stripped types are prepare's last step.
    runCommand("npm", ["run", "--silent", "build:package"], { cwd: REPO_ROOT });
    runCommand("npm", ["pack", "--ignore-scripts", "--loglevel=error", "--pack-destination", RELEASE_DIR], {
      cwd: REPO_ROOT,
      capture: true,
    });
  });

  const stage = path.join(work, "plugin");
  step("plugin: stage with production node_modules", () => stagePlugin(stage));
  step("plugin: tarballs", () => {
    const [first, ...rest] = PLUGIN_PLATFORMS;
    tarPlugin(stage, path.join(RELEASE_DIR, names.plugins[first]), sourceEpoch());
    // The content is JavaScript and the same for every platform: the same bytes under each name.
    for (const platform of rest) {
      fs.copyFileSync(
        path.join(RELEASE_DIR, names.plugins[first]),
        path.join(RELEASE_DIR, names.plugins[platform]),
      );
    }
  });

  step("Node.js SDK (tsc, npm pack)", () => {
    const packed = packNodeSdk(work, RELEASE_DIR);
    if (packed !== names.nodeSdk)
      throw new Error(`npm pack of the Node.js SDK wrote ${packed}, not ${names.nodeSdk}`);
  });
  const cacheDir = path.resolve(REPO_ROOT, process.env.PULUMI_CLI_CACHE_DIR ?? ".cache");
  step("Python SDK (python -m build)", () => buildPythonSdk(work, RELEASE_DIR, cacheDir));
  step("Go SDK (module folder)", () => copyGoModule(RELEASE_DIR, names.goModule));

  const unpacked = sizeOf(stage);
  fs.rmSync(work, { recursive: true, force: true });

  const artifacts = artifactFiles(names);
  step("SHA256SUMS", () => {
    const present = fs.readdirSync(RELEASE_DIR).sort();
    const missing = artifacts.filter((a) => !present.includes(a));
    const extra = present.filter((p) => !artifacts.includes(p));
    if (missing.length || extra.length) {
      throw new Error(
        `release/ holds ${present.join(", ")}: missing ${missing.join(", ")}; unexpected ${extra.join(", ")}`,
      );
    }
    fs.writeFileSync(
      path.join(RELEASE_DIR, names.checksums),
      formatChecksums(checksumsOf(RELEASE_DIR, artifacts)),
    );
  });

  console.log(`release ${info.version} in ${RELEASE_DIR}:`);
  for (const a of [...artifacts, names.checksums]) {
    const note = a === names.plugins["linux-amd64"] ? ` (${human(unpacked)} unpacked)` : "";
    console.log(`  ${human(sizeOf(path.join(RELEASE_DIR, a))).padStart(9)}  ${a}${note}`);
  }
  console.log("time by step:");
  for (const [name, seconds] of steps) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
  console.log(`release built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (err) {
  console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
