import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorError, startEmulator, TENANCY_SELF_PATH, type RunningEmulator } from "../../emulator";
import { call, expectError, expectOk, useEmulator } from "./helpers";

const STAGING = "tenant/08838336-c357-460d-902a-3aba9528dd22";

describe("emulator tenancy (GET /archivist/v1/tenancies/self)", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 21 }, (started) => (emu = started));

  it("answers the caller's tenancy in the Tenancies API's shape: an identity of its own and a display name", async () => {
    const self = expectOk(await call(emu, "GET", TENANCY_SELF_PATH), "tenancy");
    expect(self).to.deep.equal({
      identity: emu.tenancyIdentity,
      display_name: self.display_name,
      verified_domain: "",
      enterprise_sso_enabled: false,
    });
    expect(self.identity).to.match(/^tenant\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(self.display_name).to.be.a("string").and.not.equal("");
  });

  it("two fresh emulators are two tenancies", async () => {
    const other = await startEmulator();
    try {
      expect(other.tenancyIdentity).to.not.equal(emu.tenancyIdentity);
    } finally {
      await other.stop();
    }
  });

  it("the control API sets identity and display name, each on its own; a reset restores the start tenancy", async () => {
    const start = emu.tenancy();
    const renamed = expectOk(
      await call(emu, "POST", "/_emulator/tenancy", { json: { display_name: "Staging" } }),
      "tenancy",
    );
    expect(renamed).to.include({ identity: start.identity, display_name: "Staging" });
    emu.setTenancy({ identity: STAGING });
    expect(expectOk(await call(emu, "GET", TENANCY_SELF_PATH), "tenancy")).to.include({
      identity: STAGING,
      display_name: "Staging",
    });
    expect(expectOk(await call(emu, "GET", "/_emulator/tenancy"), "tenancy")).to.include({
      identity: STAGING,
    });
    emu.reset();
    expect(emu.tenancy()).to.deep.equal(start);
  });

  const badPatches: Array<[string, unknown, RegExp]> = [
    ["an identity without tenant/", { identity: "08838336-c357-460d-902a-3aba9528dd22" }, /tenant\/<uuid>/],
    ["an identity that is not a UUID", { identity: "tenant/123" }, /tenant\/<uuid>/],
    ["a display name over 128 characters", { display_name: "x".repeat(129) }, /display_name/],
    ["a numeric display name", { display_name: 5 }, /display_name/],
    ["an unknown field", { verified_domain: "example.com" }, /unknown field "verified_domain"/],
  ];
  for (const [what, patch, pattern] of badPatches) {
    it(`the control API refuses ${what} with 400, changing nothing`, async () => {
      const before = emu.tenancy();
      expectError(await call(emu, "POST", "/_emulator/tenancy", { json: patch }), 400, pattern);
      expect(emu.tenancy()).to.deep.equal(before);
    });
  }

  it("needs a token like every API route (401 without), and only GET is served (404)", async () => {
    expectError(await call(emu, "GET", TENANCY_SELF_PATH, { token: null }), 401);
    expectError(await call(emu, "PATCH", TENANCY_SELF_PATH, { json: { display_name: "x" } }), 404);
  });

  it("a non-administrator's token is refused with 403", async () => {
    emu.addToken("reader-token", false);
    expectError(await call(emu, "GET", TENANCY_SELF_PATH, { token: "reader-token" }), 403);
  });
});

describe("emulator tenancy options and persistence", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "datatrails-emulator-tenancy-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts as the tenancy the options name, and keeps it in the state file across a restart", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, tenancy: STAGING, tenancyName: "Staging" });
    await first.stop();
    const again = await startEmulator({ statePath });
    try {
      expect(again.tenancy()).to.include({ identity: STAGING, display_name: "Staging" });
    } finally {
      await again.stop();
    }
    const renamed = await startEmulator({ statePath, tenancyName: "Renamed" });
    try {
      expect(renamed.tenancy()).to.include({ identity: STAGING, display_name: "Renamed" });
    } finally {
      await renamed.stop();
    }
  });

  it("refuses a malformed tenancy option, naming it", async () => {
    let caught: unknown;
    try {
      await startEmulator({ tenancy: "staging" });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(EmulatorError);
    expect((caught as Error).message).to.match(/tenancy option: identity must be "tenant\/<uuid>"/);
  });
});
