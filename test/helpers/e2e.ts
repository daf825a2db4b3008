// Shared setup of the end-to-end tests (layer 4): the real Pulumi CLI and engine, the real
// dynamic-provider host, a real emulator on a TCP port. Programs run inline in the test process.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import type {
  DestroyOptions,
  DestroyResult,
  OpMap,
  PreviewOptions,
  PreviewResult,
  PulumiFn,
  RefreshOptions,
  RefreshResult,
  Stack,
  UpOptions,
  UpResult,
} from "@pulumi/pulumi/automation";
import type { RequestLogEntry, RunningEmulator } from "../../emulator";
import { useEmulator } from "./emulator";
import { inviteesProgram, type Invitee } from "../../examples/root/program";
import {
  createBackend,
  createStack,
  ensurePulumiCli,
  type Backend,
  type ConfigEntry,
} from "../../tools/pulumi";

const execFileAsync = promisify(execFile);

/** Runs `run`, printing how long it took when `E2E_TIMING` is set. */
async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    if (process.env.E2E_TIMING) console.log(`      [e2e] ${what}: ${Date.now() - started} ms`);
  }
}

/** Credentials to put in stack config. */
export type CredentialMode = "client" | "token" | "none";

/** How to create an {@link E2EStack}. */
export interface E2EStackOptions {
  /** Program; defaults to the root example's `inviteesProgram()`. */
  program?: PulumiFn;
  /** Invitees (stack config `invitees`). */
  invitees?: Invitee[];
  /** Credentials in stack config. @default "client" */
  credentials?: CredentialMode;
  /** Further config entries. */
  config?: Record<string, ConfigEntry>;
}

/** One Invite as recorded in the stack's state. */
export interface StateInvite {
  urn: string;
  /** The resource's ID (its identity). */
  id: string;
  /** Outputs; secrets would appear as ciphertext objects. */
  outputs: Record<string, unknown>;
}

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** A stack on its own throwaway backend; every command's engine output is collected. */
export class E2EStack {
  /** Engine output (stdout and stderr) of every command run through this object. */
  readonly output: string[] = [];

  constructor(
    readonly stack: Stack,
    readonly backend: Backend,
  ) {}

  private collect<T extends object>(
    opts: T,
  ): T & { onOutput: (s: string) => void; onError: (s: string) => void } {
    return {
      ...opts,
      onOutput: (s: string) => this.output.push(s),
      onError: (s: string) => this.output.push(s),
    };
  }

  /** `pulumi up`. */
  up(opts: UpOptions = {}): Promise<UpResult> {
    return timed("up", () => this.stack.up(this.collect(opts)));
  }

  /** `pulumi preview`. */
  preview(opts: PreviewOptions = {}): Promise<PreviewResult> {
    return timed("preview", () => this.stack.preview(this.collect(opts)));
  }

  /** `pulumi refresh`. */
  refresh(opts: RefreshOptions = {}): Promise<RefreshResult> {
    return timed("refresh", () => this.stack.refresh(this.collect(opts)));
  }

  /** `pulumi destroy`. */
  destroy(opts: DestroyOptions = {}): Promise<DestroyResult> {
    return timed("destroy", () => this.stack.destroy(this.collect(opts)));
  }

  /** Replaces the `invitees` stack config. */
  async setInvitees(invitees: Invitee[]): Promise<void> {
    await this.stack.setConfig("invitees", { value: JSON.stringify(invitees) });
  }

  /**
   * `pulumi stack export` WITHOUT `--show-secrets`, as JSON text. (`Stack.exportStack()` always
   * passes `--show-secrets`, so it cannot tell whether a secret stays encrypted.)
   */
  async exportJson(): Promise<string> {
    const { stdout } = await execFileAsync("pulumi", ["stack", "export", "--stack", this.stack.name], {
      cwd: this.stack.workspace.workDir,
      env: this.backend.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    JSON.parse(stdout); // fails loudly on anything but an export
    return stdout;
  }

  /** The Invite resources in the stack's state (read with `Stack.exportStack()`, secrets shown). */
  async invites(): Promise<StateInvite[]> {
    const exported = (await this.stack.exportStack()) as { deployment?: { resources?: ExportedResource[] } };
    return (exported.deployment?.resources ?? [])
      .filter((r) => r.type.endsWith(":Invite"))
      .map((r) => ({ urn: r.urn, id: r.id ?? "", outputs: r.outputs ?? {} }));
  }

  /** The Invite in state whose `email` output is `email`. */
  async invite(email: string): Promise<StateInvite | undefined> {
    return (await this.invites()).find((i) => i.outputs.email === email);
  }
}

/** What {@link useE2E} provides to the tests of one file. */
export interface E2E {
  /** The file's emulator (reset before every test). */
  readonly emu: RunningEmulator;
  /** A new stack (its own backend and stack name) configured for the emulator. */
  stack(label: string, opts?: E2EStackOptions): Promise<E2EStack>;
}

let stackCounter = 0;

/**
 * Registers the hooks of one e2e file in the enclosing `describe`: the Pulumi CLI (built on a cold
 * machine, hence the long timeout of that hook only) and one emulator, reset before each test.
 * Backends are removed in `after` unless `E2E_KEEP_BACKENDS` is set.
 */
export function useE2E(): E2E {
  const backends: Backend[] = [];

  before(function () {
    this.timeout(40 * 60_000);
    ensurePulumiCli();
  });
  const running = useEmulator();
  after(() => {
    if (!process.env.E2E_KEEP_BACKENDS) for (const b of backends) b.remove();
  });

  return {
    get emu() {
      return running();
    },
    async stack(label: string, opts: E2EStackOptions = {}): Promise<E2EStack> {
      const e = running();
      const backend = createBackend(`e2e-${label}`);
      backends.push(backend);
      const config: Record<string, ConfigEntry> = {
        "datatrails:url": { value: e.url },
        "datatrails:retryBudgetSeconds": { value: "10" },
        ...credentialConfig(e, opts.credentials ?? "client"),
        ...(opts.invitees ? { invitees: { value: JSON.stringify(opts.invitees) } } : {}),
        ...opts.config,
      };
      const stack = await timed("stack init + config", () =>
        createStack({
          backend,
          stackName: `${label}-${process.pid}-${++stackCounter}`,
          program: opts.program ?? (async () => inviteesProgram()),
          config,
        }),
      );
      return new E2EStack(stack, backend);
    },
  };
}

function credentialConfig(e: RunningEmulator, mode: CredentialMode): Record<string, ConfigEntry> {
  switch (mode) {
    case "client":
      return {
        "datatrails:clientId": { value: e.clientId },
        "datatrails:clientSecret": { value: e.clientSecret, secret: true },
      };
    case "token":
      return { "datatrails:token": { value: e.token, secret: true } };
    case "none":
      return {};
  }
}

const INVITES_COLLECTION = /\/invites\/?$/;
const ONE_INVITE = /\/invites\/([^/]+)\/?$/;

/**
 * Invite mutations in the request log, in arrival order: `"POST invites"` or `"DELETE invites/<uuid>"`
 * (the prefix the client chose is left out).
 */
export function inviteMutations(log: RequestLogEntry[]): string[] {
  const out: string[] = [];
  for (const r of log) {
    if (r.method === "POST" && INVITES_COLLECTION.test(r.path)) out.push("POST invites");
    const one = ONE_INVITE.exec(r.path);
    if (r.method === "DELETE" && one) out.push(`DELETE invites/${one[1]}`);
  }
  return out;
}

/** Log entries whose path mentions this identity's UUID (`invites/<uuid>` or `members/<uuid>`). */
export function callsAbout(log: RequestLogEntry[], identity: string): string[] {
  const uuid = identity.split("/").pop() ?? identity;
  return log.filter((r) => r.path.includes(uuid)).map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The operations of a summary other than `same`, e.g. `{create: 3}`; the stack resource counts too. */
export function changesOf(ops: OpMap | undefined): OpMap {
  const out: OpMap = {};
  for (const [op, n] of Object.entries(ops ?? {}) as [keyof OpMap, number][]) {
    if (op !== "same" && n > 0) out[op] = n;
  }
  return out;
}

/** Every file under `dir`, as text (for leak checks of the backend's state and the project folder). */
export function filesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push({ file: full, text: fs.readFileSync(full, "utf8") });
  }
  return out;
}
