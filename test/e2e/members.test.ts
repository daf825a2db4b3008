// Layer 4: Members through the real CLI in (a copy of) the examples/members project folder: owner
// applied after acceptance in one `up --refresh`, offboarding with each onRemove, reactivation, the
// last-Owner refusal, the Invite -> Member move sending nothing, and the cap before any POST.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import type { RequestLogEntry } from "../../emulator";
import type { PulumiProject } from "../../tools/project";
import { REPO_ROOT } from "../../tools/repo-root";
import { inviteMutations } from "../helpers/e2e";
import { useProjects } from "../helpers/projects";

const SOURCE = path.join(REPO_ROOT, "examples", "members");

interface Entry {
  email: string;
  owner?: boolean;
  onRemove?: "keep" | "deactivate";
}

function writeList(project: PulumiProject, entries: Entry[]): void {
  fs.writeFileSync(path.join(project.dir, "invitees.yaml"), stringifyYaml(entries));
}

/** Member writes seen by the emulator: PATCH, :activate, :deactivate, as `METHOD email`. */
function memberWrites(log: RequestLogEntry[], emailOf: (identity: string) => string): string[] {
  return log
    .filter((r) => /\/members\/[^/]+$/.test(r.path) && (r.method === "PATCH" || r.method === "POST"))
    .map((r) => {
      const [, id, verb] = /\/(members\/[^/:]+)(:\w+)?$/.exec(r.path) ?? [];
      return `${verb ? verb.slice(1) : r.method} ${emailOf(id ?? "")}`;
    });
}

describe("e2e: Members in a project folder (examples/members), through the real CLI", function () {
  this.timeout(15 * 60_000);
  const projects = useProjects();
  const emu = () => projects.emu;

  function member(email: string) {
    const found = emu()
      .state()
      .members.find((m) => m.email === email);
    if (!found) throw new Error(`${email} is not a member`);
    return found;
  }
  const emailOf = (identity: string) =>
    emu()
      .state()
      .members.find((m) => m.identity === identity)?.email ?? identity;

  it("applies owner after acceptance in one up --refresh, then offboards with each onRemove", async () => {
    const s = await projects.stack("members", { source: SOURCE });
    writeList(s, [
      { email: "alice@example.com", owner: true },
      { email: "bob@example.com" },
      { email: "carol@example.com", onRemove: "keep" },
    ]);
    await s.up();
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites", "POST invites", "POST invites"]);
    expect((await s.outputs()).pending).to.equal(3);
    for (const invite of emu().state().invites) emu().acceptInvite(invite.identity);
    emu().clearRequests();

    await s.up(["--refresh"]);
    expect(member("alice@example.com").roles).to.deep.equal(["OWNER"]);
    expect(memberWrites(emu().requests(), emailOf)).to.deep.equal(["PATCH alice@example.com"]);
    expect((await s.outputs()).statuses).to.deep.equal({
      "alice@example.com": "active",
      "bob@example.com": "active",
      "carol@example.com": "active",
    });
    await s.preview(true); // converged in that one run

    emu().clearRequests();
    writeList(s, [{ email: "alice@example.com", owner: true }]);
    await s.up();
    expect(member("bob@example.com").active).to.equal(false); // onRemove: deactivate (the default here)
    expect(member("carol@example.com").active).to.equal(true); // onRemove: keep
    expect(memberWrites(emu().requests(), emailOf)).to.deep.equal(["deactivate bob@example.com"]);
    expect(inviteMutations(emu().requests())).to.deep.equal([]);
  });

  it("reactivates a member deactivated by hand at the next up --refresh", async () => {
    emu().addMember({ email: "dave@example.com", active: true });
    const s = await projects.stack("reactivate", { source: SOURCE });
    writeList(s, [{ email: "dave@example.com" }]);
    await s.up();
    expect(inviteMutations(emu().requests())).to.deep.equal([]); // taken over, no email
    emu().deactivateMember(member("dave@example.com").identity);
    emu().clearRequests();
    await s.up(["--refresh"]);
    expect(member("dave@example.com").active).to.equal(true);
    expect(memberWrites(emu().requests(), emailOf)).to.deep.equal(["activate dave@example.com"]);
    expect((await s.outputs()).statuses).to.deep.equal({ "dave@example.com": "active" });
  });

  it("refuses to deactivate the last active Owner, naming them, and changes nothing", async () => {
    emu().addMember({ email: "erin@example.com", active: true, roles: ["OWNER"] });
    const s = await projects.stack("lastowner", { source: SOURCE });
    writeList(s, [{ email: "erin@example.com", owner: true }]);
    await s.up();
    writeList(s, []);
    emu().clearRequests();
    const failed = await s.up([], { allowFailure: true });
    expect(failed.code).to.not.equal(0);
    expect(failed.stdout + failed.stderr).to.include("erin@example.com");
    expect(failed.stdout + failed.stderr).to.include("last active Owner");
    expect(member("erin@example.com")).to.include({ active: true });
    expect(member("erin@example.com").roles).to.deep.equal(["OWNER"]);
    expect(memberWrites(emu().requests(), emailOf)).to.deep.equal([]);
    expect((await s.resources()).filter((r) => r.type.endsWith(":Member"))).to.have.length(1);
  });

  it("moves a stack of Invites to Members with no invite sent and none deleted", async () => {
    const s = await projects.stack("move", { source: SOURCE, config: { members: { value: "false" } } });
    writeList(s, [{ email: "frank@example.com" }, { email: "gina@example.com" }]);
    await s.up();
    expect(inviteMutations(emu().requests())).to.deep.equal(["POST invites", "POST invites"]);
    const frank = emu()
      .state()
      .invites.find((i) => i.email === "frank@example.com");
    emu().acceptInvite(frank?.identity ?? "");
    emu().clearRequests();

    await s.setConfig("members", "true");
    await s.up(["--refresh"]);
    expect(inviteMutations(emu().requests())).to.deep.equal([]); // no POST to the invites collection, no DELETE
    const types = (await s.resources())
      .map((r) => r.type)
      .filter((t) => t.startsWith("pulumi-nodejs:dynamic"));
    expect(types).to.deep.equal([
      "pulumi-nodejs:dynamic/datatrails:Member",
      "pulumi-nodejs:dynamic/datatrails:Member",
    ]);
    expect((await s.outputs()).statuses).to.deep.equal({
      "frank@example.com": "active",
      "gina@example.com": "invited",
    });
    await s.preview(true);
    expect(
      emu()
        .state()
        .invites.map((i) => i.email),
    ).to.deep.equal(["gina@example.com"]);
  });

  it("fails at the invite cap before any POST, naming the cap and how many remain", async () => {
    emu().setSwitches({ inviteQuota: 0 });
    const s = await projects.stack("cap", { source: SOURCE });
    writeList(s, [{ email: "hal@example.com" }]);
    const failed = await s.up([], { allowFailure: true });
    expect(failed.code).to.not.equal(0);
    expect(failed.stdout + failed.stderr).to.match(/invite cap \(Invites: 0 in all\) has 0 remaining/);
    expect(
      emu()
        .requests()
        .filter((r) => r.method === "POST" && !r.path.endsWith("/token")),
    ).to.deep.equal([]);
  });
});
