// Shared setup of the artifact tests (test/release): the built release (`npm run release`), and a
// sandbox per test file OUTSIDE the repository, in which the real CLI, with a fresh PULUMI_HOME, a
// local backend and an environment that names nothing of the repository, installs the plugin from
// its tarball and runs programs that get the SDKs from their packages only.
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { readPackageInfo, type PackageInfo } from "../../provider/plugin";
import type { RunningEmulator } from "../../emulator";
import { PulumiProject } from "../../tools/project";
import { ensurePulumiCli, type Backend } from "../../tools/pulumi";
import { RELEASE_DIR, releaseArtifacts, type ReleaseArtifacts } from "../../tools/release";
import { REPO_ROOT } from "../../tools/repo-root";
import { inviteMutations } from "./e2e";
import { useEmulator } from "./emulator";

const run = promisify(execFile);

/** The release under test: package.json's version and the artifacts' paths. */
export interface Release {
  info: PackageInfo;
  names: ReleaseArtifacts;
  /** The absolute path of an artifact in release/. */
  file(name: string): string;
}

/** The release `npm run release` built, or an error saying to build it. */
export function builtRelease(): Release {
  const info = readPackageInfo(REPO_ROOT);
  const names = releaseArtifacts(info.version);
  const file = (name: string): string => path.join(RELEASE_DIR, name);
  if (!fs.existsSync(file(names.checksums))) {
    throw new Error(`no release of ${info.version} in ${RELEASE_DIR}: run \`npm run release\` first`);
  }
  return { info, names, file };
}

function inside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * This process's environment less everything that names the repository (npm's `npm_*` and
 * `INIT_CWD`, PWD, PATH entries such as node_modules/.bin), NODE_PATH, DATATRAILS_* and PULUMI_*;
 * PATH starts with `first` (the CLI's folder, a Go language host's).
 */
export function cleanEnv(first: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || value.includes(REPO_ROOT)) continue;
    if (/^(NODE_PATH|DATATRAILS_.*|PULUMI_.*|npm_.*)$/i.test(key)) continue;
    env[key] = value;
  }
  const rest = (process.env.PATH ?? "").split(path.delimiter).filter((p) => p && !inside(p, REPO_ROOT));
  env.PATH = [...first, path.dirname(process.execPath), ...rest].join(path.delimiter);
  return env;
}

/** One sandbox: a folder outside the repository with its own PULUMI_HOME and backend. */
export interface Sandbox {
  readonly dir: string;
  readonly backend: Backend;
  /** The environment every command runs with. */
  readonly env: Record<string, string>;
  /** Runs a command in `cwd` with the sandbox's environment (plus `extraPath` first on PATH). */
  exec(command: string, args: string[], cwd: string, extraPath?: string[]): Promise<string>;
  /** `pulumi plugin install resource datatrails <version> --file <linux-amd64 tarball>`. */
  installPlugin(): Promise<string>;
  /** A stack of the project in `dir` (inside the sandbox), `stack init` done and configured for the emulator. */
  stack(dir: string, pathPrefix?: string[]): Promise<PulumiProject>;
}

let counter = 0;

/**
 * Registers the hooks of one artifact test file: a sandbox (made in `before`, removed in `after`
 * unless E2E_KEEP_BACKENDS is set) and an emulator for the file, reset before each test.
 *
 * @param label - Names the sandbox folder.
 * @param extraPath - Folders put first on PATH for the whole file (e.g. a Go language host's).
 */
export function useSandbox(
  label: string,
  extraPath: () => string[] = () => [],
): { sandbox: () => Sandbox; emu: () => RunningEmulator } {
  let sandbox: Sandbox | undefined;
  const emulator = useEmulator();
  before(function () {
    this.timeout(40 * 60_000); // a cold CLI build
    const release = builtRelease();
    const cliDir = ensurePulumiCli();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `datatrails-release-${label}-`));
    for (const sub of ["home", "state", "projects"]) fs.mkdirSync(path.join(dir, sub));
    const backendEnv = {
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_CONFIG_PASSPHRASE: "local-throwaway-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Nothing is downloaded: the plugin is the one installed from the tarball.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const backend: Backend = {
      dir,
      env: backendEnv,
      remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
    const env: Record<string, string> = { ...cleanEnv([...extraPath(), cliDir]), ...backendEnv };
    const exec = async (
      command: string,
      args: string[],
      cwd: string,
      first: string[] = [],
    ): Promise<string> => {
      const runEnv = { ...env, PATH: [...first, env.PATH].join(path.delimiter) };
      try {
        const { stdout } = await run(command, args, {
          cwd,
          env: runEnv,
          maxBuffer: 64 * 1024 * 1024,
        });
        return stdout;
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; code?: number };
        throw new Error(
          `${command} ${args.join(" ")} (in ${cwd}) failed (${e.code}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
        );
      }
    };
    sandbox = {
      dir,
      backend,
      env,
      exec,
      installPlugin: () =>
        exec(
          "pulumi",
          [
            "plugin",
            "install",
            "resource",
            "datatrails",
            release.info.version,
            "--file",
            release.file(release.names.plugins["linux-amd64"]),
          ],
          dir,
        ),
      async stack(projectDir: string, pathPrefix: string[] = []): Promise<PulumiProject> {
        const emu = emulator();
        const project = new PulumiProject({
          dir: projectDir,
          backend,
          baseEnv: env,
          stack: `${label}-${process.pid}-${++counter}`,
          pathPrefix,
          echo: process.env.E2E_ECHO ? (c) => console.log(`      $ ${c}`) : undefined,
        });
        await project.init();
        await project.setConfig("datatrails:url", emu.url);
        await project.setConfig("datatrails:clientId", emu.clientId);
        await project.setConfig("datatrails:clientSecret", emu.clientSecret, true);
        return project;
      },
    };
  });
  after(() => {
    if (sandbox && !process.env.E2E_KEEP_BACKENDS) sandbox.backend.remove();
  });
  return {
    sandbox: () => {
      if (!sandbox) throw new Error("the sandbox has not been made (before hook failed?)");
      return sandbox;
    },
    emu: emulator,
  };
}

/** A copy of an example's program files into `dest`, its Pulumi.yaml without the `plugins:` entry. */
export function copyExampleWithoutPluginPath(example: string, dest: string, files: string[]): string {
  const source = path.join(REPO_ROOT, "examples", example);
  fs.mkdirSync(dest, { recursive: true });
  const project = parseYaml(fs.readFileSync(path.join(source, "Pulumi.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  delete project.plugins;
  fs.writeFileSync(path.join(dest, "Pulumi.yaml"), stringifyYaml(project));
  for (const file of files) fs.copyFileSync(path.join(source, file), path.join(dest, file));
  return dest;
}

/**
 * The life of a stack as a user runs it, against the emulator: `up` sends one invite per email in
 * `emails`, `preview --expect-no-changes`, `refresh` (no change), `preview --expect-no-changes`,
 * `destroy` withdraws them and leaves no resource.
 *
 * @returns The stack's outputs after `up`.
 */
export async function upPreviewRefreshDestroy(
  project: PulumiProject,
  emu: RunningEmulator,
  emails: string[],
): Promise<Record<string, unknown>> {
  await project.up();
  expect(
    emu
      .state()
      .invites.map((i) => i.email)
      .sort(),
  ).to.deep.equal([...emails].sort());
  expect(inviteMutations(emu.requests())).to.deep.equal(emails.map(() => "POST invites"));
  const outputs = await project.outputs();
  emu.clearRequests();
  await project.preview(true);
  await project.refresh();
  expect(await project.lastChanges()).to.deep.equal({});
  await project.preview(true);
  expect(inviteMutations(emu.requests())).to.deep.equal([]);
  await project.destroy();
  expect(await project.resources()).to.deep.equal([]);
  return outputs;
}
