// The native plugin's wiring of the AccessPolicy kind, in process: its token dispatches to the policy
// lifecycle (check, diff) and Read with no recorded outputs imports by `access_policies/<uuid>`,
// returning the inputs that declare the policy. The rules themselves are owned by
// test/resource/policy-*.test.ts.
import { expect } from "chai";
import { configHooks } from "../../provider/plugin/main";
import { DataTrailsProvider } from "../../provider/plugin";
import { rejection } from "../helpers/assert";
import { besidesTenancyLookup, useEmulator } from "../helpers/emulator";

const URN = "urn:pulumi:test::access::datatrails:index:AccessPolicy::readers";

describe("plugin: the AccessPolicy token", function () {
  this.timeout(30_000);
  const running = useEmulator();
  const provider = new DataTrailsProvider("0.0.0", "{}");

  beforeEach(() => configHooks.configure({ url: running().url, token: running().token }, new Map()));

  it("check and diff are the policy lifecycle's: a bad display name named, a change an update", async () => {
    const bad = await provider.check(
      URN,
      {},
      { displayName: "x".repeat(129), filters: [], accessPermissions: [] },
    );
    expect((bad.failures ?? []).map((f) => f.property)).to.deep.equal([
      "displayName",
      "filters",
      "accessPermissions",
    ]);
    const diff = await provider.diff("access_policies/1", URN, { displayName: "A" }, { displayName: "B" });
    expect(diff).to.include({ changes: true, deleteBeforeReplace: false });
    expect(diff.replaces).to.deep.equal([]);
    // Configure reads which tenancy the credentials act on; check and diff send nothing besides.
    expect(besidesTenancyLookup(running().requests())).to.deep.equal([]);
  });

  it("import by access_policies/<uuid>: the stored policy as outputs, and inputs that declare it; nothing written", async () => {
    const emu = running();
    const byHand = emu.createPolicy({
      display_name: "Readers",
      description: "made in the web UI",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      access_permissions: [
        { user_attributes: [{ or: ["email=bob@example.com"] }], asset_attributes_read: ["*"] },
      ],
    });
    const read = await provider.read(byHand.identity, URN, {});
    expect(read.id).to.equal(byHand.identity);
    expect(read.props).to.include({ identity: byHand.identity, displayName: "Readers" });
    expect(read.inputs).to.deep.equal({
      displayName: "Readers",
      description: "made in the web UI",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      accessPermissions: [
        { userAttributes: [{ or: ["email=bob@example.com"] }], assetAttributesRead: ["*"] },
      ],
    });
    expect(emu.requests().filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))).to.deep.equal([]);
    expect(await provider.read("access_policies/0000", URN, {})).to.deep.equal({});
  });

  it("an import ID of another form fails naming the accepted one", async () => {
    const err = await rejection(provider.read("invites/123", URN, {}));
    expect(err.message).to.match(/not access_policies\/<uuid> \(or the bare <uuid>\)/);
  });
});
