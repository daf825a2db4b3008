// Runs Pulumi programs through the real Pulumi CLI and engine, on a throwaway local backend.
// Programs run inline (Automation API): the engine needs only the `pulumi` binary and the
// dynamic-provider launcher that scripts/get-pulumi.sh provides.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "./repo-root";

let cliDir: string | undefined;

/**
 * Makes the Pulumi CLI available (building it from Go modules the first time; cached after) and puts
 * it first on this process's PATH. Returns the directory holding `pulumi`.
 */
export function ensurePulumiCli(): string {
  if (cliDir) return cliDir;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "get-pulumi.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const dir = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(path.join(dir, "pulumi")))
    throw new Error(`get-pulumi.sh printed no CLI directory: ${out}`);
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
  cliDir = dir;
  return dir;
}

/** A throwaway local backend and the environment a Pulumi command runs with. */
export interface Backend {
  /** Folder holding the state (`file://` backend), PULUMI_HOME and the projects' work folders. */
  dir: string;
  /** Environment for the engine and its plugins. */
  env: Record<string, string>;
  /** Removes everything. */
  remove(): void;
}

/**
 * Creates a local backend in a new folder under `.cache/pulumi-runs/` (inside the repository, so the
 * engine's plugins resolve this package and @pulumi/pulumi from its node_modules).
 */
export function createBackend(label: string): Backend {
  ensurePulumiCli();
  const root = path.join(REPO_ROOT, ".cache", "pulumi-runs");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `${label}-`));
  fs.mkdirSync(path.join(dir, "state"));
  fs.mkdirSync(path.join(dir, "home"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "local-throwaway-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
  return { dir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A config value for {@link createStack}. */
export interface ConfigEntry {
  value: string;
  secret?: boolean;
}

/** Options of {@link createStack}. */
export interface StackOptions {
  backend: Backend;
  /** Project name (the namespace of unqualified config keys). @default "datatrails-invites" */
  projectName?: string;
  stackName: string;
  program: PulumiFn;
  config?: Record<string, ConfigEntry>;
}

/**
 * Creates a stack whose program runs inline in this process. The engine's environment carries no
 * DATATRAILS_* variables from this process: credentials reach the provider only through stack config.
 */
export async function createStack(opts: StackOptions): Promise<Stack> {
  const projectName = opts.projectName ?? "datatrails-invites";
  const workDir = path.join(opts.backend.dir, "projects", opts.stackName);
  fs.mkdirSync(workDir, { recursive: true });
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("DATATRAILS_")) delete process.env[key];
  }
  Object.assign(process.env, opts.backend.env);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName, projectName, program: opts.program },
    {
      workDir,
      envVars: opts.backend.env,
      projectSettings: { name: projectName, runtime: "nodejs" },
    },
  );
  if (opts.config) await stack.setAllConfig(opts.config);
  return stack;
}

/** A temp folder outside the repository (for things that must not see its node_modules). */
export function outsideTempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}
