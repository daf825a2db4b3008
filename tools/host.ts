// Drives a provider process over gRPC the way the engine does. Two shells around the same handlers:
// - `dynamic`: Pulumi's real dynamic-provider host (the process the engine starts for
//   `pulumi-nodejs:dynamic` resources); the serialized provider travels as `__provider` in every
//   request, and stack config arrives through Configure (`datatrails:*` keys) with secrets wrapped;
// - `native`: this package's plugin, plugin/pulumi-resource-datatrails (`datatrails:index:Invite`);
//   provider config arrives through Configure as the engine sends a native provider's (`args` keyed
//   `url`, `clientSecret`, ... with secrets wrapped; the legacy `variables` keyed `datatrails:*`).
// Tests give config as `datatrails:*` keys for either shell.
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Status as RpcStatus } from "@pulumi/pulumi/proto/status_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";
import { inviteProvider, memberProvider } from "../provider/resource/provider";
import { REPO_ROOT } from "./repo-root";

/** The signature the engine uses to mark a secret value on the wire (`sig.Secret`). */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The value of {@link SECRET_SIGNATURE_KEY} for a secret. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** The URN the driver puts in requests (the host ignores it; the engine always sends one). */
export const DEFAULT_URN = "urn:pulumi:test::invites::pulumi-nodejs:dynamic:Resource::invite";
/** The URN of an Invite of the native provider. */
export const NATIVE_URN = "urn:pulumi:test::invites::datatrails:index:Invite::invite";
/** The URN of a Member of the native provider. */
export const NATIVE_MEMBER_URN = "urn:pulumi:test::invites::datatrails:index:Member::member";

/** Which provider process a {@link Host} drives. */
export type Shell = "dynamic" | "native";

/** The native plugin's launcher, as Pulumi.yaml's `plugins: providers:` path finds it. */
export const PLUGIN_LAUNCHER = path.join(REPO_ROOT, "plugin", "pulumi-resource-datatrails");

const HOST_SCRIPT = "@pulumi/pulumi/cmd/dynamic-provider/index.js";
// The host requires an engine address argument but, in this Pulumi version, never dials it: it
// only serves the ResourceProvider service. An unroutable placeholder keeps that true in tests.
const ENGINE_PLACEHOLDER = "127.0.0.1:1";
const STARTUP_TIMEOUT_MS = 30_000;
const CALL_DEADLINE_MS = 55_000;
const STOP_GRACE_MS = 5_000;

/** Properties as they travel in a `google.protobuf.Struct`. */
export type Props = Record<string, unknown>;

/** A property that failed `Check`. */
export interface HostCheckFailure {
  property: string;
  reason: string;
}

/** `CheckResponse` as plain data. */
export interface HostCheckResult {
  /** The checked inputs (the host adds `__provider`). */
  inputs: Props;
  /** Every failure, in the provider's order. */
  failures: HostCheckFailure[];
}

/** `DiffResponse.DiffChanges` by name. */
export type DiffChanges = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";

/** `DiffResponse` as plain data. */
export interface HostDiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
  stables: string[];
  diffs: string[];
}

/** `CreateResponse` as plain data. */
export interface HostCreateResult {
  id: string;
  properties: Props;
}

/** `ReadResponse` as plain data; `id` is `""` when the provider reports the resource gone. */
export interface HostReadResult {
  id: string;
  properties: Props;
  /** Inputs, when the provider returned some. */
  inputs?: Props;
}

/** `UpdateResponse` as plain data. */
export interface HostUpdateResult {
  properties: Props;
}

/** `ConfigureResponse` as plain data. */
export interface HostConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
}

/** `pulumirpc.ErrorResourceInitFailed`: the resource exists although the operation failed. */
export interface HostInitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed RPC: the gRPC status code and message, plus any partial-create detail. */
export class HostCallError extends Error {
  override name = "HostCallError";

  /**
   * @param rpc - The RPC that failed, e.g. `"Create"`.
   * @param code - gRPC status code.
   * @param details - gRPC status message (the provider's error message).
   * @param initFailure - Decoded `ErrorResourceInitFailed`, when the host sent one.
   */
  constructor(
    readonly rpc: string,
    readonly code: grpc.status,
    readonly details: string,
    readonly initFailure?: HostInitFailure,
  ) {
    super(`${rpc} failed: ${grpc.status[code] ?? code}: ${details}`);
  }

  /** The status code's name, e.g. `"UNKNOWN"`. */
  get codeName(): string {
    return grpc.status[this.code] ?? String(this.code);
  }
}

/** How to start a host. */
export interface HostOptions {
  /** Which provider process to start. @default "dynamic" */
  shell?: Shell;
  /**
   * Which resource the requests are for: the native shell's URN names it; the dynamic shell sends
   * that resource's serialized provider (unless `provider` is given). @default "Invite"
   */
  resource?: "Invite" | "Member";
  /** Working directory; `require("pulumi-datatrails-invites/...")` resolves from here. @default REPO_ROOT */
  cwd?: string;
  /**
   * Environment added to the host's. `DATATRAILS_*` variables of the test process are never
   * inherited, so only these (if any) reach the provider.
   */
  env?: Record<string, string>;
  /** The serialized provider to send as `__provider` (dynamic only). @default {@link providerSource}() */
  provider?: string;
}

/** `InvokeResponse` as plain data. */
export interface HostInvokeResult {
  /** The function's result. */
  outputs: Props;
  /** Failures of its arguments. */
  failures: HostCheckFailure[];
}

/** A running dynamic-provider host and a typed client of it. */
export interface Host {
  /** The host's process id. */
  readonly pid: number;
  /** Port of its gRPC server. */
  readonly port: number;
  /** The `__provider` text sent with every request. */
  readonly provider: string;
  /** Everything the host wrote to stdout so far (the first line is its port). */
  readonly stdout: string;
  /** Everything the host wrote to stderr so far. */
  readonly stderr: string;
  /**
   * Sends Configure as the engine does: every key in `args`, the ones in `secretKeys` wrapped as
   * secrets, and the same values (plain) in the legacy `variables` map.
   */
  configure(config: Record<string, string>, secretKeys?: string[]): Promise<HostConfigureResult>;
  /** Check(olds, news) with `__provider` added to `news` (and to non-empty `olds`). */
  check(olds: Props, news: Props): Promise<HostCheckResult>;
  /** Diff(id, olds, news) with `__provider` in both. */
  diff(id: string, olds: Props, news: Props): Promise<HostDiffResult>;
  /** Create(props) with `__provider` in the properties. */
  create(props: Props): Promise<HostCreateResult>;
  /** Read(id, props) (a refresh: prior outputs as properties, `inputs` optional). */
  read(id: string, props: Props, inputs?: Props): Promise<HostReadResult>;
  /** Update(id, olds, news) with `__provider` in both. */
  update(id: string, olds: Props, news: Props): Promise<HostUpdateResult>;
  /** Delete(id, props) with `__provider` in the properties. */
  delete(id: string, props: Props): Promise<void>;
  /** Invoke(token, args): a provider function. */
  invoke(token: string, args: Props): Promise<HostInvokeResult>;
  /** CheckConfig(olds, news) of provider config (un-namespaced keys, as the engine sends them). */
  checkConfig(olds: Props, news: Props): Promise<HostCheckResult>;
  /** DiffConfig(olds, news) of provider config. */
  diffConfig(olds: Props, news: Props): Promise<HostDiffResult>;
  /** GetSchema(version 0): the package schema's text. */
  getSchema(): Promise<string>;
  /** GetPluginInfo: the plugin's version. */
  getPluginInfo(): Promise<string>;
  /** Closes the client and ends the process (SIGTERM, then SIGKILL); safe to call twice. */
  stop(): Promise<void>;
}

let serialized: Promise<string> | undefined;

/**
 * The `__provider` value Pulumi records for `inviteProvider` (serialized the way
 * `pulumi.dynamic.Resource` does it), computed once per test process.
 */
export function providerSource(): Promise<string> {
  serialized ??= serializeFunction(() => inviteProvider, { allowSecrets: true }).then((sf) => sf.text);
  return serialized;
}

let serializedMember: Promise<string> | undefined;

/**
 * The `__provider` value Pulumi records for `memberProvider`, computed once per test process.
 */
export function memberProviderSource(): Promise<string> {
  serializedMember ??= serializeFunction(() => memberProvider, { allowSecrets: true }).then((sf) => sf.text);
  return serializedMember;
}

// Hosts still running; killed on exit so a failed test run never leaves one behind.
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function hostEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("DATATRAILS_")) env[key] = value;
  }
  return { ...env, ...extra };
}

function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

function fromStruct(struct: Struct | undefined): Props {
  return struct === undefined ? {} : (struct.toJavaScript() as Props);
}

const CHANGES: Record<number, DiffChanges> = {
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "DIFF_UNKNOWN",
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "DIFF_NONE",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "DIFF_SOME",
};

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === "number";
}

function initFailureOf(err: grpc.ServiceError): HostInitFailure | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin") ?? [];
  for (const value of raw) {
    if (typeof value === "string") continue;
    for (const any of RpcStatus.deserializeBinary(new Uint8Array(value)).getDetailsList()) {
      if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return {
        id: detail.getId(),
        properties: fromStruct(detail.getProperties()),
        reasons: detail.getReasonsList(),
      };
    }
  }
  return undefined;
}

type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;

function unary<T>(
  rpc: string,
  send: (metadata: grpc.Metadata, options: grpc.CallOptions, cb: Callback<T>) => void,
) {
  return new Promise<T>((resolve, reject) => {
    send(new grpc.Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (err, res) => {
      if (err) {
        reject(
          isServiceError(err)
            ? new HostCallError(rpc, err.code, err.details, initFailureOf(err))
            : new HostCallError(rpc, grpc.status.UNKNOWN, String(err)),
        );
      } else {
        resolve(res);
      }
    });
  });
}

function waitForPort(child: ChildProcess, output: () => { stdout: string; stderr: string }): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(new Error(`host printed no port within ${STARTUP_TIMEOUT_MS} ms; stderr: ${output().stderr}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (): void => {
      const { stdout } = output();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const port = Number(stdout.slice(0, newline).trim());
      finish(Number.isInteger(port) && port > 0 ? port : new Error(`host printed ${JSON.stringify(stdout)}`));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(
        new Error(`host exited (code ${code}, signal ${signal}) before serving; stderr: ${output().stderr}`),
      );
    const onError = (err: Error): void => finish(err);
    function finish(result: number | Error): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (typeof result === "number") resolve(result);
      else reject(result);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function kill(child: ChildProcess): Promise<void> {
  const done = exited(child);
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await done;
  clearTimeout(timer);
  live.delete(child);
}

/**
 * Starts `@pulumi/pulumi/cmd/dynamic-provider` as the engine would (cwd = the project, so the
 * serialized provider's `require("pulumi-datatrails-invites/...")` resolves through node_modules) and
 * connects a ResourceProvider client to the port it prints. Stop it with `stop()`.
 *
 * @param options - Working directory, extra environment, the `__provider` text.
 * @returns The running host; every RPC rejects with {@link HostCallError} on a gRPC error.
 */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const shell = options.shell ?? "dynamic";
  const native = shell === "native";
  const member = options.resource === "Member";
  const provider = native
    ? ""
    : (options.provider ?? (await (member ? memberProviderSource() : providerSource())));
  const cwd = options.cwd ?? REPO_ROOT;
  const urn = native ? (member ? NATIVE_MEMBER_URN : NATIVE_URN) : DEFAULT_URN;
  // The engine starts the plugin by its launcher (which runs `node` from PATH); the dynamic host by
  // the script @pulumi/pulumi ships.
  const [command, args] = native
    ? [PLUGIN_LAUNCHER, [ENGINE_PLACEHOLDER]]
    : [process.execPath, [require.resolve(HOST_SCRIPT, { paths: [cwd] }), ENGINE_PLACEHOLDER]];
  const child = spawn(command, args, {
    cwd,
    env: hostEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.once("exit", () => live.delete(child));

  let port: number;
  try {
    port = await waitForPort(child, () => ({ stdout, stderr }));
  } catch (err) {
    await kill(child);
    throw err;
  }

  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const withProvider = (props: Props): Props => (native ? props : { ...props, __provider: provider });
  let stopping: Promise<void> | undefined;

  const host: Host = {
    pid: child.pid ?? -1,
    port,
    provider,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },

    async configure(config, secretKeys = []) {
      const args: Props = {};
      const req = new provproto.ConfigureRequest();
      for (const [key, value] of Object.entries(config)) {
        // A native provider's args are its own config keys; the dynamic host reads namespaced ones.
        const argKey = native ? key.replace(/^datatrails:/, "") : key;
        args[argKey] = secretKeys.includes(key) ? { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value } : value;
        req.getVariablesMap().set(key, value);
      }
      req.setArgs(toStruct(args)).setAcceptsecrets(true).setAcceptresources(true);
      const res = await unary<provproto.ConfigureResponse>("Configure", (md, opts, cb) =>
        client.configure(req, md, opts, cb),
      );
      return {
        acceptSecrets: res.getAcceptsecrets(),
        supportsPreview: res.getSupportspreview(),
        acceptResources: res.getAcceptresources(),
        acceptOutputs: res.getAcceptoutputs(),
      };
    },

    async check(olds, news) {
      const req = new provproto.CheckRequest()
        .setUrn(urn)
        .setOlds(toStruct(Object.keys(olds).length === 0 ? olds : withProvider(olds)))
        .setNews(toStruct(withProvider(news)));
      const res = await unary<provproto.CheckResponse>("Check", (md, opts, cb) =>
        client.check(req, md, opts, cb),
      );
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(id, olds, news) {
      const req = new provproto.DiffRequest()
        .setId(id)
        .setUrn(urn)
        .setOlds(toStruct(withProvider(olds)))
        .setNews(toStruct(withProvider(news)));
      const res = await unary<provproto.DiffResponse>("Diff", (md, opts, cb) =>
        client.diff(req, md, opts, cb),
      );
      return {
        changes: CHANGES[res.getChanges()] ?? "DIFF_UNKNOWN",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        stables: res.getStablesList(),
        diffs: res.getDiffsList(),
      };
    },

    async create(props) {
      const req = new provproto.CreateRequest().setUrn(urn).setProperties(toStruct(withProvider(props)));
      const res = await unary<provproto.CreateResponse>("Create", (md, opts, cb) =>
        client.create(req, md, opts, cb),
      );
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(id, props, inputs) {
      const req = new provproto.ReadRequest()
        .setId(id)
        .setUrn(urn)
        .setProperties(toStruct(withProvider(props)));
      if (inputs !== undefined) req.setInputs(toStruct(withProvider(inputs)));
      const res = await unary<provproto.ReadResponse>("Read", (md, opts, cb) =>
        client.read(req, md, opts, cb),
      );
      const resInputs = res.getInputs();
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        ...(resInputs === undefined ? {} : { inputs: fromStruct(resInputs) }),
      };
    },

    async update(id, olds, news) {
      const req = new provproto.UpdateRequest()
        .setId(id)
        .setUrn(urn)
        .setOlds(toStruct(withProvider(olds)))
        .setNews(toStruct(withProvider(news)));
      const res = await unary<provproto.UpdateResponse>("Update", (md, opts, cb) =>
        client.update(req, md, opts, cb),
      );
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(id, props) {
      const req = new provproto.DeleteRequest()
        .setId(id)
        .setUrn(urn)
        .setProperties(toStruct(withProvider(props)));
      await unary<unknown>("Delete", (md, opts, cb) => client.delete(req, md, opts, cb));
    },

    async invoke(token, invokeArgs) {
      const req = new provproto.InvokeRequest().setTok(token).setArgs(toStruct(invokeArgs));
      const res = await unary<provproto.InvokeResponse>("Invoke", (md, opts, cb) =>
        client.invoke(req, md, opts, cb),
      );
      return {
        outputs: fromStruct(res.getReturn()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async checkConfig(olds, news) {
      const req = new provproto.CheckRequest()
        .setUrn("urn:pulumi:test::invites::pulumi:providers:datatrails::default")
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      const res = await unary<provproto.CheckResponse>("CheckConfig", (md, opts, cb) =>
        client.checkConfig(req, md, opts, cb),
      );
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diffConfig(olds, news) {
      const req = new provproto.DiffRequest()
        .setId("provider-id")
        .setUrn("urn:pulumi:test::invites::pulumi:providers:datatrails::default")
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      const res = await unary<provproto.DiffResponse>("DiffConfig", (md, opts, cb) =>
        client.diffConfig(req, md, opts, cb),
      );
      return {
        changes: CHANGES[res.getChanges()] ?? "DIFF_UNKNOWN",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        stables: res.getStablesList(),
        diffs: res.getDiffsList(),
      };
    },

    async getSchema() {
      const req = new provproto.GetSchemaRequest().setVersion(0);
      const res = await unary<provproto.GetSchemaResponse>("GetSchema", (md, opts, cb) =>
        client.getSchema(req, md, opts, cb),
      );
      return res.getSchema();
    },

    async getPluginInfo() {
      const res = await unary<PluginInfo>("GetPluginInfo", (md, opts, cb) =>
        client.getPluginInfo(new Empty(), md, opts, cb),
      );
      return res.getVersion();
    },

    stop() {
      stopping ??= (async () => {
        client.close();
        await kill(child);
      })();
      return stopping;
    },
  };
  return host;
}

/**
 * Hosts for tests that each want fresh provider processes (one per deployment, as the engine starts
 * them): `take()` hands out a host that was started in the background while earlier tests ran, and
 * starts the next.
 */
export class HostPool {
  private readonly spares: Promise<Host>[] = [];
  private readonly taken: Host[] = [];

  /**
   * @param options - Passed to every {@link startHost}.
   * @param warm - How many hosts to keep starting in the background.
   */
  constructor(
    private readonly options: HostOptions = {},
    private readonly warm = 2,
  ) {}

  /** A fresh, unconfigured host; stop it with {@link HostPool.release} (or {@link HostPool.stopAll}). */
  async take(): Promise<Host> {
    const next = this.spares.shift() ?? this.launch();
    while (this.spares.length < this.warm) this.spares.push(this.launch());
    const host = await next;
    this.taken.push(host);
    return host;
  }

  /** Stops every host handed out so far; the spares keep warming. */
  async release(): Promise<void> {
    await Promise.all(this.taken.splice(0).map((h) => h.stop()));
  }

  /** Stops every host this pool started, including the spares. */
  async stopAll(): Promise<void> {
    const spares = this.spares.splice(0);
    await this.release();
    await Promise.all(
      spares.map(async (spare) => {
        const host = await spare.catch(() => undefined);
        await host?.stop();
      }),
    );
  }

  private launch(): Promise<Host> {
    const promise = startHost(this.options);
    // A spare that fails to start reports when taken; never as an unhandled rejection.
    promise.catch(() => undefined);
    return promise;
  }
}

/**
 * Awaits a call that must fail with a gRPC error.
 *
 * @throws Error when the call succeeds or fails with anything but a {@link HostCallError}.
 */
export async function hostError(call: Promise<unknown>): Promise<HostCallError> {
  let result: unknown;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof HostCallError) return err;
    throw err;
  }
  throw new Error(`expected the RPC to fail, but it answered ${JSON.stringify(result)}`);
}
