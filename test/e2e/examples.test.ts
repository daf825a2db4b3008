// Layer 4: the example projects under examples/ and the repository's own root project, run as users
// run them: the real `pulumi` CLI inside (a copy of) each project folder, its Node.js language host
// running the TypeScript examples through ts-node and the root project's compiled JavaScript, the
// dynamic-provider host, and a real emulator. Also lints the gitops example's GitHub Actions
// workflow with a real actionlint.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { actionlint, ensureActionlint } from "../../tools/actionlint";
import { REPO_ROOT } from "../../tools/repo-root";
import type { PulumiProject } from "../../tools/project";
import { inviteMutations } from "../helpers/e2e";
import { useProjects } from "../helpers/projects";

const EXAMPLES = ["basic", "gitops", "adopt"] as const;
type ExampleName = (typeof EXAMPLES)[number];

/** The example's project folder (sources, Pulumi.yaml, data files). */
const sourceDir = (name: ExampleName): string => path.join(REPO_ROOT, "examples", name);

interface ProjectFile {
  name?: unknown;
  runtime?: unknown;
  main?: unknown;
}

function projectFile(dir: string): ProjectFile {
  return parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

interface InviteeEntry {
  email: string;
  message?: string;
}

/** An invitee file: a plain list, or `{policies, invitees}`. */
function readInviteeFile(file: string): { policies?: unknown; invitees: InviteeEntry[] } {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as
    InviteeEntry[] | { policies?: unknown; invitees: InviteeEntry[] };
  return Array.isArray(doc) ? { invitees: doc } : doc;
}

/** The Invite resources in a project stack's state. */
async function stateInvites(
  project: PulumiProject,
): Promise<{ id: string; outputs: Record<string, unknown> }[]> {
  return (await project.resources())
    .filter((r) => r.type.endsWith(":Invite"))
    .map((r) => ({ id: r.id ?? "", outputs: r.outputs ?? {} }));
}

describe("e2e: the examples and the root project, run by the real CLI in their folders", function () {
  this.timeout(10 * 60_000);
  const projects = useProjects();
  const temps: string[] = [];
  after(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });
  const emu = () => projects.emu;

  it("each example is a Pulumi TypeScript project that uses the published package name", () => {
    for (const name of EXAMPLES) {
      const dir = sourceDir(name);
      const project = projectFile(dir);
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
    }
  });

  it("basic: up sends one invite and exports its identity and status; destroy withdraws it", async () => {
    const s = await projects.stack("basic", { source: sourceDir("basic") });
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ create: 2 }); // the invite + the stack
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites"]);
    const stored = emu().state().invites;
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ email: "alice@example.com", message: "Welcome to the audit tenancy" });
    const outputs = await s.outputs();
    expect(outputs.identity).to.equal(stored[0].identity);
    expect(outputs.status).to.equal("pending");
    expect(outputs.expiryTime).to.equal(stored[0].expiry_time);

    emu().clearRequests();
    await s.preview(true);
    await s.refresh();
    expect(await s.lastChanges()).to.deep.equal({});
    await s.preview(true);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);

    await s.destroy();
    expect(await s.lastChanges()).to.deep.equal({ delete: 2 });
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${stored[0].identity}`]);
    expect(emu().state().invites).to.deep.equal([]);
  });

  it("gitops: up invites everyone in invitees.yaml; reordering the list plans no change", async () => {
    const document = readInviteeFile(path.join(sourceDir("gitops"), "invitees.yaml"));
    const listed = document.invitees;
    expect(listed.map((i) => i.email)).to.have.length(3);
    for (const i of listed) expect(i.email).to.match(/@example\.com$/);

    const s = await projects.stack("gitops", { source: sourceDir("gitops") });
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ create: 6 }); // 3 invites, a policy, component, stack
    expect(inviteMutations(emu().requests())).to.deep.equal(listed.map(() => "POST invites"));
    const stored = emu().state().invites;
    expect(stored.map((i) => i.email).sort()).to.deep.equal(listed.map((i) => i.email).sort());
    for (const entry of listed) {
      const invite = stored.find((i) => i.email === entry.email);
      // Entries without a message get the program's default.
      expect(invite?.message, entry.email).to.equal(entry.message ?? "Welcome to the audit tenancy");
    }
    const outputs = await s.outputs();
    expect(outputs.statuses).to.deep.equal(Object.fromEntries(listed.map((i) => [i.email, "pending"])));
    expect(outputs.pending).to.equal(3);
    expect(outputs.accepted).to.equal(0);

    emu().clearRequests();
    await s.preview(true);
    await s.refresh();
    await s.preview(true);

    // The reviewed file, reordered, in the project folder the CLI runs.
    const file = path.join(s.dir, "invitees.yaml");
    const reversed = [...listed].reverse();
    fs.writeFileSync(file, stringifyYaml({ ...document, invitees: reversed }));
    await s.preview(true); // no replace, no delete, no create

    // The file is really what the program read: dropping an entry from it plans one delete.
    fs.writeFileSync(file, stringifyYaml({ ...document, invitees: reversed.slice(1) }));
    expect(await s.plannedChanges()).to.deep.equal({ delete: 1 });
    expect(inviteMutations(emu().requests())).to.deep.equal([]);
    expect(emu().state().invites).to.deep.equal(stored);

    await s.destroy();
    expect(await s.lastChanges()).to.deep.equal({ delete: 6 });
    expect(emu().state().invites).to.deep.equal([]);
  });

  it("adopt: takes over the hand-made invite without a POST and reports the undeclared ones", async () => {
    const byHand = emu().createInvite({ email: "dana@example.com", message: "sent from the portal" });
    const stray = emu().createInvite({ email: "Contractor@Example.com" });
    emu().clearRequests();

    const s = await projects.stack("adopt", { source: sourceDir("adopt") });
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ create: 2 });
    expect(inviteMutations(emu().requests())).to.deep.equal([]); // no POST: nobody got a second email
    expect(emu().state().invites).to.have.deep.members([byHand, stray]);
    const outputs = await s.outputs();
    expect(outputs.danaIdentity).to.equal(byHand.identity);
    expect(outputs.danaAdopted).to.equal(true);
    expect(outputs.danaStatus).to.equal("pending");
    expect(outputs.undeclared).to.deep.equal([
      { email: stray.email, identity: stray.identity, status: "pending", expiryTime: stray.expiry_time },
    ]);
    const dana = (await stateInvites(s)).find((i) => i.outputs.email === "dana@example.com");
    expect(dana?.outputs).to.include({ adopted: true, adopt: true });

    await s.preview(true);
    await s.refresh();
    await s.preview(true);
    emu().clearRequests();
    await s.destroy();
    expect(await s.lastChanges()).to.deep.equal({ delete: 2 });
    // The adopted invite is the stack's now; the undeclared one is left alone.
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${byHand.identity}`]);
    expect(emu().state().invites).to.deep.equal([stray]);
  });

  it("the repository root project: a compiled JavaScript program reading invitees.yaml, run in place", async () => {
    const root = projectFile(REPO_ROOT);
    expect(root.runtime).to.deep.equal({ name: "nodejs", options: { typescript: false } });
    expect(
      fs.existsSync(path.join(REPO_ROOT, String(root.main))),
      `${String(root.main)} (npm run build)`,
    ).to.equal(true);
    const listed = readInviteeFile(path.join(REPO_ROOT, "invitees.yaml")).invitees;
    const s = await projects.stack("root", { source: REPO_ROOT, inPlace: true });
    await s.up();
    // Every invitee, the Invitees component and the stack.
    expect(await s.lastChanges()).to.deep.equal({ create: listed.length + 2 });
    expect(inviteMutations(emu().requests())).to.deep.equal(listed.map(() => "POST invites"));
    const outputs = await s.outputs();
    expect(outputs.pending).to.equal(listed.length);
    expect(Object.keys(outputs.statuses as object).sort()).to.deep.equal(listed.map((i) => i.email).sort());

    emu().clearRequests();
    await s.preview(true);
    const first = emu()
      .state()
      .invites.find((i) => i.email === listed[0].email);
    if (!first) throw new Error(`no invite stored for ${listed[0].email}`);
    emu().acceptInvite(first.identity);
    await s.refresh();
    await s.preview(true);
    await s.up();
    expect((await s.outputs()).accepted).to.equal(1);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);

    await s.destroy();
    expect(await s.lastChanges()).to.deep.equal({ delete: listed.length + 2 });
    // The accepted invitee stays a member; the pending invites are withdrawn.
    expect(emu().state().invites).to.deep.equal([]);
    await s.removeStack();
  });

  describe("gitops: the GitHub Actions workflow", () => {
    /** The release of pulumi/actions the workflow pins. */
    const PULUMI_ACTION_TAG = "v7.0.0";
    const workflow = path.join(sourceDir("gitops"), ".github", "workflows", "invites.yml");
    before(function () {
      this.timeout(20 * 60_000); // a cold build from the Go module proxy
      ensureActionlint();
    });

    const lint = actionlint;

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
