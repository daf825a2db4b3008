// The Member provider through Pulumi's real dynamic-provider host, driven over gRPC as the engine
// drives it (layer 3): one host per deployment, `__provider` in every request.
import { expect } from "chai";
import { EmulatorControl, type RunningEmulator } from "../../emulator";
import { hostError, HostPool, memberProviderSource, type Host, type Props } from "../../tools/host";
import { besidesTenancyLookup, useEmulator } from "../helpers/emulator";
import { checkedCreate } from "../helpers/host";

const MEMBER_OUTPUTS = [
  "email",
  "message",
  "status",
  "inviteIdentity",
  "memberIdentity",
  "roles",
  "displayName",
  "expiryTime",
  "adopted",
  "owner",
  "onRemove",
  "adopt",
  "renewExpired",
  "declaredEmail",
  "declaredMessage",
];

describe("Member provider through Pulumi's dynamic-provider host (gRPC, layer 3)", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  let pool: HostPool;
  let provider: string;
  useEmulator({ port: 0 }, (started) => {
    emu = started;
    control = new EmulatorControl(started.url);
  });
  before(async () => {
    provider = await memberProviderSource();
    pool = new HostPool({ provider });
  });
  after(() => pool.stopAll());
  afterEach(() => pool.release());

  async function deployment(): Promise<Host> {
    const host = await pool.take();
    await host.configure(
      { "datatrails:url": emu.url, "datatrails:token": emu.token, "datatrails:retryBudgetSeconds": "5" },
      ["datatrails:token"],
    );
    return host;
  }

  async function writes(): Promise<string[]> {
    return (await control.calls()).filter((c) => !c.startsWith("GET "));
  }

  it("fails Check on a non-boolean owner, an unknown onRemove and unknown keys, naming each, with no API call", async () => {
    const host = await deployment();
    const result = await host.check(
      {},
      { email: "a@example.com", owner: "yes", onRemove: "purge", roles: ["OWNER"] },
    );
    expect(result.failures.map((f) => f.property).sort()).to.deep.equal(["onRemove", "owner", "roles"]);
    expect(result.failures.map((f) => f.reason).join("\n")).to.include("'roles' is not a Member input");
    expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
  });

  it("invites a new person and records every output (none undefined) with __provider", async () => {
    const host = await deployment();
    const { id, outs } = await checkedCreate(host, { email: "ann@example.com", owner: true });
    expect(id).to.match(/^invites\//);
    expect(outs).to.have.all.keys([...MEMBER_OUTPUTS, "__provider"]);
    expect(outs).to.include({ status: "invited", owner: true, onRemove: "keep", __provider: provider });
  });

  it("takes over an active member, one PATCH, no email; then plans owner changes in place and a new email as a replace", async () => {
    const bo = await control.addMember("bo@example.com");
    const host = await deployment();
    const { id, outs, inputs } = await checkedCreate(host, { email: "bo@example.com", owner: true });
    expect(outs).to.include({ status: "active", memberIdentity: bo.identity });
    expect(await writes()).to.deep.equal([`PATCH /archivist/iam/v1/${bo.identity}`]);
    const demote = await host.diff(id, outs, { ...inputs, owner: false });
    expect(demote).to.include({ changes: "DIFF_SOME" });
    expect(demote.replaces).to.deep.equal([]);
    const other = await host.diff(id, outs, { ...inputs, email: "bob@example.com" });
    expect(other).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: false });
    expect(other.replaces).to.deep.equal(["email"]);
  });

  it("converges in one run after acceptance: Read finds them active, Diff plans an update, Update sets OWNER", async () => {
    const up = await deployment();
    const { id, outs, inputs } = await checkedCreate(up, { email: "cy@example.com", owner: true });
    await control.accept(id);
    const next = await deployment();
    const read = await next.read(id, outs);
    expect(read.properties).to.include({ status: "active", owner: true });
    expect((await next.diff(id, read.properties, inputs)).changes).to.equal("DIFF_SOME");
    const updated = await next.update(id, read.properties, inputs);
    expect(updated.properties.roles).to.deep.equal(["OWNER"]);
  });

  it("reads an Invite's recorded state through the Member provider and rewrites it without sending or deleting", async () => {
    const invite = await control.inviteOutOfBand("di@example.com", "Hi");
    const inviteState: Props = {
      identity: invite.identity,
      email: "di@example.com",
      message: "Hi",
      expiryTime: invite.expiry_time,
      status: "pending",
      adopted: true,
      memberIdentity: null,
      adopt: true,
      renewExpired: true,
      declaredEmail: "di@example.com",
      declaredMessage: "Hi",
    };
    const host = await deployment();
    const checked = await host.check({}, { email: "di@example.com", message: "Hi", adopt: true });
    const plan = await host.diff(invite.identity, inviteState, checked.inputs);
    expect(plan).to.include({ changes: "DIFF_SOME" });
    expect(plan.replaces).to.deep.equal([]);
    const updated = await host.update(invite.identity, inviteState, checked.inputs);
    expect(updated.properties).to.include({
      status: "invited",
      inviteIdentity: invite.identity,
      adopted: true,
    });
    expect(await writes()).to.deep.equal([]);
  });

  it("deactivates on Delete when onRemove is deactivate, and refuses the last active Owner with a clear error", async () => {
    const ed = await control.addMember("ed@example.com");
    await control.addMember("flo@example.com", true, { roles: ["OWNER"] });
    const host = await deployment();
    const removed = await checkedCreate(host, { email: "ed@example.com", onRemove: "deactivate" });
    await host.delete(removed.id, removed.outs);
    expect((await control.state()).members.find((m) => m.identity === ed.identity)?.active).to.equal(false);

    const last = await checkedCreate(host, { email: "flo@example.com", owner: true, onRemove: "deactivate" });
    const err = await hostError(host.delete(last.id, last.outs));
    expect(err.details).to.include("last active Owner");
    expect(err.details).to.include("flo@example.com");
  });

  it("fails Create at the cap before any POST, naming the cap and what remains", async () => {
    await control.setSwitches({ inviteQuota: 0 });
    const host = await deployment();
    const checked = await host.check({}, { email: "gil@example.com" });
    const err = await hostError(host.create(checked.inputs));
    expect(err.details).to.match(/invite cap \(Invites: 0 in all\) has 0 remaining/);
    expect(await writes()).to.deep.equal([]);
  });
});
