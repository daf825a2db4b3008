// Layer 4 for the published artifact: `npm pack` the repository, install the tarball into a fresh
// Pulumi project outside the repository (next to its own @pulumi/pulumi), and run a program there
// through the real Pulumi engine and dynamic-provider host against the installed emulator.
//
// The program cannot run inline in this test's process: it must load the project's own
// @pulumi/pulumi, and two Pulumi runtimes in one process break resource registration. So a small
// driver script inside the project (the project's `@pulumi/pulumi/automation`, an inline program that
// requires the project's index.js) runs each command, and this test spawns it and reads its one
// `RESULT <json>` line. Its work dir is the project, so the engine starts the dynamic-provider host
// there and the host resolves `pulumi-datatrails-invites` from the project's node_modules.
import { expect } from "chai";
import { execFile, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import type { OpMap } from "@pulumi/pulumi/automation";
import { EmulatorControl } from "../../emulator";
import {
  createBackend,
  ensurePulumiCli,
  outsideTempDir,
  REPO_ROOT,
  type Backend,
} from "../../scripts/lib/pulumi";
import { changesOf, inviteMutations } from "../helpers/e2e";

const run = promisify(execFile);

/** Must match the repository's devDependency (the version the rest of the suite runs against). */
const PULUMI_SDK = "@pulumi/pulumi@3.270.0";
const PROJECT_NAME = "datatrails-package-test";

/** The user's program: two invites, declared with the installed package. */
const PROGRAM = `"use strict";
const { Invite } = require("pulumi-datatrails-invites");

const alice = new Invite("alice", { email: "alice@example.com", message: "Welcome to the audit tenancy" });
const bob = new Invite("bob", { email: "bob@example.com" });

exports.identities = { alice: alice.identity, bob: bob.identity };
exports.statuses = { alice: alice.status, bob: bob.status };
`;

/**
 * Runs one command (`up`: set config, up, export, preview --expect-no-changes; `destroy`: destroy,
 * remove the stack) on this project's index.js with this project's @pulumi/pulumi.
 * Input: DRIVER_INPUT (JSON). Engine output goes to stderr; the last stdout line is `RESULT <json>`.
 */
const DRIVER = `"use strict";
const path = require("path");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");

async function main() {
  const input = JSON.parse(process.env.DRIVER_INPUT || "{}");
  const entry = path.join(__dirname, "index.js");
  const program = async () => {
    delete require.cache[require.resolve(entry)];
    return { ...require(entry) };
  };
  const log = (text) => process.stderr.write(text);
  const timings = {};
  const timed = async (name, step) => {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = Date.now() - started;
    }
  };
  const stack = await timed("select", () =>
    LocalWorkspace.createOrSelectStack(
      { stackName: input.stackName, projectName: input.projectName, program },
      { workDir: __dirname, envVars: input.env },
    ),
  );
  const result = {
    command: input.command,
    timings,
    loaded: {
      pulumi: require.resolve("@pulumi/pulumi"),
      pulumiVersion: require("@pulumi/pulumi/package.json").version,
      invites: require.resolve("pulumi-datatrails-invites"),
    },
  };
  if (input.command === "up") {
    await stack.setAllConfig(input.config);
    const up = await timed("up", () => stack.up({ onOutput: log, onError: log }));
    result.outputs = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    result.upChanges = up.summary.resourceChanges;
    const exported = await stack.exportStack();
    result.resources = exported.deployment.resources.map((r) => ({ type: r.type, id: r.id, inputs: r.inputs }));
    const preview = await timed("preview", () => stack.preview({ expectNoChanges: true, onOutput: log, onError: log }));
    result.previewChanges = preview.changeSummary;
  } else if (input.command === "destroy") {
    const destroy = await timed("destroy", () => stack.destroy({ onOutput: log, onError: log }));
    result.destroyChanges = destroy.summary.resourceChanges;
    await stack.workspace.removeStack(input.stackName);
  } else {
    throw new Error("unknown command " + input.command);
  }
  process.stdout.write("RESULT " + JSON.stringify(result) + "\\n");
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\\n");
  process.exit(1);
});
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
      url: emu.url,
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

interface DriverResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
}

interface DriverResult {
  command: string;
  timings: Record<string, number>;
  loaded: { pulumi: string; pulumiVersion: string; invites: string };
  outputs?: Record<string, unknown>;
  upChanges?: OpMap;
  previewChanges?: OpMap;
  resources?: DriverResource[];
  destroyChanges?: OpMap;
}

interface EmulatorInfo {
  url: string;
  clientId: string;
  clientSecret: string;
  token: string;
}

/** This process's environment without npm's script variables (they point npm at the repository). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key.startsWith("DATATRAILS_") || key.startsWith("PULUMI_")) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Starts the installed `datatrails-emulator` bin and reads the JSON line it prints when ready. */
function startInstalledEmulator(project: string): Promise<{ child: ChildProcess; info: EmulatorInfo }> {
  const bin = path.join(project, "node_modules", ".bin", "datatrails-emulator");
  const child = spawn(bin, ["--port", "0"], {
    cwd: project,
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`datatrails-emulator printed nothing within 30 s: ${out}${err}`));
    }, 30_000);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve({ child, info: JSON.parse(out.slice(0, newline)) as EmulatorInfo });
      } catch (e) {
        reject(new Error(`datatrails-emulator printed no JSON line: ${out}${err} (${String(e)})`));
      }
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`datatrails-emulator exited with ${code}: ${out}${err}`));
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("e2e: the npm package, installed into a fresh Pulumi project outside the repository", function () {
  this.timeout(15 * 60_000);
  const timings: Record<string, number> = {};
  let project = "";
  let pack: PackResult | undefined;
  let tarEntries: string[] = [];
  let backend: Backend | undefined;
  let emulatorChild: ChildProcess | undefined;
  let emulator: EmulatorInfo | undefined;

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
    project = outsideTempDir("datatrails-package");
    expect(path.relative(REPO_ROOT, project).startsWith("..")).to.equal(true);

    // The test itself runs from dist/, so the build is fresh: `--ignore-scripts` skips `prepare`
    // (which would rebuild the whole repository mid-run); what is packed is the same.
    const packed = await timed("npm pack", () =>
      run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", project], {
        cwd: REPO_ROOT,
        env: cleanEnv(),
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    pack = (JSON.parse(packed.stdout) as PackResult[])[0];
    const tarball = path.join(project, pack.filename);
    tarEntries = (await run("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 })).stdout
      .split("\n")
      .filter((line) => line !== "");

    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: PROJECT_NAME, version: "0.0.0", private: true, main: "index.js" }, null, 2),
    );
    fs.writeFileSync(
      path.join(project, "Pulumi.yaml"),
      `name: ${PROJECT_NAME}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
    try {
      await timed("npm install", () =>
        run("npm", ["install", tarball, PULUMI_SDK, "--no-audit", "--no-fund"], {
          cwd: project,
          env: cleanEnv(),
          maxBuffer: 64 * 1024 * 1024,
        }),
      );
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`npm install failed in ${project}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    fs.writeFileSync(path.join(project, "index.js"), PROGRAM);
    fs.writeFileSync(path.join(project, "driver.js"), DRIVER);
    fs.writeFileSync(path.join(project, "check-modules.js"), MODULE_CHECK);

    const started = await timed("emulator start", () => startInstalledEmulator(project));
    emulatorChild = started.child;
    emulator = started.info;
    backend = createBackend("package");
  });

  after(async () => {
    await stopChild(emulatorChild);
    if (!process.env.E2E_KEEP_BACKENDS) {
      backend?.remove();
      if (project) fs.rmSync(project, { recursive: true, force: true });
    }
    const line = Object.entries(timings)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
      .join(", ");
    console.log(`      [package] timings: ${line}`);
  });

  /** Runs the driver in the project; returns its result (throws with its stderr when it fails). */
  async function driver(command: "up" | "destroy"): Promise<DriverResult> {
    if (!backend || !emulator) throw new Error("before hook failed");
    const input = {
      command,
      stackName: `package-${process.pid}`,
      projectName: PROJECT_NAME,
      env: backend.env,
      config: {
        "datatrails:url": { value: emulator.url },
        "datatrails:clientId": { value: emulator.clientId },
        "datatrails:clientSecret": { value: emulator.clientSecret, secret: true },
      },
    };
    const env = cleanEnv({ ...backend.env, DRIVER_INPUT: JSON.stringify(input) });
    return timed(`driver ${command}`, async () => {
      let stdout = "";
      try {
        stdout = (
          await run(process.execPath, [path.join(project, "driver.js")], {
            cwd: project,
            env,
            timeout: 10 * 60_000,
            maxBuffer: 64 * 1024 * 1024,
          })
        ).stdout;
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        throw new Error(`driver ${command} failed:\n${e.stderr ?? ""}\n${e.stdout ?? ""}`);
      }
      const line = stdout
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("RESULT "));
      if (!line) throw new Error(`driver ${command} printed no RESULT line:\n${stdout}`);
      const result = JSON.parse(line.slice("RESULT ".length)) as DriverResult;
      for (const [step, ms] of Object.entries(result.timings)) timings[`${command}: ${step}`] = ms;
      return result;
    });
  }

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
    const { stdout } = await run(process.execPath, ["check-modules.js"], { cwd: project, env: cleanEnv() });
    const out = JSON.parse(stdout) as {
      emulatorFile: string;
      startEmulator: string;
      created: string;
      stored: string[];
      rootExports: string[];
    };
    expect(out.emulatorFile).to.equal(
      path.join(
        fs.realpathSync(project),
        "node_modules",
        "pulumi-datatrails-invites",
        "dist",
        "emulator",
        "index.js",
      ),
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

  it("a program in the project runs through the real engine: up, no-change preview, destroy", async () => {
    if (!emulator) throw new Error("before hook failed");
    const control = new EmulatorControl(emulator.url);
    const installed = path.join(fs.realpathSync(project), "node_modules");

    const up = await driver("up");
    // The driver ran the project's own copies, not the repository's.
    expect(up.loaded.pulumi).to.equal(path.join(installed, "@pulumi", "pulumi", "index.js"));
    expect(up.loaded.pulumiVersion).to.equal(PULUMI_SDK.split("@").pop());
    expect(up.loaded.invites).to.equal(
      path.join(installed, "pulumi-datatrails-invites", "dist", "provider", "index.js"),
    );
    expect(changesOf(up.upChanges)).to.deep.equal({ create: 3 }); // 2 invites + the stack
    expect(changesOf(up.previewChanges)).to.deep.equal({});

    const state = await control.state();
    expect(state.invites.map((i) => i.email).sort()).to.deep.equal(["alice@example.com", "bob@example.com"]);
    const identityOf = (email: string) => state.invites.find((i) => i.email === email)?.identity;
    expect(up.outputs?.identities).to.deep.equal({
      alice: identityOf("alice@example.com"),
      bob: identityOf("bob@example.com"),
    });
    expect(up.outputs?.statuses).to.deep.equal({ alice: "pending", bob: "pending" });
    const requests = (await control.requests()).map((r) => ({ ...r, query: {} }));
    expect(inviteMutations(requests)).to.deep.equal(["POST invites", "POST invites"]);

    // Installed from node_modules, the provider is serialized as one require of the package's
    // "./dynamic-provider" export: no code of the provider or its client, and no credential.
    const invites = (up.resources ?? []).filter((r) => r.type.endsWith(":Invite"));
    expect(invites).to.have.length(2);
    const sizes: number[] = [];
    for (const r of invites) {
      const provider = r.inputs?.__provider;
      expect(provider, "__provider is plain text, not a secret envelope").to.be.a("string");
      const text = String(provider);
      expect(text).to.include(`require("pulumi-datatrails-invites/dynamic-provider")`);
      expect(text).to.not.include("DataTrailsClient");
      expect(text).to.not.include(emulator.clientSecret);
      expect(text).to.not.include(emulator.clientId);
      expect(text).to.not.include(REPO_ROOT);
      expect(text).to.not.include(project);
      sizes.push(Buffer.byteLength(text));
    }
    expect(sizes[0]).to.be.below(1024);
    console.log(
      `      [package] serialized provider (installed package): ${sizes.join(", ")} bytes per resource`,
    );

    const destroy = await driver("destroy");
    expect(changesOf(destroy.destroyChanges)).to.deep.equal({ delete: 3 });
    expect((await control.state()).invites).to.deep.equal([]);
  });
});
