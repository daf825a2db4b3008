// Runs the real `pulumi` CLI inside a project folder, as a user does: `stack init`, `config set`,
// `up`, `preview`, `refresh`, `destroy`. The CLI starts the project's language host
// (`pulumi-language-nodejs`, put beside it by scripts/get-pulumi.sh), which runs the program with
// the `node` first on PATH, so the Node line under test is whichever the caller puts there.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { OpMap } from "@pulumi/pulumi/automation";
import type { Backend } from "./pulumi";

/** What one `pulumi` command printed, and how it ended. */
export interface CommandResult {
  /** The command line as a user would type it (`pulumi up --yes ...`). */
  command: string;
  stdout: string;
  stderr: string;
  /** Exit code; 0 is success. */
  code: number;
}

/** Thrown when a `pulumi` command exits non-zero; carries its output. */
export class PulumiCommandError extends Error {
  constructor(readonly result: CommandResult) {
    super(
      `\`${result.command}\` exited with ${result.code}\n` +
        `--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`,
    );
    this.name = "PulumiCommandError";
  }
}

function tail(text: string, lines = 60): string {
  const all = text.trimEnd().split("\n");
  return all.length > lines ? ["...", ...all.slice(-lines)].join("\n") : all.join("\n");
}

/** How to drive one stack of one project folder. */
export interface ProjectOptions {
  /** The project folder (holds Pulumi.yaml). */
  dir: string;
  /** The local backend (state, PULUMI_HOME, passphrase). */
  backend: Backend;
  /** Stack name. */
  stack: string;
  /** Directories put first on PATH for every command (e.g. a Node line's `bin`). */
  pathPrefix?: string[];
  /** Extra environment for every command. */
  env?: Record<string, string>;
  /**
   * The environment the commands start from, instead of this process's (less DATATRAILS_*): the
   * artifact tests give one that names nothing of the repository.
   */
  baseEnv?: Record<string, string>;
  /** Called with each command line before it runs (the demo prints them). */
  echo?: (command: string) => void;
  /** Called with each command's output as it ends (tests collect it for leak checks). */
  onOutput?: (result: CommandResult) => void;
}

/** Options of one command. */
export interface RunOptions {
  /** Resolve with the result instead of throwing when the command fails. */
  allowFailure?: boolean;
  /** Text on the command's standard input. */
  input?: string;
}

/** One update in `pulumi stack history`. */
export interface HistoryEntry {
  kind: string;
  result: string;
  resourceChanges?: OpMap;
}

/** One resource of `pulumi stack export`. */
export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The operations of a summary other than `same`, e.g. `{create: 3}`. */
export function changesOnly(ops: OpMap | undefined): OpMap {
  const out: OpMap = {};
  for (const [op, n] of Object.entries(ops ?? {}) as [keyof OpMap, number][]) {
    if (op !== "same" && n > 0) out[op] = n;
  }
  return out;
}

/** One stack of a project folder, driven through the `pulumi` CLI on PATH. */
export class PulumiProject {
  /** The environment every command runs with (no DATATRAILS_* from this process). */
  readonly env: Record<string, string>;

  constructor(readonly opts: ProjectOptions) {
    const inherited = Object.fromEntries(
      Object.entries(opts.baseEnv ?? process.env).filter(
        (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith("DATATRAILS_"),
      ),
    );
    const prefix = opts.pathPrefix ?? [];
    this.env = {
      ...inherited,
      ...opts.backend.env,
      ...opts.env,
      PATH: [...prefix, opts.backend.env.PATH ?? inherited.PATH ?? ""].join(path.delimiter),
    };
  }

  /** The project folder. */
  get dir(): string {
    return this.opts.dir;
  }

  /** Runs `pulumi ARGS` in the project folder (`--stack` added where the command takes one). */
  run(args: string[], options: RunOptions = {}): Promise<CommandResult> {
    const command = ["pulumi", ...args].map(quote).join(" ");
    this.opts.echo?.(command);
    return new Promise((resolve, reject) => {
      const child = execFile(
        "pulumi",
        args,
        { cwd: this.opts.dir, env: this.env, maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          const result: CommandResult = { command, stdout, stderr, code };
          this.opts.onOutput?.(result);
          if (code !== 0 && !options.allowFailure) reject(new PulumiCommandError(result));
          else resolve(result);
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
  }

  private stackArgs(): string[] {
    return ["--stack", this.opts.stack, "--non-interactive"];
  }

  /** `pulumi stack init STACK`. */
  async init(): Promise<void> {
    await this.run(["stack", "init", this.opts.stack, "--non-interactive"]);
  }

  /**
   * `pulumi config set KEY VALUE`; a secret (`--secret`) goes on stdin instead, as a careful user types
   * it, so it never appears in a command line or in the printed commands.
   */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    if (secret) await this.run(["config", "set", ...this.stackArgs(), "--secret", key], { input: value });
    // `--`: a value may begin with "-" (the emulator's random ids do), which would read as a flag.
    else await this.run(["config", "set", ...this.stackArgs(), "--", key, value]);
  }

  /** `pulumi config rm KEY`. */
  async removeConfig(key: string): Promise<void> {
    await this.run(["config", "rm", ...this.stackArgs(), key]);
  }

  /** `pulumi up --yes`. */
  up(extra: string[] = [], options: RunOptions = {}): Promise<CommandResult> {
    return this.run(["up", "--yes", "--skip-preview", ...this.stackArgs(), ...extra], options);
  }

  /** `pulumi preview` (`--expect-no-changes` when asked: then any planned change fails it). */
  preview(expectNoChanges = false, extra: string[] = [], options: RunOptions = {}): Promise<CommandResult> {
    return this.run(
      ["preview", ...this.stackArgs(), ...(expectNoChanges ? ["--expect-no-changes"] : []), ...extra],
      options,
    );
  }

  /** The changes `pulumi preview --json` plans, e.g. `{delete: 1}`; `same` left out. */
  async plannedChanges(extra: string[] = []): Promise<OpMap> {
    const { stdout } = await this.run(["preview", ...this.stackArgs(), "--json", ...extra]);
    return changesOnly((JSON.parse(stdout) as { changeSummary?: OpMap }).changeSummary);
  }

  /** `pulumi refresh --yes`. */
  refresh(extra: string[] = [], options: RunOptions = {}): Promise<CommandResult> {
    return this.run(["refresh", "--yes", "--skip-preview", ...this.stackArgs(), ...extra], options);
  }

  /** `pulumi destroy --yes`. */
  destroy(extra: string[] = [], options: RunOptions = {}): Promise<CommandResult> {
    return this.run(["destroy", "--yes", "--skip-preview", ...this.stackArgs(), ...extra], options);
  }

  /** `pulumi stack rm --yes` (after destroy). */
  async removeStack(): Promise<void> {
    await this.run(["stack", "rm", "--yes", ...this.stackArgs()]);
  }

  /** The changes of the newest update (`pulumi stack history`), e.g. `{create: 3}`; `same` left out. */
  async lastChanges(): Promise<OpMap> {
    const { stdout } = await this.run([
      "stack",
      "history",
      ...this.stackArgs(),
      "--json",
      "--page-size",
      "1",
    ]);
    return changesOnly((JSON.parse(stdout) as HistoryEntry[])[0]?.resourceChanges);
  }

  /** `pulumi stack output --json` (secrets shown only when asked). */
  async outputs(showSecrets = false): Promise<Record<string, unknown>> {
    const { stdout } = await this.run([
      "stack",
      "output",
      ...this.stackArgs(),
      "--json",
      ...(showSecrets ? ["--show-secrets"] : []),
    ]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` WITHOUT `--show-secrets`, as text (what a leak check must read). */
  async exportText(): Promise<string> {
    const { stdout } = await this.run(["stack", "export", ...this.stackArgs()]);
    JSON.parse(stdout); // fails loudly on anything but an export
    return stdout;
  }

  /** The resources in the stack's state. */
  async resources(): Promise<ExportedResource[]> {
    const exported = JSON.parse(await this.exportText()) as {
      deployment?: { resources?: ExportedResource[] };
    };
    return exported.deployment?.resources ?? [];
  }

  /** `pulumi stack import` of a (possibly edited) export. */
  async importState(state: string): Promise<void> {
    const file = path.join(this.opts.backend.dir, `import-${this.opts.stack}-${Date.now()}.json`);
    fs.writeFileSync(file, state);
    try {
      await this.run(["stack", "import", ...this.stackArgs(), "--file", file]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
}

/**
 * Copies a project folder (sources, Pulumi.yaml, data files; no node_modules, no stacks' config)
 * to `dest`, as a user's clone of it would look.
 */
export function copyProject(source: string, dest: string): string {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    if (entry.name === "node_modules" || /^Pulumi\..+\.yaml$/.test(entry.name)) continue;
    const from = path.join(source, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) copyProject(from, to);
    else if (entry.isFile()) fs.copyFileSync(from, to);
  }
  return dest;
}
