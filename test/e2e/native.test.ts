// Layer 4, the native provider plugin: Pulumi YAML, Python and TypeScript (on the generated Node.js
// SDK) programs run by the real CLI in (copies of) their project folders, against the emulator, with
// the plugin named in Pulumi.yaml (`plugins: providers:`) as a user installs it; `pulumi import` and
// the `import` resource option by identity and by email, with zero invitation emails sent; and the
// move of a TypeScript stack from the dynamic Invite to the native one, as the README tells it.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { REPO_ROOT } from "../../tools/repo-root";
import type { PulumiProject } from "../../tools/project";
import { ensurePythonVenv, installNodeSdk, usePluginFromRepo } from "../../tools/native";
import { filesUnder, inviteMutations } from "../helpers/e2e";
import { useProjects } from "../helpers/projects";

const example = (name: string): string => path.join(REPO_ROOT, "examples", name);

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  protect?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

async function stateResources(project: PulumiProject): Promise<StateResource[]> {
  const exported = JSON.parse(await project.exportText()) as { deployment?: { resources?: StateResource[] } };
  return exported.deployment?.resources ?? [];
}

async function nativeInvites(project: PulumiProject): Promise<StateResource[]> {
  return (await stateResources(project)).filter((r) => r.type === "datatrails:index:Invite");
}

function stackArg(project: PulumiProject): string[] {
  return ["--stack", project.opts.stack];
}

/** Adds resources to a YAML project's program (as `pulumi import` tells the user to). */
function addYamlResources(dir: string, resources: Record<string, unknown>): void {
  const file = path.join(dir, "Pulumi.yaml");
  const project = parseYaml(fs.readFileSync(file, "utf8")) as { resources?: Record<string, unknown> };
  project.resources = { ...(project.resources ?? {}), ...resources };
  fs.writeFileSync(file, stringifyYaml(project));
}

describe("e2e: the native provider plugin from YAML, Python and TypeScript, and pulumi import", function () {
  this.timeout(10 * 60_000);
  const projects = useProjects();
  const emu = () => projects.emu;

  it("each native example is a runnable project with its README, naming the plugin folder", () => {
    for (const name of ["yaml", "python", "typescript-native"]) {
      const dir = example(name);
      const project = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
        plugins?: { providers?: { name: string; path: string }[] };
      };
      expect(project.plugins?.providers, name).to.deep.equal([{ name: "datatrails", path: "../../plugin" }]);
      expect(fs.existsSync(path.join(dir, "README.md")), `${name}/README.md`).to.equal(true);
    }
  });

  it("the checked-in SDKs are what pulumi package gen-sdk makes of schema.json (scripts/gen-sdk.sh --check)", () => {
    const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "gen-sdk.sh"), "--check"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.include("sdk/ is up to date with schema.json");
  });

  it("YAML: an Invite and a Member: up sends both invites, preview is clean, refresh follows the join, destroy withdraws", async () => {
    const s = await projects.stack("yaml", { source: example("yaml") });
    usePluginFromRepo(s.dir);
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ create: 3 }); // the Invite, the Member and the stack
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites", "POST invites"]);
    const stored = emu()
      .state()
      .invites.find((i) => i.email === "alice@example.com");
    expect(stored).to.include({ message: "Welcome to the audit tenancy" });
    const dana = emu()
      .state()
      .invites.find((i) => i.email === "dana@example.com");
    const outputs = await s.outputs();
    expect(outputs).to.deep.equal({
      aliceIdentity: stored?.identity,
      aliceStatus: "pending",
      aliceExpiry: stored?.expiry_time, // from the getInvite function
      danaStatus: "invited",
    });

    emu().clearRequests();
    await s.preview(true);
    await s.refresh();
    expect(await s.lastChanges()).to.deep.equal({});
    await s.preview(true);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);

    // Dana joins: refresh records her, and the next up gives her OWNER in place (no invite).
    emu().acceptInvite(dana?.identity ?? "");
    await s.refresh();
    await s.up();
    expect((await s.outputs()).danaStatus).to.equal("active");
    expect(
      emu()
        .state()
        .members.find((m) => m.email === "dana@example.com")?.roles,
    ).to.deep.equal(["OWNER"]);
    await s.preview(true);

    await s.destroy();
    // Alice's pending invite is withdrawn; Dana (onRemove keep) keeps her membership.
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${stored?.identity}`]);
    expect(emu().state().invites).to.deep.equal([]);
    expect(
      emu()
        .state()
        .members.map((m) => m.email),
    ).to.deep.equal(["dana@example.com"]);

    // The client secret (set with --secret) is in no state file, command output or plugin log.
    const secret = emu().clientSecret;
    expect(await s.exportText()).to.not.include(secret);
    for (const r of projects.outputs) expect(`${r.stdout}${r.stderr}`, r.command).to.not.include(secret);
    for (const { file, text } of filesUnder(s.opts.backend.dir)) expect(text, file).to.not.include(secret);
  });

  it("Python: the generated SDK in a virtualenv runs up, a clean preview, refresh and destroy", async () => {
    const venv = ensurePythonVenv();
    const s = await projects.stack("python", { source: example("python"), pathPrefix: [venv] });
    usePluginFromRepo(s.dir);
    await s.up();
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites", "POST invites"]);
    const invites = emu().state().invites;
    expect(invites.map((i) => i.email).sort()).to.deep.equal(["alice@example.com", "bob@example.com"]);
    const outputs = await s.outputs();
    expect(outputs.statuses).to.deep.equal({ alice: "pending", bob: "pending" });
    expect(outputs.aliceInvites).to.equal(1);
    const bob = (await nativeInvites(s)).find((r) => r.urn.endsWith("::bob"));
    expect(bob?.outputs).to.include({ renewExpired: false });

    emu().clearRequests();
    await s.preview(true);
    await s.refresh();
    await s.preview(true);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);
    await s.destroy();
    expect(inviteMutations(emu().requests()).sort()).to.deep.equal(
      invites.map((i) => `DELETE ${i.identity}`).sort(),
    );
  });

  it("TypeScript on the generated Node.js SDK: up, a clean preview, refresh and destroy", async () => {
    const s = await projects.stack("ts-native", { source: example("typescript-native") });
    usePluginFromRepo(s.dir);
    installNodeSdk(s.dir);
    await s.up();
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites"]);
    const [stored] = emu().state().invites;
    expect(await s.outputs()).to.deep.equal({
      identity: stored.identity,
      status: "pending",
      invitesForAlice: [stored.identity],
    });
    emu().clearRequests();
    await s.preview(true);
    await s.refresh();
    await s.preview(true);
    await s.destroy();
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${stored.identity}`]);
  });

  it("pulumi import by email and by identity adopts pending invites, and a member into a Member, sending no email", async () => {
    const bob = emu().createInvite({ email: "bob@example.com", message: "made by hand" });
    const carol = emu().createInvite({ email: "carol@example.com" });
    const s = await projects.stack("import", { source: example("yaml") });
    usePluginFromRepo(s.dir);
    await s.up(); // alice, as declared
    emu().clearRequests();

    const byEmail = await s.run([
      "import",
      "datatrails:index:Invite",
      "bob",
      "email:bob@example.com",
      "--yes",
      ...stackArg(s),
    ]);
    expect(byEmail.stdout).to.match(/email: bob@example\.com\s+message: made by hand/);
    await s.run([
      "import",
      "datatrails:index:Invite",
      "carol",
      carol.identity,
      "--yes",
      "--protect=false",
      ...stackArg(s),
    ]);
    expect(inviteMutations(emu().requests()), "no POST to the invites collection").to.deep.equal([]);

    const imported = await nativeInvites(s);
    const bobState = imported.find((r) => r.urn.endsWith("::bob"));
    const carolState = imported.find((r) => r.urn.endsWith("::carol"));
    // An email import ends with the invite's own identity as the ID.
    expect(bobState).to.deep.include({ id: bob.identity, protect: true });
    expect(bobState?.inputs).to.deep.equal({ email: "bob@example.com", message: "made by hand" });
    expect(bobState?.outputs).to.include({ status: "pending", adopted: true });
    expect(carolState?.id).to.equal(carol.identity);
    expect(carolState?.protect ?? false).to.equal(false);

    // The code `pulumi import` prints, added to the program: the next preview is clean.
    addYamlResources(s.dir, {
      bob: {
        type: "datatrails:index:Invite",
        properties: { email: "bob@example.com", message: "made by hand" },
        options: { protect: true },
      },
      carol: { type: "datatrails:index:Invite", properties: { email: "carol@example.com" } },
    });
    await s.preview(true);
    await s.refresh();
    await s.preview(true);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);

    // A person who has joined imports as a Member, by email: their membership, no email sent.
    const erin = emu().addMember({ email: "erin@example.com", roles: ["OWNER"] });
    const member = await s.run([
      "import",
      "datatrails:index:Member",
      "erin",
      "email:erin@example.com",
      "--yes",
      "--protect=false",
      ...stackArg(s),
    ]);
    expect(member.stdout).to.match(/email: erin@example\.com\s+owner: true/);
    const erinState = (await stateResources(s)).find(
      (r) => r.type === "datatrails:index:Member" && r.urn.endsWith("::erin"),
    );
    expect(erinState?.id).to.equal(erin.identity);
    expect(erinState?.outputs).to.include({ status: "active", owner: true });
    addYamlResources(s.dir, {
      erin: { type: "datatrails:index:Member", properties: { email: "erin@example.com", owner: true } },
    });
    await s.preview(true);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);

    await s.run(["state", "unprotect", "--all", "--yes", ...stackArg(s)]);
    await s.destroy();
    expect(emu().state().invites).to.deep.equal([]);
  });

  it("the import option adopts by email and by identity in one up, sending nothing", async () => {
    const bob = emu().createInvite({ email: "bob@example.com" });
    const carol = emu().createInvite({ email: "carol@example.com", message: "hello" });
    const s = await projects.stack("import-option", { source: example("yaml") });
    usePluginFromRepo(s.dir);
    addYamlResources(s.dir, {
      bob: {
        type: "datatrails:index:Invite",
        properties: { email: "bob@example.com" },
        options: { import: "email:bob@example.com" },
      },
      carol: {
        type: "datatrails:index:Invite",
        properties: { email: "carol@example.com", message: "hello" },
        options: { import: carol.identity },
      },
    });
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ import: 2, create: 3 }); // alice, dana and the stack created
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites", "POST invites"]); // alice and dana
    const ids = Object.fromEntries((await nativeInvites(s)).map((r) => [r.urn.split("::").pop(), r.id]));
    expect(ids).to.deep.include({ bob: bob.identity, carol: carol.identity });
    emu().clearRequests();
    await s.preview(true); // the import options stay in the program: nothing more to do
    await s.destroy();
    expect(inviteMutations(emu().requests())).to.have.length(4);
  });

  it("a TypeScript stack moves from the dynamic Invite to the native one: no email sent, no invite deleted", async () => {
    // The README's steps, in one project folder and one stack.
    const s = await projects.stack("move", { source: example("basic") });
    await s.up();
    const [stored] = emu().state().invites;
    const dynamic = (await stateResources(s)).find(
      (r) => r.type === "pulumi-nodejs:dynamic/datatrails:Invite",
    );
    expect(dynamic?.id).to.equal(stored.identity);
    emu().clearRequests();

    // 1. Forget the dynamic resource (state only: no provider call).
    await s.run(["state", "delete", dynamic?.urn ?? "", "--yes", ...stackArg(s)]);
    // 2. Declare the native Invite with `import: <its ID>`, the plugin in Pulumi.yaml, the SDK installed.
    fs.writeFileSync(
      path.join(s.dir, "index.ts"),
      [
        'import * as datatrails from "pulumi-datatrails";',
        "",
        "const alice = new datatrails.Invite(",
        '  "alice",',
        '  { email: "alice@example.com", message: "Welcome to the audit tenancy" },',
        `  { import: ${JSON.stringify(stored.identity)} },`,
        ");",
        "export const identity = alice.identity;",
        "export const status = alice.status;",
        "",
      ].join("\n"),
    );
    const projectFile = path.join(s.dir, "Pulumi.yaml");
    fs.appendFileSync(
      projectFile,
      "plugins:\n  providers:\n    - name: datatrails\n      path: ../../plugin\n",
    );
    usePluginFromRepo(s.dir);
    installNodeSdk(s.dir);
    // 3. up imports it; 4. preview is clean.
    await s.up();
    expect(await s.lastChanges()).to.deep.include({ import: 1 });
    expect(await s.outputs()).to.deep.equal({ identity: stored.identity, status: "pending" });
    await s.preview(true);
    expect(inviteMutations(emu().requests()), "no POST, no DELETE").to.deep.equal([]);
    expect(emu().state().invites).to.deep.equal([stored]);
    const types = (await stateResources(s)).map((r) => r.type);
    expect(types)
      .to.include("datatrails:index:Invite")
      .and.not.include("pulumi-nodejs:dynamic/datatrails:Invite");

    await s.destroy();
    expect(inviteMutations(emu().requests())).to.deep.equal([`DELETE ${stored.identity}`]);
  });
});
