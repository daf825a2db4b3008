// Runs in the setMocks mocha invocation (see test/helpers/mocks.ts).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Invitees, InviteeListError, type Invite } from "../../provider";
import { fromRootProgramOf01 } from "../../examples/root/program";
import { installMocks, registrations, valueOf } from "../helpers/mocks";

/** The URNs an Invite is aliased to (Pulumi keeps them on the resource, unexported). */
function aliasesOf(invite: Invite): Promise<string[]> {
  const aliases = (invite as unknown as { __aliases?: pulumi.Input<string>[] }).__aliases ?? [];
  return valueOf(pulumi.all(aliases));
}

describe("Invitees (component, under Pulumi mocks)", () => {
  let dir: string;
  before(async () => {
    await installMocks();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "invitees-mocks-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function namesOf(component: string): string[] {
    return registrations
      .filter(
        (r) => r.type === "pulumi-nodejs:dynamic/datatrails:Invite" && r.name.startsWith(`${component}-`),
      )
      .map((r) => r.name)
      .sort();
  }

  it("declares one Invite per entry, named from the email so reordering renames no one", async () => {
    const a = new Invitees("ordered", {
      invitees: [{ email: "Alice@Example.com" }, { email: "bob@example.com" }],
    });
    const b = new Invitees("reordered", {
      invitees: [{ email: "bob@example.com" }, { email: "alice@example.com" }],
    });
    await valueOf(pulumi.all([a.statuses, b.statuses]));
    const strip = (names: string[], prefix: string) => names.map((n) => n.slice(prefix.length));
    expect(strip(namesOf("ordered"), "ordered-")).to.deep.equal(["alice@example.com", "bob@example.com"]);
    expect(strip(namesOf("reordered"), "reordered-")).to.deep.equal(strip(namesOf("ordered"), "ordered-"));
  });

  it("applies defaults to entries that leave a field out", async () => {
    const team = new Invitees("defaults", {
      invitees: [
        { email: "carol@example.com" },
        { email: "dave@example.com", message: "own", renewExpired: true },
      ],
      defaults: { message: "Welcome", renewExpired: false },
    });
    await valueOf(team.statuses);
    const inputs = registrations.filter((r) => r.name.startsWith("defaults-")).map((r) => r.inputs);
    expect(inputs.find((i) => i.email === "carol@example.com")).to.include({
      message: "Welcome",
      renewExpired: false,
    });
    expect(inputs.find((i) => i.email === "dave@example.com")).to.include({
      message: "own",
      renewExpired: true,
    });
  });

  it("reads a YAML file and counts statuses", async () => {
    const file = path.join(dir, "invitees.yaml");
    fs.writeFileSync(file, "- email: erin@example.com\n- email: frank@example.com\n");
    const team = new Invitees("fromfile", { file });
    expect(await valueOf(team.pending)).to.equal(2);
    expect(await valueOf(team.accepted)).to.equal(0);
    expect(Object.keys(team.invites).sort()).to.deep.equal(["erin@example.com", "frank@example.com"]);
  });

  it("refuses duplicates across the file and the list in code before declaring anything", () => {
    const file = path.join(dir, "dupes.yaml");
    fs.writeFileSync(file, "- email: gus@example.com\n");
    const before = registrations.length;
    expect(() => new Invitees("dupes", { file, invitees: [{ email: "GUS@example.com" }] })).to.throw(
      InviteeListError,
      /dupes\.yaml:1/,
    );
    expect(registrations.filter((r) => r.name.startsWith("dupes-")).length).to.equal(0);
    expect(registrations.length - before).to.be.at.most(1); // the component itself at most
  });

  it("gives its invites no aliases: the library adopts no other program's resources", async () => {
    const team = new Invitees("plain", { invitees: [{ email: "hal@example.com" }] });
    expect(await aliasesOf(team.invites["hal@example.com"])).to.deep.equal([]);
  });

  it("moves the root program's 0.1 invites (named by the email, no parent) under the component (alias in examples/root)", async () => {
    const team = new Invitees(
      "invitees",
      { invitees: [{ email: "Olga@Example.com" }] },
      { transformations: [fromRootProgramOf01] },
    );
    expect(await aliasesOf(team.invites["Olga@Example.com"])).to.deep.equal([
      "urn:pulumi:stack::project::pulumi-nodejs:dynamic/datatrails:Invite::olga@example.com",
    ]);
  });
});
