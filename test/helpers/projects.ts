// Shared setup of the project-folder end-to-end tests: the real `pulumi` CLI run inside a copy of a
// project folder (as a user runs it), its Node.js language host, the dynamic-provider host, and one
// real emulator on a TCP port for the file, reset before each test.
import * as fs from "fs";
import * as path from "path";
import type { RunningEmulator } from "../../emulator";
import { useEmulator } from "./emulator";
import { createBackend, ensurePulumiCli, type Backend } from "../../tools/pulumi";
import { REPO_ROOT } from "../../tools/repo-root";
import { copyProject, PulumiProject, type CommandResult } from "../../tools/project";

/** How to set up one project stack. */
export interface ProjectStackOptions {
  /**
   * The project folder to copy (a user's clone of it). Copies live under `.cache/pulumi-runs/`, inside
   * the repository, so the program resolves `pulumi-datatrails-invites` and `@pulumi/pulumi` from the
   * repository's node_modules, as an example checked out inside this repository does.
   */
  source: string;
  /** Run in `source` itself instead of a copy (the repository root project). */
  inPlace?: boolean;
  /** Stack config set after `stack init`, beyond the emulator's URL and credentials. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Folders put first on PATH for every command (e.g. a Python virtualenv's `bin`). */
  pathPrefix?: string[];
  /** Environment for every command (its plugins inherit it), e.g. `DATATRAILS_*` credentials. */
  env?: Record<string, string>;
  /**
   * Which `datatrails:*` settings to put in stack config for the file's emulator. @default "all" (URL,
   * client id and secret); "url" leaves the credentials to `env`; "none" leaves all to the test.
   */
  stackSettings?: "all" | "url" | "none";
}

/** What {@link useProjects} gives the tests of one file. */
export interface Projects {
  /** The file's emulator (reset before every test). */
  readonly emu: RunningEmulator;
  /**
   * A new stack of a project folder, `stack init` done and configured for the emulator the way the
   * README tells users to: `datatrails:url`, `datatrails:clientId`, `--secret datatrails:clientSecret`.
   */
  stack(label: string, opts: ProjectStackOptions): Promise<PulumiProject>;
  /** Output of every command run so far in this file (for leak checks). */
  readonly outputs: CommandResult[];
}

let counter = 0;

/**
 * Registers the hooks of one project-folder e2e file in the enclosing `describe`. Backends and copies
 * are removed in `after` (unless `E2E_KEEP_BACKENDS` is set); stacks made in place are removed too.
 */
export function useProjects(): Projects {
  const backends: Backend[] = [];
  const copies: string[] = [];
  const inPlace: PulumiProject[] = [];
  const outputs: CommandResult[] = [];

  before(function () {
    this.timeout(40 * 60_000); // a cold CLI build
    ensurePulumiCli();
  });
  const running = useEmulator();
  after(async function () {
    this.timeout(5 * 60_000);
    for (const project of inPlace) {
      // Stack files written into the repository itself must not outlive the test.
      fs.rmSync(path.join(project.dir, `Pulumi.${project.opts.stack}.yaml`), { force: true });
    }
    if (!process.env.E2E_KEEP_BACKENDS) {
      for (const b of backends) b.remove();
      for (const c of copies) fs.rmSync(c, { recursive: true, force: true });
    }
  });

  return {
    get emu() {
      return running();
    },
    outputs,
    async stack(label: string, opts: ProjectStackOptions): Promise<PulumiProject> {
      const e = running();
      const backend = createBackend(`project-${label}`);
      backends.push(backend);
      let dir = opts.source;
      if (!opts.inPlace) {
        dir = copyProject(opts.source, path.join(backend.dir, "project"));
        copies.push(dir);
      }
      const project = new PulumiProject({
        dir,
        backend,
        stack: `${label}-${process.pid}-${++counter}`,
        ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
        ...(opts.env ? { env: opts.env } : {}),
        echo: process.env.E2E_ECHO ? (c) => console.log(`      $ ${c}`) : undefined,
        onOutput: (r) => outputs.push(r),
      });
      if (opts.inPlace) inPlace.push(project);
      await project.init();
      if (opts.stackSettings !== "none") await project.setConfig("datatrails:url", e.url);
      if (opts.stackSettings === undefined || opts.stackSettings === "all") {
        await project.setConfig("datatrails:clientId", e.clientId);
        await project.setConfig("datatrails:clientSecret", e.clientSecret, true);
      }
      for (const [key, entry] of Object.entries(opts.config ?? {})) {
        await project.setConfig(key, entry.value, entry.secret ?? false);
      }
      return project;
    },
  };
}

/** The repository root (the template project: Pulumi.yaml at the top). */
export { REPO_ROOT };
