/**
 * A project folder run by the real `pulumi` CLI, as users run it: inside the folder where the packed
 * package and the Pulumi SDK were installed with npm (./pack.ts), so every resource records the
 * installed, one-line serialized provider and one SDK instance runs the program. Its program declares
 * `bench:count` resources of `bench:kind`: `invites` (this provider's `Invite`), `native` (the native
 * provider's Invite through the generated Node.js SDK and the installed package's plugin), or one of
 * the baselines of ./baselines.ts: `direct` (the same one API call per op, an Invite's outputs) or
 * `noop` (nothing at all: the engine's floor).
 */
import * as fs from "fs";
import * as path from "path";
import { installNodeSdk } from "../../tools/native";
import { createBackend, type Backend } from "../../tools/pulumi";
import { PulumiProject } from "../../tools/project";
import type { BenchEmulator } from "./emulator";
import { BASELINE_PACKAGES, benchApp, DIRECT_ENV } from "./baselines";
import { PACKAGE_NAME } from "./pack";
import { nowMs } from "./stats";

/** What a bench program declares. */
export type ProgramKind = "invites" | "native" | "direct" | "noop";

// Resource names do not depend on the kind, so one stack can be compared with the other as is.
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const bench = new pulumi.Config("bench");
const count = bench.requireNumber("count");
const kind = bench.require("kind");
const prefix = bench.require("prefix");
class NoopResource extends pulumi.dynamic.Resource {
  constructor(name, args) {
    super(require(${JSON.stringify(BASELINE_PACKAGES.noop)}), name, { email: args.email }, undefined, "bench", "Noop");
  }
}
// The properties an Invite registers: its inputs, and its outputs as undefined (to be resolved).
class DirectResource extends pulumi.dynamic.Resource {
  constructor(name, args) {
    super(require(${JSON.stringify(BASELINE_PACKAGES.direct)}), name, {
      email: args.email, message: undefined, adopt: undefined, renewExpired: undefined, identity: undefined,
      expiryTime: undefined, status: undefined, adopted: undefined, memberIdentity: undefined,
    }, undefined, "bench", "Direct");
  }
}
const make =
  kind === "noop"
    ? (n, email) => new NoopResource(n, { email })
    : kind === "direct"
      ? (n, email) => new DirectResource(n, { email })
      : kind === "native"
        ? (() => { const { Invite } = require("pulumi-datatrails"); return (n, email) => new Invite(n, { email }); })()
        : (() => { const { Invite } = require(${JSON.stringify(PACKAGE_NAME)}); return (n, email) => new Invite(n, { email }); })();
for (let i = 0; i < count; i++) make("invite-" + i, prefix + "-" + i + "@example.com");
`;

let counter = 0;

/** One stack of a bench project folder. */
export class BenchProject {
  private constructor(
    private readonly backend: Backend,
    private readonly project: PulumiProject,
  ) {}

  /**
   * A new folder, stack and local backend whose program declares `kind` resources with emails under
   * `prefix`, configured for the emulator (the client secret set with `--secret`).
   */
  static async create(
    label: string,
    emu: BenchEmulator,
    kind: ProgramKind,
    prefix: string,
    extraConfig: Record<string, string> = {},
  ): Promise<BenchProject> {
    const backend = createBackend(`bench-${label}`);
    let dir: string | undefined;
    try {
      // Inside the installed folder, so the program's requires resolve to its node_modules; the
      // state and PULUMI_HOME stay in the backend folder.
      const projects = path.join(await benchApp(), "projects");
      fs.mkdirSync(projects, { recursive: true });
      dir = fs.mkdtempSync(path.join(projects, `${label}-`));
      // The native kind runs the installed package's plugin, and the SDK generated from its schema.
      const plugin = path.join(await benchApp(), "node_modules", PACKAGE_NAME, "plugin");
      fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        `name: datatrails-invites-bench\nruntime: nodejs\nmain: index.js\n` +
          (kind === "native"
            ? `plugins:\n  providers:\n    - name: datatrails\n      path: ${plugin}\n`
            : ""),
      );
      fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
      if (kind === "native") installNodeSdk(dir);
      // The direct baseline reads the emulator's URL and credentials from the environment.
      const env: Record<string, string> =
        kind === "direct"
          ? {
              [DIRECT_ENV.url]: emu.url,
              [DIRECT_ENV.clientId]: emu.clientId,
              [DIRECT_ENV.clientSecret]: emu.clientSecret,
            }
          : {};
      const project = new PulumiProject({ dir, backend, env, stack: `${label}-${process.pid}-${++counter}` });
      await project.init();
      const config: Record<string, string> = {
        "bench:kind": kind,
        "bench:prefix": prefix,
        "bench:count": "0",
        "datatrails:url": emu.url,
        "datatrails:clientId": emu.clientId,
        ...extraConfig,
      };
      for (const [key, value] of Object.entries(config)) await project.setConfig(key, value);
      await project.setConfig("datatrails:clientSecret", emu.clientSecret, true);
      return new BenchProject(backend, project);
    } catch (err) {
      backend.remove();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Sets how many resources the program declares. */
  setCount(count: number): Promise<void> {
    return this.project.setConfig("bench:count", String(count));
  }

  /** `pulumi up`: its wall time in ms. */
  up(): Promise<number> {
    return this.timed(() => this.project.up());
  }

  /** `pulumi refresh`: its wall time in ms. */
  refresh(): Promise<number> {
    return this.timed(() => this.project.refresh());
  }

  /** `pulumi preview --expect-no-changes` (fails on any planned change): its wall time in ms. */
  previewNoChanges(): Promise<number> {
    return this.timed(() => this.project.preview(true));
  }

  /** `pulumi destroy`: its wall time in ms. */
  destroy(): Promise<number> {
    return this.timed(() => this.project.destroy());
  }

  /** Removes the folder, its state and backend, unless BENCH_KEEP_TMP is set. */
  remove(): void {
    if (process.env.BENCH_KEEP_TMP) return;
    this.backend.remove();
    fs.rmSync(this.project.dir, { recursive: true, force: true });
  }

  private async timed(command: () => Promise<unknown>): Promise<number> {
    const start = nowMs();
    await command();
    return nowMs() - start;
  }
}
