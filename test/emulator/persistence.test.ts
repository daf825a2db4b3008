import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, StateFileError } from "../../emulator";
import {
  call,
  createInvite,
  expectError,
  expectOk,
  fakeTimers,
  IAM,
  MEMBERS,
  rawRequest,
  TOKEN,
  uuidOf,
} from "./helpers";

describe("emulator persistence", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "datatrails-emulator-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps invites, members, access policies, assets, clock, credentials and issued tokens across a restart", async () => {
    const statePath = join(dir, "nested", "state.json");
    // One fake real-time source for both runs: the kept clock offset shows exactly.
    const timers = fakeTimers(Date.UTC(2026, 0, 1));
    const first = await startEmulator({ statePath, timers });
    const asset = first.addAsset({ attributes: { arc_display_type: "Audit" } });
    first.createPolicy({
      display_name: "Auditors",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      access_permissions: [
        { user_attributes: [{ or: ["email=a@example.com"] }], asset_attributes_read: ["*"] },
      ],
    });
    const invite = await createInvite(first, "kept@example.com", "still here");
    first.addMember({ email: "member@example.com", roles: ["OWNER"] });
    first.advanceClock(3600);
    const issued = await rawRequest(
      first.url,
      "POST",
      TOKEN,
      `grant_type=client_credentials&client_id=${first.clientId}&client_secret=${first.clientSecret}`,
      {},
    );
    const token = expectOk<{ access_token: string }>(issued, "token").access_token;
    const before = first.state();
    await first.stop();

    expect(statSync(statePath).mode & 0o777).to.equal(0o600);
    expect(readdirSync(join(dir, "nested"))).to.deep.equal(["state.json"]);

    const second = await startEmulator({ statePath, timers });
    try {
      expect([second.clientId, second.clientSecret, second.token]).to.deep.equal([
        first.clientId,
        first.clientSecret,
        first.token,
      ]);
      expect(second.state().invites).to.deep.equal(before.invites);
      expect(second.state().members).to.deep.equal(before.members);
      expect(second.now()).to.equal("2026-01-01T01:00:00Z");
      expect(second.state().access_policies).to.deep.equal(before.access_policies);
      expect(second.state().assets).to.deep.equal(before.assets);
      expect(second.assetEvents(asset.identity)).to.deep.equal(first.assetEvents(asset.identity));
      expect(second.access({ email: "a@example.com" })).to.have.length(1);
      const got = expectOk(await call(second, "GET", `${IAM}/${uuidOf(invite.identity)}`), "invite");
      expect(got).to.deep.equal(invite);
      expectOk(await call(second, "GET", MEMBERS, { token }), "memberList");
    } finally {
      await second.stop();
    }
  });

  it("writes the file after every change, and credentials given as options win over the file", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    const invite = await createInvite(first, "x@example.com");
    const stored = JSON.parse(readFileSync(statePath, "utf8")) as { invites: Array<{ id: string }> };
    expect(stored.invites.map((i) => i.id)).to.deep.equal([uuidOf(invite.identity)]);
    await call(first, "DELETE", `${IAM}/${uuidOf(invite.identity)}`);
    expect((JSON.parse(readFileSync(statePath, "utf8")) as { invites: unknown[] }).invites).to.deep.equal([]);
    await first.stop();
    const second = await startEmulator({ statePath, token: "chosen-token" });
    try {
      expect(second.token).to.equal("chosen-token");
      expect(second.clientId).to.equal(first.clientId);
      expectOk(await call(second, "GET", IAM), "inviteList");
      // The old static token was issued by the first run and persisted with the others.
      expectOk(await call(second, "GET", IAM, { token: first.token }), "inviteList");
    } finally {
      await second.stop();
    }
  });

  it("keeps a static token's member across a restart, so the self rule still applies", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    const member = first.addMember({ email: "me@example.com", roles: ["OWNER"], token: "my-token" });
    await first.stop();
    const second = await startEmulator({ statePath });
    try {
      const path = `${MEMBERS}/${uuidOf(member.identity)}:deactivate`;
      expectError(await call(second, "POST", path, { token: "my-token" }), 403, /cannot change itself/);
      expectOk(await call(second, "POST", path), "member");
    } finally {
      await second.stop();
    }
  });

  it("refuses to start from a file that is not a state file", async () => {
    const statePath = join(dir, "state.json");
    for (const content of [
      "not json",
      JSON.stringify({ version: 2 }),
      JSON.stringify({ version: 1, invites: "x" }),
      JSON.stringify({
        version: 1,
        invites: [],
        members: [],
        tokens: [],
        nextSeq: 1,
        clockOffsetMs: 0,
        credentials: { clientId: "c", clientSecret: "s", token: "t" },
        access: { policies: "x" },
      }),
    ]) {
      writeFileSync(statePath, content);
      let failure: unknown;
      try {
        await startEmulator({ statePath });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(StateFileError);
    }
  });

  it("keeps working in memory without a state path", async () => {
    const emu = await startEmulator();
    try {
      await createInvite(emu, "mem@example.com");
      expectError(await call(emu, "GET", `${IAM}/00000000-0000-4000-8000-000000000000`), 404);
    } finally {
      await emu.stop();
    }
  });
});
