// Layer 4, access policies through the real CLI in (copies of) project folders: the TypeScript
// AccessPolicy (examples/access) from create to delete, with the calls each step sends measured at
// the emulator; the native plugin from YAML (examples/access-yaml) and `pulumi import` of a policy
// made by hand; rights beside each invitee (examples/gitops) proven by what alice and bob may read.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { RequestLogEntry } from "../../emulator";
import { usePluginFromRepo } from "../../tools/native";
import { REPO_ROOT } from "../../tools/repo-root";
import { useProjects } from "../helpers/projects";

const example = (name: string): string => path.join(REPO_ROOT, "examples", name);

/** Policy and caps requests as `METHOD <path after /iam/v1/ or /v1/>[?mask=...]`, in arrival order. */
function policyCalls(log: RequestLogEntry[]): string[] {
  return log
    .filter((r) => r.path.includes("/access_policies") || r.path.endsWith("/caps"))
    .map((r) => {
      const short = r.path.replace(/^.*\/v1\//, "").replace(/access_policies\/[^/]+/, "access_policies/<id>");
      const mask = r.query.mask !== undefined ? `?mask=${r.query.mask}` : "";
      const service = r.query.service !== undefined ? `?service=${r.query.service}` : "";
      return `${r.method} ${short}${mask}${service}`;
    });
}

/** Requests that change anything (POST, PATCH, DELETE) other than the token endpoint. */
function writes(log: RequestLogEntry[]): string[] {
  return log
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))
    .map((r) => `${r.method} ${r.path}`);
}

function editFile(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, "utf8");
  expect(text).to.include(from);
  fs.writeFileSync(file, text.replace(from, to));
}

describe("e2e: access policies through the real CLI in project folders", function () {
  this.timeout(15 * 60_000);
  const projects = useProjects();
  const emu = () => projects.emu;
  const measured: Record<string, string[]> = {};
  after(() => {
    if (process.env.E2E_TIMING || process.env.E2E_CALLS) console.log(JSON.stringify(measured, null, 2));
  });

  it("TypeScript: create, no-op up, in-place change, drift repair and delete send exactly one write each, none for the no-op", async () => {
    const audit = emu().addAsset({ attributes: { arc_display_type: "Audit" } });
    const other = emu().addAsset({ attributes: { arc_display_type: "Other" } });
    const s = await projects.stack("access-ts", { source: example("access") });
    const events = () => emu().assetEvents(audit.identity).length;

    emu().clearRequests();
    await s.up();
    measured.create = policyCalls(emu().requests());
    expect(measured.create).to.deep.equal(["GET caps?service=access_policies", "POST access_policies"]);
    expect(await s.lastChanges()).to.deep.equal({ create: 2 });
    const [stored] = emu().state().access_policies;
    expect((await s.outputs()).identity).to.equal(stored.identity);
    expect(
      emu()
        .access({ email: "alice@example.com" })
        .map((g) => g.asset),
    ).to.deep.equal([audit.identity]);
    expect(emu().assetEvents(other.identity)).to.deep.equal([]);
    expect(events()).to.equal(1);

    emu().clearRequests();
    await s.up();
    measured.noOpUp = policyCalls(emu().requests());
    expect(writes(emu().requests()), "a second up changes nothing").to.deep.equal([]);
    expect(measured.noOpUp).to.deep.equal([]);
    expect(events()).to.equal(1);
    await s.preview(true);

    // An in-place change: the description, by one PATCH naming only it.
    editFile(path.join(s.dir, "index.ts"), "Read the audit trail", "Read the audit trail and its events");
    emu().clearRequests();
    await s.up();
    measured.inPlaceChange = policyCalls(emu().requests());
    expect(measured.inPlaceChange).to.deep.equal(["PATCH access_policies/<id>?mask=description"]);
    expect(await s.lastChanges()).to.deep.equal({ update: 1 });
    expect(emu().state().access_policies[0].identity).to.equal(stored.identity);
    expect(events()).to.equal(2);

    // Someone adds mallory in the web UI: refresh sees it, the next up puts alice back with one PATCH.
    emu().updatePolicy(
      stored.identity,
      {
        access_permissions: [
          {
            user_attributes: [{ or: ["email=mallory@example.com"] }],
            asset_attributes_read: ["*"],
            event_arc_display_type_read: ["*"],
          },
        ],
      },
      "access_permissions",
    );
    expect(emu().access({ email: "mallory@example.com" })).to.have.length(1);
    emu().clearRequests();
    await s.refresh();
    const refreshed = (await s.resources()).find((r) => r.type.endsWith(":AccessPolicy"));
    const recorded = refreshed?.outputs?.accessPermissions as Array<{ userAttributes: unknown }>;
    expect(recorded[0].userAttributes).to.deep.equal([{ or: ["email=mallory@example.com"] }]);
    await s.up();
    measured.driftRepair = policyCalls(emu().requests());
    expect(measured.driftRepair).to.deep.equal([
      "GET access_policies/<id>",
      "PATCH access_policies/<id>?mask=access_permissions",
    ]);
    expect(emu().access({ email: "mallory@example.com" })).to.deep.equal([]);
    expect(emu().access({ email: "alice@example.com" })).to.have.length(1);
    await s.preview(true);

    emu().clearRequests();
    await s.destroy();
    measured.delete = policyCalls(emu().requests());
    expect(measured.delete).to.deep.equal(["DELETE access_policies/<id>"]);
    expect(emu().state().access_policies).to.deep.equal([]);
  });

  it("YAML on the native plugin: up creates, a second up sends nothing, pulumi import of a hand-made policy previews clean", async () => {
    const audit = emu().addAsset({ attributes: { arc_display_type: "Audit" } });
    const s = await projects.stack("access-yaml", { source: example("access-yaml") });
    usePluginFromRepo(s.dir);
    await s.up();
    expect(await s.lastChanges()).to.deep.equal({ create: 2 });
    expect(
      emu()
        .access({ email: "alice@example.com" })
        .map((g) => g.asset),
    ).to.deep.equal([audit.identity]);
    expect((await s.outputs()).auditorsUsers).to.deep.equal(["email=alice@example.com"]);

    emu().clearRequests();
    await s.up();
    expect(writes(emu().requests()), "a second up changes nothing").to.deep.equal([]);
    await s.preview(true);

    // A policy made in the web UI, imported by identity: nothing written, and the code it prints
    // (added to the program) previews clean.
    const byHand = emu().createPolicy({
      display_name: "Readers",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      access_permissions: [
        { user_attributes: [{ or: ["email=bob@example.com"] }], asset_attributes_read: ["*"] },
      ],
    });
    emu().clearRequests();
    const imported = await s.run([
      "import",
      "datatrails:index:AccessPolicy",
      "readers",
      byHand.identity,
      "--yes",
      "--protect=false",
      "--stack",
      s.opts.stack,
    ]);
    expect(imported.stdout).to.match(/displayName: Readers/);
    expect(writes(emu().requests())).to.deep.equal([]);
    const state = JSON.parse(await s.exportText()) as {
      deployment: { resources: Array<{ urn: string; id?: string; inputs?: Record<string, unknown> }> };
    };
    const readers = state.deployment.resources.find((r) => r.urn.endsWith("::readers"));
    expect(readers?.id).to.equal(byHand.identity);
    const { __defaults: _defaults, ...properties } = readers?.inputs ?? {};
    expect(properties).to.deep.equal({
      displayName: "Readers",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      accessPermissions: [
        { userAttributes: [{ or: ["email=bob@example.com"] }], assetAttributesRead: ["*"] },
      ],
    });
    const file = path.join(s.dir, "Pulumi.yaml");
    const project = parseYaml(fs.readFileSync(file, "utf8")) as { resources: Record<string, unknown> };
    project.resources.readers = { type: "datatrails:index:AccessPolicy", properties };
    fs.writeFileSync(file, stringifyYaml(project));
    await s.preview(true);
    emu().clearRequests();
    await s.up();
    expect(writes(emu().requests())).to.deep.equal([]);

    await s.destroy();
    expect(emu().state().access_policies).to.deep.equal([]);
  });

  it("gitops: rights beside each invitee; deleting bob's line takes his right away with one PATCH", async () => {
    const audit = emu().addAsset({ attributes: { arc_display_type: "Audit" } });
    const s = await projects.stack("access-gitops", { source: example("gitops") });
    await s.up();
    const readable = (email: string) =>
      emu()
        .access({ email })
        .map((g) => g.asset);
    expect(readable("alice@example.com")).to.deep.equal([audit.identity]);
    expect(readable("bob@example.com")).to.deep.equal([audit.identity]);
    expect(readable("carol@example.com")).to.deep.equal([]);
    expect((await s.outputs()).policyHolders).to.deep.equal({
      auditors: ["alice@example.com", "bob@example.com"],
    });
    const [policy] = emu().state().access_policies;

    emu().clearRequests();
    await s.up();
    expect(writes(emu().requests()), "a second up changes nothing").to.deep.equal([]);

    // Bob's line deleted: his invite is withdrawn and the policy loses him, in the same up.
    const file = path.join(s.dir, "invitees.yaml");
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { invitees: Array<{ email: string }> };
    doc.invitees = doc.invitees.filter((e) => e.email !== "bob@example.com");
    fs.writeFileSync(file, stringifyYaml(doc));
    emu().clearRequests();
    await s.up();
    expect(policyCalls(emu().requests())).to.deep.equal([
      "PATCH access_policies/<id>?mask=access_permissions",
    ]);
    expect(
      emu()
        .state()
        .access_policies.map((p) => p.identity),
    ).to.deep.equal([policy.identity]);
    expect(readable("bob@example.com")).to.deep.equal([]);
    expect(readable("alice@example.com")).to.deep.equal([audit.identity]);
    expect((await s.outputs()).policyHolders).to.deep.equal({ auditors: ["alice@example.com"] });

    // Nobody left holding it: the policy is deleted, never sent with no users.
    doc.invitees = doc.invitees.map(
      ({ access: _access, ...rest }: { email: string; access?: string[] }) => rest,
    );
    fs.writeFileSync(file, stringifyYaml(doc));
    emu().clearRequests();
    await s.up();
    expect(policyCalls(emu().requests())).to.deep.equal(["DELETE access_policies/<id>"]);
    await s.destroy();
  });
});
