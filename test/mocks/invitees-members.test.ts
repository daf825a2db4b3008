// Runs in the setMocks mocha invocation (see test/helpers/mocks.ts).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { InviteeListError, Invitees, Member } from "../../provider";
import { installMocks, registrations, valueOf } from "../helpers/mocks";

const MEMBER_TYPE = "pulumi-nodejs:dynamic/datatrails:Member";

function aliasesOf(resource: pulumi.Resource): Promise<string[]> {
  const aliases = (resource as unknown as { __aliases?: pulumi.Input<string>[] }).__aliases ?? [];
  return valueOf(pulumi.all(aliases));
}

describe("Invitees with members: true (component, under Pulumi mocks)", () => {
  let dir: string;
  before(async () => {
    await installMocks();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "members-mocks-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("declares one Member per entry, named as the Invite was, with owner and onRemove from entry or defaults", async () => {
    const file = path.join(dir, "members.yaml");
    fs.writeFileSync(
      file,
      "- email: ann@example.com\n  owner: true\n- email: ben@example.com\n  onRemove: keep\n",
    );
    const team = new Invitees("crew", {
      file,
      members: true,
      defaults: { onRemove: "deactivate", message: "Hi" },
    });
    expect(await valueOf(team.pending)).to.equal(2);
    expect(Object.keys(team.invites)).to.deep.equal([]);
    expect(Object.keys(team.members).sort()).to.deep.equal(["ann@example.com", "ben@example.com"]);
    const declared = registrations.filter((r) => r.type === MEMBER_TYPE && r.name.startsWith("crew-"));
    expect(declared.map((r) => r.name).sort()).to.deep.equal([
      "crew-ann@example.com",
      "crew-ben@example.com",
    ]);
    expect(declared.find((r) => r.name === "crew-ann@example.com")?.inputs).to.include({
      owner: true,
      onRemove: "deactivate",
      message: "Hi",
    });
    expect(declared.find((r) => r.name === "crew-ben@example.com")?.inputs).to.include({ onRemove: "keep" });
  });

  it("gives each Member an alias of the Invite of the same name, so a stack moves without re-sending", async () => {
    const team = new Invitees("moved", { invitees: [{ email: "cal@example.com" }], members: true });
    expect(await aliasesOf(team.members["cal@example.com"])).to.deep.equal([
      "urn:pulumi:stack::project::datatrails:index:Invitees$pulumi-nodejs:dynamic/datatrails:Invite::moved-cal@example.com",
    ]);
    const solo = new Member("dora", { email: "dora@example.com" });
    expect(await aliasesOf(solo)).to.deep.equal([
      "urn:pulumi:stack::project::pulumi-nodejs:dynamic/datatrails:Invite::dora",
    ]);
  });

  it("refuses owner or onRemove in defaults without members: true, before declaring anything", () => {
    const before = registrations.length;
    expect(
      () =>
        new Invitees("nomembers", { invitees: [{ email: "eve@example.com" }], defaults: { owner: true } }),
    ).to.throw(InviteeListError, /defaults\.owner: only members have it; set members: true/);
    expect(registrations.length - before).to.be.at.most(1);
  });

  it("refuses a bad default value naming the field", () => {
    expect(
      () =>
        new Invitees("baddefault", {
          invitees: [{ email: "fay@example.com" }],
          members: true,
          defaults: { onRemove: "drop" as "keep" },
        }),
    ).to.throw(InviteeListError, /defaults\.onRemove: onRemove must be "keep" or "deactivate"/);
  });
});
