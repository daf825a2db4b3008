// Layer 4: the example projects under examples/, run as users run them, through the real Pulumi engine
// and dynamic-provider host against a real emulator. The Node.js language host is not available here,
// so each example's compiled index.js runs inline (Automation API): the inline program requires it
// afresh, so its top-level code declares the resources, and returns its exports as stack outputs.
// Also lints the gitops example's GitHub Actions workflow with a real actionlint.
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  createBackend,
  createStack,
  ensurePulumiCli,
  REPO_ROOT,
  type Backend,
} from "../../scripts/lib/pulumi";
import { changesOf, E2EStack, inviteMutations } from "../helpers/e2e";

const run = promisify(execFile);

const EXAMPLES = ["basic", "gitops", "adopt"] as const;
type ExampleName = (typeof EXAMPLES)[number];

/** The example's project folder (sources, Pulumi.yaml, data files). */
const sourceDir = (name: ExampleName): string => path.join(REPO_ROOT, "examples", name);
/** The example's compiled program (root tsconfig.json: examples/<name>/index.ts -> dist/...). */
const compiledEntry = (name: ExampleName): string =>
  path.join(REPO_ROOT, "dist", "examples", name, "index.js");

/**
 * The example as an inline program. `cwd`, when given, is the folder the program runs in, as `pulumi`
 * runs a program in its project folder; only the synchronous top-level code (which reads the files)
 * sees it, and the test's own working directory is restored right after.
 */
function exampleProgram(name: ExampleName, cwd?: () => string): PulumiFn {
  const entry = compiledEntry(name);
  return async () => {
    delete require.cache[require.resolve(entry)];
    const previous = process.cwd();
    if (cwd) process.chdir(cwd());
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the compiled example as `pulumi` would
      const exported = require(entry) as Record<string, unknown>;
      return { ...exported };
    } finally {
      process.chdir(previous);
    }
  };
}

interface ProjectFile {
  name?: unknown;
  runtime?: unknown;
}

function projectOf(name: ExampleName): ProjectFile {
  return parseYaml(fs.readFileSync(path.join(sourceDir(name), "Pulumi.yaml"), "utf8")) as ProjectFile;
}

interface InviteeEntry {
  email: string;
  message?: string;
}

function readInvitees(file: string): InviteeEntry[] {
  return parseYaml(fs.readFileSync(file, "utf8")) as InviteeEntry[];
}

describe("e2e: the examples, run through the real engine", function () {
  this.timeout(10 * 60_000);
  let emulator: RunningEmulator | undefined;
  const backends: Backend[] = [];
  const temps: string[] = [];
  let counter = 0;

  before(async function () {
    this.timeout(40 * 60_000);
    ensurePulumiCli();
    emulator = await startEmulator({ port: 0 });
  });
  beforeEach(() => emulator?.reset());
  after(async () => {
    await emulator?.stop();
    if (!process.env.E2E_KEEP_BACKENDS) for (const b of backends) b.remove();
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  const emu = (): RunningEmulator => {
    if (!emulator) throw new Error("the emulator has not started (before hook failed?)");
    return emulator;
  };

  /** A stack of the example's project, configured for the emulator as its README tells users to. */
  async function exampleStack(name: ExampleName, program: PulumiFn): Promise<E2EStack> {
    const e = emu();
    const backend = createBackend(`example-${name}`);
    backends.push(backend);
    const stack = await createStack({
      backend,
      projectName: String(projectOf(name).name),
      stackName: `${name}-${process.pid}-${++counter}`,
      program,
      config: {
        "datatrails:url": { value: e.url },
        "datatrails:clientId": { value: e.clientId },
        "datatrails:clientSecret": { value: e.clientSecret, secret: true },
      },
    });
    return new E2EStack(stack, backend);
  }

  it("each example is a Pulumi TypeScript project that uses the published package name", () => {
    for (const name of EXAMPLES) {
      const dir = sourceDir(name);
      const project = projectOf(name);
      expect(project.name, name)
        .to.be.a("string")
        .that.matches(/^datatrails-invites-/);
      expect(project.runtime, name).to.deep.equal({ name: "nodejs", options: { typescript: true } });
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      expect(pkg.dependencies, name).to.have.keys("pulumi-datatrails-invites", "@pulumi/pulumi");
      const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      expect(source, name).to.match(/from "pulumi-datatrails-invites";/);
      expect(source, name).to.not.match(/from "\.\.?\//); // nothing a user's copy would not have
      expect(fs.existsSync(path.join(dir, "README.md")), `${name}/README.md`).to.equal(true);
      expect(fs.existsSync(compiledEntry(name)), `${compiledEntry(name)} (run tsc first)`).to.equal(true);
    }
  });

  it("basic: up sends one invite and exports its identity and status; destroy withdraws it", async () => {
    const s = await exampleStack("basic", exampleProgram("basic"));
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 2 }); // the invite + the stack
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites"]);
    const stored = emu().state().invites;
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ email: "alice@example.com", message: "Welcome to the audit tenancy" });
    expect(up.outputs.identity?.value).to.equal(stored[0].identity);
    expect(up.outputs.status?.value).to.equal("pending");
    expect(up.outputs.expiryTime?.value).to.equal(stored[0].expiry_time);

    emu().clearRequests();
    const destroy = await s.destroy();
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 2 });
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${stored[0].identity}`]);
    expect(emu().state().invites).to.deep.equal([]);
  });

  it("gitops: up invites everyone in invitees.yaml; reordering the list plans no change", async () => {
    const listed = readInvitees(path.join(sourceDir("gitops"), "invitees.yaml"));
    expect(listed.map((i) => i.email)).to.have.length(3);
    for (const i of listed) expect(i.email).to.match(/@example\.com$/);

    let programDir = sourceDir("gitops");
    const s = await exampleStack(
      "gitops",
      exampleProgram("gitops", () => programDir),
    );
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 5 }); // 3 invites, component, stack
    expect(inviteMutations(emu().requests())).to.deep.equal(listed.map(() => "POST invites"));
    const stored = emu().state().invites;
    expect(stored.map((i) => i.email).sort()).to.deep.equal(listed.map((i) => i.email).sort());
    for (const entry of listed) {
      const invite = stored.find((i) => i.email === entry.email);
      // Entries without a message get the program's default.
      expect(invite?.message, entry.email).to.equal(entry.message ?? "Welcome to the audit tenancy");
    }
    expect(up.outputs.statuses?.value).to.deep.equal(
      Object.fromEntries(listed.map((i) => [i.email, "pending"])),
    );
    expect(up.outputs.pending?.value).to.equal(3);
    expect(up.outputs.accepted?.value).to.equal(0);

    emu().clearRequests();
    const again = await s.preview({ expectNoChanges: true });
    expect(changesOf(again.changeSummary)).to.deep.equal({});

    // The reviewed file, reordered (a copy: the example stays as it is).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-reordered-"));
    temps.push(copy);
    const reversed = [...listed].reverse();
    fs.writeFileSync(path.join(copy, "invitees.yaml"), stringifyYaml(reversed));
    programDir = copy;
    const reordered = await s.preview({ expectNoChanges: true });
    expect(changesOf(reordered.changeSummary)).to.deep.equal({}); // no replace, no delete, no create

    // The copy is really what the program read: dropping an entry from it plans one delete.
    fs.writeFileSync(path.join(copy, "invitees.yaml"), stringifyYaml(reversed.slice(1)));
    const dropped = await s.preview();
    expect(changesOf(dropped.changeSummary)).to.deep.equal({ delete: 1 });
    expect(inviteMutations(emu().requests())).to.deep.equal([]);
    expect(emu().state().invites).to.deep.equal(stored);

    programDir = sourceDir("gitops");
    const destroy = await s.destroy();
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 5 });
    expect(emu().state().invites).to.deep.equal([]);
  });

  it("adopt: takes over the hand-made invite without a POST and reports the undeclared ones", async () => {
    const byHand = emu().createInvite({ email: "dana@example.com", message: "sent from the portal" });
    const stray = emu().createInvite({ email: "Contractor@Example.com" });
    emu().clearRequests();

    const s = await exampleStack("adopt", exampleProgram("adopt"));
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 2 });
    expect(inviteMutations(emu().requests())).to.deep.equal([]); // no POST: nobody got a second email
    expect(emu().state().invites).to.have.deep.members([byHand, stray]);
    expect(up.outputs.danaIdentity?.value).to.equal(byHand.identity);
    expect(up.outputs.danaAdopted?.value).to.equal(true);
    expect(up.outputs.danaStatus?.value).to.equal("pending");
    expect(up.outputs.undeclared?.value).to.deep.equal([
      { email: stray.email, identity: stray.identity, status: "pending", expiryTime: stray.expiry_time },
    ]);
    expect((await s.invite("dana@example.com"))?.outputs).to.include({ adopted: true, adopt: true });

    emu().clearRequests();
    const destroy = await s.destroy();
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 2 });
    // The adopted invite is the stack's now; the undeclared one is left alone.
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${byHand.identity}`]);
    expect(emu().state().invites).to.deep.equal([stray]);
  });

  describe("gitops: the GitHub Actions workflow", () => {
    /** The release of pulumi/actions the workflow pins. */
    const PULUMI_ACTION_TAG = "v7.0.0";
    const workflow = path.join(sourceDir("gitops"), ".github", "workflows", "invites.yml");
    let actionlint = "";

    before(async function () {
      this.timeout(20 * 60_000); // a cold build from the Go module proxy
      const { stdout } = await run("bash", [path.join(REPO_ROOT, "scripts", "get-actionlint.sh")], {
        cwd: REPO_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
      actionlint = stdout.trim().split("\n").pop() ?? "";
      expect(fs.existsSync(actionlint), `get-actionlint.sh printed ${stdout}`).to.equal(true);
    });

    interface Finding {
      message: string;
      line: number;
      kind: string;
    }

    /** actionlint's findings on `file` and its exit code (0: none, 1: findings, >1: failure). */
    async function lint(file: string): Promise<{ code: number; findings: Finding[]; stderr: string }> {
      try {
        const { stdout, stderr } = await run(actionlint, ["-no-color", "-format", "{{json .}}", file]);
        return { code: 0, findings: JSON.parse(stdout) as Finding[], stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        const findings = e.code === 1 ? (JSON.parse(e.stdout ?? "[]") as Finding[]) : [];
        return { code: typeof e.code === "number" ? e.code : -1, findings, stderr: e.stderr ?? "" };
      }
    }

    it("previews on pull requests and applies on pushes to main, with credentials from secrets", () => {
      const text = fs.readFileSync(workflow, "utf8");
      const wf = parseYaml(text) as {
        on: { pull_request?: unknown; push?: { branches?: string[] } };
        jobs: Record<
          string,
          {
            env?: Record<string, string>;
            steps: { uses?: string; if?: string; with?: Record<string, unknown> }[];
          }
        >;
      };
      expect(wf.on).to.have.property("pull_request");
      expect(wf.on.push?.branches).to.deep.equal(["main"]);
      const jobs = Object.values(wf.jobs);
      expect(jobs).to.have.length(1);
      expect(jobs[0].env).to.include({
        DATATRAILS_CLIENT_ID: "${{ secrets.DATATRAILS_CLIENT_ID }}",
        DATATRAILS_CLIENT_SECRET: "${{ secrets.DATATRAILS_CLIENT_SECRET }}",
        PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
      });
      const pulumiSteps = jobs[0].steps.filter((step) => step.uses?.startsWith("pulumi/actions@"));
      expect(pulumiSteps.map((step) => step.with?.command)).to.deep.equal(["preview", "up"]);
      for (const step of pulumiSteps) expect(step.uses).to.equal(`pulumi/actions@${PULUMI_ACTION_TAG}`);
      expect(pulumiSteps[0].if).to.equal("github.event_name == 'pull_request'");
      expect(pulumiSteps[1].if).to.match(/github\.ref == 'refs\/heads\/main'/);
      // No credential is written into the file itself.
      expect(text).to.not.match(/DATATRAILS_CLIENT_SECRET:\s*[^$\s]/);
    });

    it("passes actionlint with no findings", async () => {
      const result = await lint(workflow);
      expect(result.findings, result.stderr).to.deep.equal([]);
      expect(result.code, result.stderr).to.equal(0);
    });

    it("passes actionlint with the pulumi/actions inputs checked against the v6 schema it knows", async () => {
      // actionlint checks the inputs of popular actions from metadata it embeds per major tag; 1.7.12 knows
      // pulumi/actions up to @v6, whose inputs v7 kept. A copy pointing at @v6 gets its inputs checked.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-v6-"));
      temps.push(dir);
      const text = fs.readFileSync(workflow, "utf8");
      const asV6 = text.split(`pulumi/actions@${PULUMI_ACTION_TAG}`).join("pulumi/actions@v6");
      expect(asV6.match(/pulumi\/actions@v6\n/g)).to.have.length(2);
      fs.writeFileSync(path.join(dir, "invites.yml"), asV6);
      const result = await lint(path.join(dir, "invites.yml"));
      expect(result.findings, result.stderr).to.deep.equal([]);
      expect(result.code, result.stderr).to.equal(0);
    });

    it("actionlint is a real linter: it reports the errors of a broken workflow", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-broken-"));
      temps.push(dir);
      const broken = path.join(dir, "broken.yml");
      fs.writeFileSync(
        broken,
        [
          "on:",
          "  pull_request:",
          "jobs:",
          "  invites:",
          "    runs-on: ubuntu-latest",
          "    steps:",
          "      - uses: pulumi/actions@v6",
          "        with:",
          "          comand: preview", // misspelled input of a known action
          "      - run: echo ${{ github.evnt_name }}", // unknown context property
          "        if: ${{ secrets.DATATRAILS_CLIENT_ID }", // unterminated expression
          "",
        ].join("\n"),
      );
      const result = await lint(broken);
      expect(result.code, result.stderr).to.equal(1);
      const messages = result.findings.map((f) => `${f.line}: ${f.kind}: ${f.message}`);
      const report = messages.join("\n");
      expect(
        messages.some((m) => /^9: action: input "comand" is not defined/.test(m)),
        report,
      ).to.equal(true);
      expect(
        messages.some((m) => /^10: expression: property "evnt_name" is not defined/.test(m)),
        report,
      ).to.equal(true);
      expect(
        messages.some((m) => m.startsWith("11: ")),
        report,
      ).to.equal(true);
    });
  });
});
