// Layer 4 for the published artifact. Proves that what `npm pack` ships works for a user who installs
// it: the tarball holds the built provider and emulator and nothing else; its types check a strict
// consumer program under TypeScript 5.x and 6.x; and the real `pulumi` CLI, run IN fresh project
// folders (TypeScript run by the language host through the project's own ts-node, compiled CommonJS,
// and an ES module), drives `stack init`, `up`, `preview --expect-no-changes`, `refresh`, `preview
// --expect-no-changes` and `destroy` against a real emulator, with a serialized provider that is one
// `require` of the package.
//
// Why it runs where it does: the projects live in a temp folder OUTSIDE the repository, so Node's
// module resolution cannot fall back on the repository's node_modules (or its self-link) and only
// the installed tarball and the project's own @pulumi/pulumi, typescript and ts-node are loaded. One
// `npm install` (slow) fills a base project; each program shape gets a hard-linked copy of its
// node_modules (`cp -al`), as siblings, never nested (a nested project would resolve a parent's
// packages). Programs run on whatever `node` is first on PATH, like a user's `pulumi up`.
import { expect } from "chai";
import { execFile, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import { promisify } from "util";
import type { OpMap } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PulumiProject, type CommandResult } from "../../tools/project";
import { createBackend, ensurePulumiCli, outsideTempDir, type Backend } from "../../tools/pulumi";
import { REPO_ROOT } from "../../tools/repo-root";
import { inviteMutations } from "../helpers/e2e";
import { LOAD_AND_LIST, NODE_LINES, nodeWarnings, type NodeWarning } from "../helpers/warnings";

const run = promisify(execFile);

/** Must match the repository's devDependency (the version the rest of the suite runs against). */
const PULUMI_SDK_VERSION = "3.270.0";
/**
 * What a TypeScript user adds as devDependencies. @pulumi/pulumi 3.270.0's run script needs a
 * ts-node and typescript of the project's own: its vendored fallback (ts-node 7.0.1, TypeScript
 * 3.8.3) cannot parse `import { type X }` nor accept target ES2022 / module nodenext.
 */
const TS_NODE_VERSION = "10.9.2";
const TYPESCRIPT_5 = "5.9.3";
const TYPESCRIPT_6 = "6.0.3";
/** Node types of the oldest Node line the package targets (22). */
const TYPES_NODE = "^22.0.0";
/** TypeScript 6 is installed under an npm alias beside TypeScript 5 (one install for both). */
const TYPESCRIPT_6_ALIAS = "typescript-6";

/** A strict tsconfig for a consumer (program or type-check), under both TypeScript lines. */
function strictTsconfig(files: string[]): string {
  const compilerOptions = {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    noImplicitAny: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    // The packed .d.ts files and @pulumi/pulumi's are checked too, not skipped.
    skipLibCheck: false,
    // TypeScript 6 no longer loads every @types package by default.
    types: ["node"],
  };
  return JSON.stringify({ compilerOptions, files }, null, 2) + "\n";
}

/** The TypeScript program: two invites, typed with the package's InviteArgs. */
const TS_PROGRAM = `import { Invite, type InviteArgs } from "pulumi-datatrails-invites";

const aliceArgs: InviteArgs = { email: "alice@example.com", message: "Welcome to the audit tenancy" };
const alice = new Invite("alice", aliceArgs);
const bob = new Invite("bob", { email: "bob@example.com" });

export const identities = { alice: alice.identity, bob: bob.identity };
export const statuses = { alice: alice.status, bob: bob.status };
export const loaded = {
  node: process.version,
  pulumi: require.resolve("@pulumi/pulumi"),
  pulumiVersion: (require("@pulumi/pulumi/package.json") as { version: string }).version,
  invites: require.resolve("pulumi-datatrails-invites"),
  tsNode: Object.keys(require.cache).find((f) => f.includes("/ts-node/dist/index.js")) ?? null,
  typescript: Object.keys(require.cache).find((f) => f.endsWith("/typescript/lib/typescript.js")) ?? null,
};
`;

/** The compiled CommonJS program: the same two invites, and one Member. */
const JS_PROGRAM = `"use strict";
const { Invite, Member } = require("pulumi-datatrails-invites");

const alice = new Invite("alice", { email: "alice@example.com", message: "Welcome to the audit tenancy" });
const bob = new Invite("bob", { email: "bob@example.com" });
const carol = new Member("carol", { email: "carol@example.com", onRemove: "deactivate" });

exports.carolStatus = carol.status;
exports.identities = { alice: alice.identity, bob: bob.identity };
exports.statuses = { alice: alice.status, bob: bob.status };
exports.loaded = {
  node: process.version,
  pulumi: require.resolve("@pulumi/pulumi"),
  pulumiVersion: require("@pulumi/pulumi/package.json").version,
  invites: require.resolve("pulumi-datatrails-invites"),
  // Reported, not asserted: see the javascript case.
  typescriptFlag: process.env.PULUMI_NODEJS_TYPESCRIPT ?? null,
};
`;

/** The ES module program: an Invitees list file plus one Invite. */
const ESM_PROGRAM = `import { createRequire } from "node:module";
import { Invite, Invitees } from "pulumi-datatrails-invites";

const require = createRequire(import.meta.url);
const team = new Invitees("team", { file: "invitees.yaml", defaults: { message: "Welcome to the audit tenancy" } });
const erin = new Invite("erin", { email: "erin@example.com" });

export const statuses = team.statuses;
export const pending = team.pending;
export const erinIdentity = erin.identity;
export const loaded = {
  node: process.version,
  pulumi: require.resolve("@pulumi/pulumi"),
  pulumiVersion: require("@pulumi/pulumi/package.json").version,
  invites: import.meta.resolve("pulumi-datatrails-invites"),
};
`;

const ESM_INVITEES = `- email: carol@example.com
  message: Welcome, Carol
- email: dave@example.com
`;

/** A strict consumer: every public entry point a program uses, with its declared types. */
const CONSUMER = `import * as pulumi from "@pulumi/pulumi";
import {
  DataTrailsClient,
  getInvite,
  Invite,
  Invitees,
  listInvites,
  type DataTrailsClientOptions,
  type InviteArgs,
  type InviteInfo,
  type InviteeStatus,
  type InviteStatus,
} from "pulumi-datatrails-invites";

const args: InviteArgs = { email: "alice@example.com", message: "Welcome", adopt: false, renewExpired: true };
const alice = new Invite("alice", args);
const team = new Invitees("team", { file: "invitees.yaml", defaults: { message: "Hi", renewExpired: true } });

export const identity: pulumi.Output<string> = alice.identity;
export const status: pulumi.Output<InviteStatus> = alice.status;
export const expiry: pulumi.Output<string | null> = alice.expiryTime;
export const pending: pulumi.Output<number> = team.pending;
export const statuses: pulumi.Output<Record<string, InviteeStatus>> = team.statuses;

const options: DataTrailsClientOptions = { url: "http://127.0.0.1:1", clientId: "id", clientSecret: "secret" };
const client = new DataTrailsClient(options);

export async function report(): Promise<string[]> {
  const one: InviteInfo | undefined = await getInvite("invites/00000000-0000-0000-0000-000000000000");
  const all: InviteInfo[] = await listInvites({ email: "alice@example.com" });
  const listed: string[] = [];
  for await (const invite of client.listInvites()) listed.push(invite.identity);
  client.close();
  return [...(one ? [one.status] : []), ...all.map((i) => i.email), ...listed];
}
`;

/** The negative case: must NOT type-check (so the check above can fail). */
const WRONG_CONSUMER = `import { Invite } from "pulumi-datatrails-invites";

// \`adopt\` is a boolean input: a string must be rejected.
export const wrong = new Invite("wrong", { email: "wrong@example.com", adopt: "yes" });
`;

/** Checks the installed emulator module and the package's root exports, from inside the project. */
const MODULE_CHECK = `"use strict";
const { startEmulator } = require("pulumi-datatrails-invites/emulator");
(async () => {
  const emu = await startEmulator({ port: 0 });
  try {
    const invite = emu.createInvite({ email: "zoe@example.com" });
    const res = await fetch(emu.url + "/_emulator/state");
    const state = await res.json();
    const root = require("pulumi-datatrails-invites");
    process.stdout.write(JSON.stringify({
      emulatorFile: require.resolve("pulumi-datatrails-invites/emulator"),
      startEmulator: typeof startEmulator,
      created: invite.identity,
      stored: state.invites.map((i) => i.identity),
      rootExports: Object.keys(root).sort(),
    }) + "\\n");
  } finally {
    await emu.stop();
  }
})().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\\n");
  process.exit(1);
});
`;

/** The folders, under `node_modules`, of this package and of every package it depends on. */
function ourPackages(installed: string): string[] {
  const names = new Set<string>(["pulumi-datatrails-invites"]);
  const queue = ["pulumi-datatrails-invites"];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const manifest = path.join(installed, name, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const deps = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string> })
      .dependencies;
    for (const dep of Object.keys(deps ?? {})) {
      if (!names.has(dep)) {
        names.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...names].map((name) => `${path.sep}node_modules${path.sep}${name}${path.sep}`);
}

/** The deprecation and experimental warnings emitted from this package or its dependencies. */
function ourWarnings(output: string, installed: string): NodeWarning[] {
  const ours = ourPackages(installed);
  return nodeWarnings(output).filter(
    (w) =>
      /(Deprecation|Experimental)Warning/.test(w.text) &&
      w.origin !== undefined &&
      ours.some((folder) => w.origin?.includes(folder)),
  );
}

interface PackFile {
  path: string;
  size: number;
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: PackFile[];
}

/** What every program exports about the modules it ran with. */
interface Loaded {
  node: string;
  pulumi: string;
  pulumiVersion: string;
  /** A path, or a file URL from `import.meta.resolve` in the ES module. */
  invites: string;
  tsNode?: string | null;
  typescript?: string | null;
  typescriptFlag?: string | null;
}

/** One program shape: its project folder's files and what a run of it must leave behind. */
interface Shape {
  name: "typescript" | "javascript" | "esm";
  /** Files of the project folder besides node_modules. */
  files: Record<string, string>;
  /** The invitees' emails, as the emulator must store them. */
  emails: string[];
  /** How many of them are declared as `Member`s (the rest as `Invite`s). */
  members: number;
  /** Resources `up` creates (invites, components, the stack). */
  resources: number;
}

/** A package.json for a project: the packed tarball, the SDK and a TypeScript user's devDependencies. */
function projectPackageJson(name: string, tarball: string, type?: "module"): string {
  return (
    JSON.stringify(
      {
        name,
        version: "0.0.0",
        private: true,
        ...(type ? { type } : {}),
        dependencies: {
          "@pulumi/pulumi": PULUMI_SDK_VERSION,
          "pulumi-datatrails-invites": `file:../${tarball}`,
        },
        devDependencies: {
          "@types/node": TYPES_NODE,
          "ts-node": TS_NODE_VERSION,
          typescript: TYPESCRIPT_5,
          [TYPESCRIPT_6_ALIAS]: `npm:typescript@${TYPESCRIPT_6}`,
        },
      },
      null,
      2,
    ) + "\n"
  );
}

function pulumiYaml(name: string, typescript: boolean, main: string): string {
  return `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: ${typescript}\nmain: ${main}\n`;
}

/** This process's environment without npm's script variables (they point npm at the repository). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key.startsWith("DATATRAILS_") || key.startsWith("PULUMI_")) continue;
    env[key] = value;
  }
  return env;
}

/** Runs a command; on failure throws with everything it printed. */
async function runOrExplain(
  file: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`\`${file} ${args.join(" ")}\` failed in ${cwd}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** Runs `tsc` of one installed TypeScript; resolves with its exit code and output (never throws on 2). */
async function tsc(project: string, pkg: string, args: string[]): Promise<{ code: number; output: string }> {
  const bin = path.join(project, "node_modules", pkg, "bin", "tsc");
  try {
    const { stdout, stderr } = await run("node", [bin, ...args], { cwd: project, env: cleanEnv() });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, output: (e.stdout ?? "") + (e.stderr ?? "") };
  }
}

/** Starts the installed `datatrails-emulator` bin and reads the JSON line it prints when ready. */
function startInstalledEmulator(project: string): Promise<{ child: ChildProcess; url: string }> {
  const bin = path.join(project, "node_modules", ".bin", "datatrails-emulator");
  const child = spawn(bin, ["--port", "0"], {
    cwd: project,
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      try {
        resolve({ child, url: (JSON.parse(out.slice(0, newline)) as { url: string }).url });
      } catch (e) {
        reject(new Error(`datatrails-emulator printed no JSON line: ${out}${err} (${String(e)})`));
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`datatrails-emulator exited with ${code}: ${out}${err}`)));
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("e2e: the npm package, installed into fresh Pulumi projects outside the repository", function () {
  this.timeout(15 * 60_000);
  const timings: Record<string, number> = {};
  const notes: string[] = [];
  let root = "";
  let base = "";
  let pack: PackResult | undefined;
  let tarEntries: string[] = [];
  let backend: Backend | undefined;
  let emulator: RunningEmulator | undefined;
  let installedEmulator: ChildProcess | undefined;

  async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = Date.now() - started;
    }
  }

  before(async function () {
    this.timeout(40 * 60_000);
    ensurePulumiCli();
    root = fs.realpathSync(outsideTempDir("datatrails-package"));
    expect(path.relative(REPO_ROOT, root).startsWith("..")).to.equal(true);

    // The test itself runs from dist/, so the build is fresh: `--ignore-scripts` skips `prepare`
    // (which would rebuild the whole repository mid-run); what is packed is the same.
    const packed = await timed("npm pack", () =>
      runOrExplain("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", root], REPO_ROOT),
    );
    pack = (JSON.parse(packed.stdout) as PackResult[])[0];
    if (!pack) throw new Error(`npm pack printed no result: ${packed.stdout}`);
    const tarball = pack.filename;
    tarEntries = (
      await run("tar", ["-tzf", path.join(root, tarball)], { maxBuffer: 16 * 1024 * 1024 })
    ).stdout
      .split("\n")
      .filter((line) => line !== "");

    // The one install: every shape and the type checks reuse this node_modules.
    base = path.join(root, "install");
    fs.mkdirSync(base);
    fs.writeFileSync(
      path.join(base, "package.json"),
      projectPackageJson("datatrails-package-install", tarball),
    );
    await timed("npm install", () => runOrExplain("npm", ["install", "--no-audit", "--no-fund"], base));
    fs.writeFileSync(path.join(base, "check-modules.js"), MODULE_CHECK);

    emulator = await startEmulator({ port: 0 });
    backend = createBackend("package");
  });

  after(async () => {
    await stopChild(installedEmulator);
    await emulator?.stop();
    if (!process.env.E2E_KEEP_BACKENDS) {
      backend?.remove();
      if (root) fs.rmSync(root, { recursive: true, force: true });
    }
    const line = Object.entries(timings)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
      .join(", ");
    console.log(`      [package] timings: ${line}`);
    for (const note of notes) console.log(`      [package] ${note}`);
  });

  const emu = (): RunningEmulator => {
    if (!emulator) throw new Error("the emulator has not started (before hook failed?)");
    return emulator;
  };

  it("the tarball holds the built provider and emulator and the README, and no sources, tests or scripts", () => {
    if (!pack) throw new Error("before hook failed");
    const files = pack.files.map((f) => f.path);
    // npm's own list and the tarball itself agree.
    expect(tarEntries.map((e) => e.replace(/^package\//, "")).sort()).to.deep.equal([...files].sort());
    expect(files).to.include.members([
      "package.json",
      "README.md",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/resource/handlers.js", // the "./dynamic-provider" export
      "dist/emulator/index.js",
      "dist/emulator/index.d.ts",
      "dist/emulator/cli.js",
    ]);
    const unwanted = files.filter(
      (f) =>
        /^(dist\/)?(test|scripts|bench|examples)\//.test(f) ||
        f.startsWith(".cache/") ||
        f.includes("/.cache/") ||
        f.includes("node_modules/") ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f.endsWith(".tgz"),
    );
    expect(unwanted).to.deep.equal([]);
    console.log(
      `      [package] ${pack.filename}: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`,
    );
  });

  it("the installed package's emulator module starts from the project, and the root exports load", async () => {
    const { stdout } = await runOrExplain("node", ["check-modules.js"], base);
    const out = JSON.parse(stdout) as {
      emulatorFile: string;
      startEmulator: string;
      created: string;
      stored: string[];
      rootExports: string[];
    };
    expect(out.emulatorFile).to.equal(
      path.join(base, "node_modules", "pulumi-datatrails-invites", "dist", "emulator", "index.js"),
    );
    expect(out.startEmulator).to.equal("function");
    expect(out.stored).to.deep.equal([out.created]);
    expect(out.rootExports).to.include.members([
      "Invite",
      "Invitees",
      "getInvite",
      "listInvites",
      "DataTrailsClient",
    ]);
  });

  it("the installed datatrails-emulator bin serves an empty tenancy on the port it prints", async () => {
    const started = await startInstalledEmulator(base);
    installedEmulator = started.child;
    const state = (await (await fetch(`${started.url}/_emulator/state`)).json()) as { invites: unknown[] };
    expect(state.invites).to.deep.equal([]);
    await stopChild(installedEmulator);
  });

  it("the installed package loads and sends requests with no warning on Node 22, 24 and 26", async () => {
    const e = emu();
    for (const line of NODE_LINES) {
      const fetched = await runOrExplain(
        "bash",
        [path.join(REPO_ROOT, "scripts", "get-node.sh"), line],
        REPO_ROOT,
      );
      const node = path.join(fetched.stdout.trim().split("\n").pop() ?? "", "node");
      const { stdout, stderr } = await run(node, ["--trace-warnings", "-e", LOAD_AND_LIST], {
        cwd: base,
        env: { ...cleanEnv(), NODE_OPTIONS: "", EMU_URL: e.url, EMU_TOKEN: e.token },
      });
      expect({ line, stdout, stderr }).to.deep.equal({ line, stdout: "0", stderr: "" });
    }
  });

  for (const [version, pkg] of [
    [TYPESCRIPT_5, "typescript"],
    [TYPESCRIPT_6, TYPESCRIPT_6_ALIAS],
  ] as const) {
    it(`the packed types check a strict consumer under TypeScript ${version}, and reject a wrongly typed arg`, async () => {
      fs.writeFileSync(path.join(base, "consumer.ts"), CONSUMER);
      fs.writeFileSync(path.join(base, "wrong.ts"), WRONG_CONSUMER);
      fs.writeFileSync(path.join(base, "tsconfig.consumer.json"), strictTsconfig(["consumer.ts"]));
      fs.writeFileSync(path.join(base, "tsconfig.wrong.json"), strictTsconfig(["wrong.ts"]));
      expect((await tsc(base, pkg, ["--version"])).output.trim()).to.equal(`Version ${version}`);

      const good = await timed(`tsc ${version}`, () =>
        tsc(base, pkg, ["-p", "tsconfig.consumer.json", "--noEmit", "--pretty", "false"]),
      );
      expect(good.output.trim()).to.equal("");
      expect(good.code).to.equal(0);

      const wrong = await tsc(base, pkg, ["-p", "tsconfig.wrong.json", "--noEmit", "--pretty", "false"]);
      expect(wrong.code).to.not.equal(0);
      expect(wrong.output.trim()).to.match(
        /^wrong\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'Input<boolean>/,
      );
    });
  }

  const shapes: Shape[] = [
    {
      name: "typescript",
      files: {
        "Pulumi.yaml": pulumiYaml("datatrails-package-ts", true, "index.ts"),
        "tsconfig.json": strictTsconfig(["index.ts"]),
        "index.ts": TS_PROGRAM,
      },
      emails: ["alice@example.com", "bob@example.com"],
      members: 0,
      resources: 3, // 2 invites + the stack
    },
    {
      name: "javascript",
      files: {
        "Pulumi.yaml": pulumiYaml("datatrails-package-js", false, "index.js"),
        "index.js": JS_PROGRAM,
      },
      emails: ["alice@example.com", "bob@example.com", "carol@example.com"],
      members: 1,
      resources: 4, // 2 invites + 1 member + the stack
    },
    {
      name: "esm",
      files: {
        "Pulumi.yaml": pulumiYaml("datatrails-package-esm", false, "index.js"),
        "index.js": ESM_PROGRAM,
        "invitees.yaml": ESM_INVITEES,
      },
      emails: ["carol@example.com", "dave@example.com", "erin@example.com"],
      members: 0,
      resources: 5, // 3 invites + the Invitees component + the stack
    },
  ];

  for (const shape of shapes) {
    it(`${shape.name}: the CLI in the project folder runs init, up, clean preview, refresh, clean preview, destroy`, async () => {
      if (!backend || !pack) throw new Error("before hook failed");
      const e = emu();
      e.reset();
      const dir = path.join(root, shape.name);
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "package.json"),
        projectPackageJson(
          `datatrails-package-${shape.name}`,
          pack.filename,
          shape.name === "esm" ? "module" : undefined,
        ),
      );
      for (const [file, text] of Object.entries(shape.files)) fs.writeFileSync(path.join(dir, file), text);
      // Hard links: the install's files, under this project's own path (as if installed here).
      await timed(`${shape.name}: cp -al node_modules`, () =>
        run("cp", ["-al", path.join(base, "node_modules"), path.join(dir, "node_modules")]),
      );

      const printed: CommandResult[] = [];
      // --trace-warnings: every warning printed (by the program and the provider host the engine
      // starts) says where it came from, so one of this package's would be told from the others; the
      // longer stack reaches past Node's own frames (a builtin's require alone takes ten).
      const project = new PulumiProject({
        dir,
        backend,
        stack: "dev",
        env: { NODE_OPTIONS: "--trace-warnings --stack-trace-limit=50" },
        onOutput: (r) => printed.push(r),
      });
      const step = <T>(name: string, work: () => Promise<T>): Promise<T> =>
        timed(`${shape.name}: ${name}`, work);

      await step("init + config", async () => {
        await project.init();
        await project.setConfig("datatrails:url", e.url);
        await project.setConfig("datatrails:clientId", e.clientId);
        await project.setConfig("datatrails:clientSecret", e.clientSecret, true);
      });

      // up: one POST per invitee, outputs from the project's own modules on the PATH's node.
      await step("up", () => project.up());
      expect(await project.lastChanges()).to.deep.equal({ create: shape.resources } satisfies OpMap);
      const stored = e.state().invites;
      expect(stored.map((i) => i.email).sort()).to.deep.equal(shape.emails);
      expect(inviteMutations(e.requests())).to.deep.equal(shape.emails.map(() => "POST invites"));
      const identityOf = (email: string): string | undefined =>
        stored.find((i) => i.email === email)?.identity;

      const outputs = await project.outputs();
      const loaded = outputs.loaded as Loaded;
      const installed = path.join(dir, "node_modules");
      const nodeOnPath = (await run("node", ["--version"], { env: project.env })).stdout.trim();
      expect(loaded.node).to.equal(nodeOnPath);
      expect(loaded.pulumi).to.equal(path.join(installed, "@pulumi", "pulumi", "index.js"));
      expect(loaded.pulumiVersion).to.equal(PULUMI_SDK_VERSION);
      const invitesEntry = loaded.invites.startsWith("file:")
        ? fileURLToPath(loaded.invites)
        : loaded.invites;
      expect(invitesEntry).to.equal(
        path.join(installed, "pulumi-datatrails-invites", "dist", "provider", "index.js"),
      );
      if (shape.name === "esm") {
        expect(outputs.statuses).to.deep.equal({
          "carol@example.com": "pending",
          "dave@example.com": "pending",
        });
        expect(outputs.pending).to.equal(2);
        expect(outputs.erinIdentity).to.equal(identityOf("erin@example.com"));
      } else {
        expect(outputs.identities).to.deep.equal({
          alice: identityOf("alice@example.com"),
          bob: identityOf("bob@example.com"),
        });
        expect(outputs.statuses).to.deep.equal({ alice: "pending", bob: "pending" });
      }
      if (shape.name === "typescript") {
        // The language host compiled index.ts with the project's ts-node and typescript, not the
        // versions vendored in @pulumi/pulumi.
        expect(loaded.tsNode).to.equal(path.join(installed, "ts-node", "dist", "index.js"));
        expect(loaded.typescript).to.equal(path.join(installed, "typescript", "lib", "typescript.js"));
      }
      if (shape.name === "javascript") {
        notes.push(
          `javascript (Pulumi.yaml typescript: false): the program saw PULUMI_NODEJS_TYPESCRIPT=${loaded.typescriptFlag}`,
        );
      }

      // Installed from node_modules, the provider is serialized as one require of the package's
      // "./dynamic-provider" export: no code of the provider or its client, and no credential.
      const invites = (await project.resources()).filter((r) => r.type.endsWith(":Invite"));
      expect(invites).to.have.length(shape.emails.length - shape.members);
      const sizes: number[] = [];
      for (const r of invites) {
        const provider = r.inputs?.__provider;
        expect(provider, "__provider is plain text, not a secret envelope").to.be.a("string");
        const text = String(provider);
        expect(text.match(/require\(/g), text).to.deep.equal(["require("]);
        expect(text).to.include(`const provider = require("pulumi-datatrails-invites/dynamic-provider");\n`);
        expect(text).to.not.include("DataTrailsClient");
        expect(text).to.not.include(e.clientSecret);
        expect(text).to.not.include(e.clientId);
        expect(text).to.not.include(REPO_ROOT);
        expect(text).to.not.include(dir);
        sizes.push(Buffer.byteLength(text));
      }
      expect(Math.max(...sizes)).to.be.below(300);
      if (shape.name === "javascript") {
        // The Member's provider is the package's "./dynamic-provider/member" export, required the same way.
        expect(outputs.carolStatus).to.equal("invited");
        const members = (await project.resources()).filter((r) => r.type.endsWith(":Member"));
        expect(members).to.have.length(1);
        const text = String(members[0].inputs?.__provider);
        expect(text.match(/require\(/g), text).to.deep.equal(["require("]);
        expect(text).to.include(`require("pulumi-datatrails-invites/dynamic-provider/member")`);
        expect(text).to.not.include(e.clientSecret);
        expect(Buffer.byteLength(text)).to.be.below(300);
      }
      expect(await project.exportText()).to.not.include(e.clientSecret);

      // Nothing after the first up sends or withdraws an invite.
      e.clearRequests();
      await step("preview", () => project.preview(true));
      await step("refresh", () => project.refresh());
      expect(await project.lastChanges()).to.deep.equal({});
      await step("preview after refresh", () => project.preview(true));
      expect(inviteMutations(e.requests())).to.deep.equal([]);
      expect(
        e
          .state()
          .invites.map((i) => i.identity)
          .sort(),
      ).to.deep.equal(stored.map((i) => i.identity).sort());

      e.clearRequests();
      await step("destroy", () => project.destroy());
      expect(await project.lastChanges()).to.deep.equal({ delete: shape.resources } satisfies OpMap);
      expect(e.state().invites).to.deep.equal([]);
      expect(inviteMutations(e.requests()).sort()).to.deep.equal(
        stored.map((i) => `DELETE ${i.identity}`).sort(),
      );
      await project.removeStack();

      // No command printed the client secret.
      const leaks = printed
        .filter((r) => (r.stdout + r.stderr).includes(e.clientSecret))
        .map((r) => r.command);
      expect(leaks).to.deep.equal([]);
      // No deprecation or experimental warning came from this package (or its dependencies) during
      // any command, `up` included. Others' warnings (@pulumi/pulumi, ts-node, Node's line) are
      // reported, not asserted.
      const output = printed.map((r) => r.stdout + r.stderr).join("\n");
      expect(ourWarnings(output, installed)).to.deep.equal([]);
      const warnings = new Set(nodeWarnings(output).map((w) => `${w.text} (from ${w.origin ?? "?"})`));
      notes.push(`${shape.name}: Node warnings: ${[...warnings].join(" | ") || "none"}`);
      console.log(
        `      [package] ${shape.name}: serialized provider ${sizes.join(", ")} bytes per resource`,
      );
    });
  }
});
