// The AccessPolicy's dynamic provider through Pulumi's real dynamic-provider host, driven over gRPC
// as the engine drives it (layer 3): wiring only (the serialized provider loads the handler module,
// every RPC reaches the policy lifecycle). The rules are owned by test/resource/policy-*.test.ts.
import { expect } from "chai";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";
import type { RunningEmulator } from "../../emulator";
import { accessPolicyProvider } from "../../provider/resource/provider";
import { HostPool, type Host } from "../../tools/host";
import { useEmulator } from "../helpers/emulator";
import { AUDITORS } from "../helpers/access-policy";

const DECLARED: Record<string, unknown> = { ...AUDITORS };

describe("AccessPolicy provider through Pulumi's dynamic-provider host (gRPC, layer 3)", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let pool: HostPool;
  useEmulator({ port: 0 }, (started) => {
    emu = started;
  });
  before(async () => {
    const provider = (await serializeFunction(() => accessPolicyProvider, { allowSecrets: true })).text;
    expect(provider).to.include("pulumi-datatrails-invites/dynamic-provider/access-policy");
    pool = new HostPool({ provider });
  });
  after(() => pool.stopAll());
  afterEach(() => pool.release());

  async function deployment(): Promise<Host> {
    const host = await pool.take();
    await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, ["datatrails:token"]);
    return host;
  }

  it("check, create, diff, update, read and delete reach the policy lifecycle", async () => {
    const host = await deployment();
    const bad = await host.check({}, { ...DECLARED, displayName: "" });
    expect(bad.failures.map((f) => f.property)).to.deep.equal(["displayName"]);
    const { inputs } = await host.check({}, DECLARED);

    const created = await host.create(inputs);
    expect(created.id).to.match(/^access_policies\//);
    expect(emu.state().access_policies.map((p) => p.identity)).to.deep.equal([created.id]);

    const news = { ...inputs, description: "Read the audit trail and its events" };
    const diff = await host.diff(created.id, created.properties, news);
    expect(diff).to.deep.include({ changes: "DIFF_SOME", replaces: [] });
    emu.clearRequests();
    const updated = await host.update(created.id, created.properties, news);
    expect(updated.properties.description).to.equal("Read the audit trail and its events");
    expect(emu.requests().map((r) => `${r.method} ${r.query.mask ?? ""}`)).to.deep.equal([
      "PATCH description",
    ]);

    const read = await host.read(created.id, updated.properties);
    expect(read.id).to.equal(created.id);
    expect(read.inputs).to.deep.include({
      displayName: "Auditors",
      description: "Read the audit trail and its events",
    });

    await host.delete(created.id, updated.properties);
    expect(emu.state().access_policies).to.deep.equal([]);
    await host.delete(created.id, updated.properties); // already gone counts as done
  });
});
