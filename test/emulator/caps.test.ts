import { expect } from "chai";
import type { RunningEmulator, WireCap } from "../../emulator";
import { call, CAPS, createInvite, expectError, expectOk, useEmulator } from "./helpers";

interface Caps {
  caps: WireCap[];
}

describe("emulator caps", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 13 }, (started) => (emu = started));

  const caps = async (service: string): Promise<WireCap[]> =>
    expectOk<Caps>(await call(emu, "GET", `${CAPS}?service=${service}`), "caps").caps;

  it("answers no caps while the invite and member caps are unlimited (the default)", async () => {
    expect(await caps("invites")).to.deep.equal([]);
    expect(await caps("members")).to.deep.equal([]);
  });

  it("answers the invite cap and what remains of it as strings, counting pending invites like the 402 check", async () => {
    emu.setSwitches({ inviteQuota: 3 });
    await createInvite(emu, "a@example.com");
    emu.createInvite({ email: "old@example.com", ttlSeconds: 0 });
    expect(await caps("invites")).to.deep.equal([
      { resource_type: "Invites", resource_remaining: "2", resource_cap: "3" },
    ]);
    await createInvite(emu, "b@example.com");
    await createInvite(emu, "c@example.com");
    expect((await caps("invites"))[0]?.resource_remaining).to.equal("0");
    expectError(
      await call(emu, "POST", "/archivist/iam/v1/invites", { json: { email: "d@example.com" } }),
      402,
    );
  });

  it("never answers a negative remainder when the cap is lowered below what is used", async () => {
    await createInvite(emu, "a@example.com");
    await createInvite(emu, "b@example.com");
    emu.setSwitches({ inviteQuota: 1 });
    expect(await caps("invites")).to.deep.equal([
      { resource_type: "Invites", resource_remaining: "0", resource_cap: "1" },
    ]);
  });

  it("answers the member cap from memberQuota, counting active members", async () => {
    emu.setSwitches({ memberQuota: 5 });
    emu.addMember({ email: "on@example.com" });
    emu.addMember({ email: "off@example.com", active: false });
    expect(await caps("members")).to.deep.equal([
      { resource_type: "Members", resource_remaining: "4", resource_cap: "5" },
    ]);
    expect(await caps("invites")).to.deep.equal([]);
  });

  it("answers an empty list for a published service it has no cap of, and 400 naming service for one outside the file's enum or none", async () => {
    emu.setSwitches({ inviteQuota: 1, memberQuota: 1, accessPolicyQuota: 1 });
    expect(await caps("assets")).to.deep.equal([]);
    expectError(await call(emu, "GET", `${CAPS}?service=INVITES`), 400, /service must be one of/);
    expectError(await call(emu, "GET", CAPS), 400, /service is required/);
    expectError(await call(emu, "GET", `${CAPS}?service=`), 400, /service must be one of/);
  });

  it("counts stored access policies against accessPolicyQuota", async () => {
    emu.setSwitches({ accessPolicyQuota: 2 });
    emu.createPolicy({
      display_name: "p",
      filters: [{ or: ["attributes.x=1"] }],
      access_permissions: [{ asset_attributes_read: ["*"] }],
    });
    expect(await caps("access_policies")).to.deep.equal([
      { resource_type: "AccessPolicies", resource_remaining: "1", resource_cap: "2" },
    ]);
  });

  it("answers 404 to methods the caps route does not have", async () => {
    expectError(await call(emu, "POST", `${CAPS}?service=invites`, { json: {} }), 404);
  });

  it("logs caps requests with their query and injects faults on them", async () => {
    emu.addFaults({ route: "GET /caps", sequence: [{ type: "status", status: 503 }] });
    expectError(await call(emu, "GET", `${CAPS}?service=invites`), 503);
    await caps("members");
    expect(emu.requests()).to.deep.equal([
      { method: "GET", path: CAPS, status: 503, query: { service: "invites" } },
      { method: "GET", path: CAPS, status: 200, query: { service: "members" } },
    ]);
  });
});
