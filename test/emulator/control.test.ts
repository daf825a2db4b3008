import { expect } from "chai";
import { networkInterfaces } from "node:os";
import {
  DEFAULT_SWITCHES,
  EmulatorError,
  isLoopback,
  normalizeSwitches,
  startEmulator,
  SwitchesError,
  type EmulatorState,
  type RequestLogEntry,
  type RunningEmulator,
  type Switches,
  type WireInvite,
  type WireMember,
} from "../../emulator";
import { assertSchema } from "./schemas/validator";
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
  useEmulator,
} from "./helpers";

const C = "/_emulator";

describe("emulator control API", () => {
  let emu: RunningEmulator;

  // Emulator time is fake: the clock assertions below are exact, and none reads the wall clock.
  const START = Date.UTC(2026, 0, 1, 12);
  const timers = fakeTimers(START);
  useEmulator({ seed: 5, timers }, (started) => (emu = started));
  beforeEach(() => timers.set(START));

  describe("switches", () => {
    it("answers the defaults and merges a partial object, prefixes key by key", async () => {
      expect(expectOk(await call(emu, "GET", `${C}/switches`), "any")).to.deep.equal(DEFAULT_SWITCHES);
      const merged = expectOk<Switches>(
        await call(emu, "POST", `${C}/switches`, { json: { deleteMissing: 200, prefixes: { v1: false } } }),
        "any",
      );
      expect(merged.deleteMissing).to.equal(200);
      expect(merged.prefixes).to.deep.equal({ iam: true, v1: false });
      expect(emu.switches()).to.deep.equal(merged);
    });

    const bad: Array<[unknown, RegExp]> = [
      [{ nope: 1 }, /switches\.nope is not a known switch/],
      [{ expiredInvites: "gone" }, /switches\.expiredInvites must be "listed" or "vanish"/],
      [{ duplicatePending: 409 }, /switches\.duplicatePending/],
      [{ deleteMissing: 204 }, /switches\.deleteMissing must be 404 or 200/],
      [{ prefixes: { iam: "yes" } }, /switches\.prefixes\.iam must be a boolean/],
      [{ prefixes: { other: true } }, /switches\.prefixes\.other/],
      [{ prefixes: true }, /switches\.prefixes must be an object/],
      [{ inviteTtlSeconds: -1 }, /switches\.inviteTtlSeconds must be an integer/],
      [{ tokenTtlSeconds: 0 }, /switches\.tokenTtlSeconds/],
      [{ rateLimitPerSecond: 1.5 }, /switches\.rateLimitPerSecond/],
      [{ retryAfterHeader: "true" }, /switches\.retryAfterHeader must be a boolean/],
      [{ inviteQuota: "10" }, /switches\.inviteQuota/],
      [{ maxPageSize: 0 }, /switches\.maxPageSize/],
      [{ defaultPageSize: null }, /switches\.defaultPageSize/],
      [{ normalizeStored: 1 }, /switches\.normalizeStored must be a boolean/],
      [{ memberQuota: -1 }, /switches\.memberQuota must be an integer/],
      [{ patchInactiveMember: "deny" }, /switches\.patchInactiveMember must be "allow" or "refuse"/],
      [{ selfChangeStatus: 500 }, /switches\.selfChangeStatus must be 400 or 403 or 409 or 412/],
      [{ appRegistrationMember: "app" }, /switches\.appRegistrationMember must be null or a member's email/],
      [{ appRegistrationMember: 5 }, /switches\.appRegistrationMember must be null or a member's email/],
      [[], /must be a JSON object/],
    ];
    for (const [patch, pattern] of bad) {
      it(`rejects ${JSON.stringify(patch)} with an error naming the field, changing nothing`, async () => {
        expect(() => normalizeSwitches(patch)).to.throw(SwitchesError, pattern);
        expectError(await call(emu, "POST", `${C}/switches`, { json: patch }), 400, pattern);
        expect(emu.switches()).to.deep.equal(DEFAULT_SWITCHES);
      });
    }

    it("refuses to start with malformed switches", async () => {
      let failure: unknown;
      try {
        await startEmulator({ switches: { maxPageSize: -5 } });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(SwitchesError);
    });

    it("restores the start switches on reset", async () => {
      const custom = await startEmulator({ switches: { duplicatePending: "conflict" } });
      try {
        custom.setSwitches({ duplicatePending: "create", inviteQuota: 1 });
        custom.reset();
        expect(custom.switches()).to.deep.equal({ ...DEFAULT_SWITCHES, duplicatePending: "conflict" });
      } finally {
        await custom.stop();
      }
    });
  });

  describe("invites and members out of band", () => {
    it("creates an invite without auth, quota or duplicate checks, and does not log it", async () => {
      emu.setSwitches({ inviteQuota: 0, duplicatePending: "conflict" });
      const first = expectOk<WireInvite>(
        await call(emu, "POST", `${C}/invites`, {
          token: null,
          json: { email: "oob@example.com", message: "m" },
        }),
        "invite",
      );
      expectOk(
        await call(emu, "POST", `${C}/invites`, { token: null, json: { email: "oob@example.com" } }),
        "invite",
      );
      expect(first.message).to.equal("m");
      expect(emu.requests()).to.deep.equal([]);
      expect(emu.state().invites).to.have.length(2);
    });

    it("creates an already expired invite with ttlSeconds 0", async () => {
      emu.setSwitches({ expiredInvites: "vanish" });
      const invite = emu.createInvite({ email: "old@example.com", ttlSeconds: 0 });
      expectError(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), 404);
    });

    it("validates out-of-band invites like the API does", async () => {
      expectError(await call(emu, "POST", `${C}/invites`, { json: { email: "bad" } }), 400, /@/);
      expectError(
        await call(emu, "POST", `${C}/invites`, { json: { email: "a@example.com", ttlSeconds: -1 } }),
        400,
      );
      expectError(await call(emu, "POST", `${C}/invites`, { body: "nope" }), 400, /JSON/);
    });

    it("revokes an invite, answering 404 for an unknown one", async () => {
      const invite = await createInvite(emu, "gone@example.com");
      expectOk(await call(emu, "DELETE", `${C}/invites/${uuidOf(invite.identity)}`), "empty");
      expectError(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), 404);
      expectError(await call(emu, "DELETE", `${C}/invites/${uuidOf(invite.identity)}`), 404);
      expect(() => emu.revokeInvite(invite.identity))
        .to.throw(EmulatorError)
        .with.property("status", 404);
    });

    it("accepts an invite over HTTP, answering the new member", async () => {
      const invite = await createInvite(emu, "yes@example.com");
      const member = expectOk<WireMember>(
        await call(emu, "POST", `${C}/invites/${uuidOf(invite.identity)}:accept`),
        "member",
      );
      expect(member).to.include({ email: "yes@example.com", active: true });
      expectError(await call(emu, "POST", `${C}/invites/${uuidOf(invite.identity)}:accept`), 404);
    });

    it("adds, deactivates and reactivates members over HTTP", async () => {
      const member = expectOk<WireMember>(
        await call(emu, "POST", `${C}/members`, {
          json: { email: "boss@example.com", display_name: "Boss", roles: ["OWNER"], active: true },
        }),
        "member",
      );
      expect(member).to.deep.include({ display_name: "Boss", roles: ["OWNER"] });
      const id = uuidOf(member.identity);
      expect(
        expectOk<WireMember>(await call(emu, "POST", `${C}/members/${id}:deactivate`), "member").active,
      ).to.equal(false);
      expect(
        expectOk<WireMember>(await call(emu, "POST", `${C}/members/${id}:activate`), "member").active,
      ).to.equal(true);
      expectError(
        await call(emu, "POST", `${C}/members/00000000-0000-4000-8000-000000000000:deactivate`),
        404,
      );
      expectOk(await call(emu, "GET", MEMBERS), "memberList");
    });

    it("answers 400 naming the field to a bad member", async () => {
      expectError(
        await call(emu, "POST", `${C}/members`, { json: { email: "a@example.com", roles: ["ADMIN"] } }),
        400,
        /roles/,
      );
      expectError(
        await call(emu, "POST", `${C}/members`, { json: { email: "a@example.com", active: "y" } }),
        400,
        /active/,
      );
      expectError(
        await call(emu, "POST", `${C}/members`, { json: { email: "a@example.com", x: 1 } }),
        400,
        /"x"/,
      );
      expectError(await call(emu, "POST", `${C}/members`, { json: {} }), 400, /email/);
    });
  });

  describe("clock and tokens", () => {
    it("answers the emulator time and advances it", async () => {
      const before = expectOk<{ now: string }>(await call(emu, "GET", `${C}/clock`), "any").now;
      const after = expectOk<{ now: string }>(
        await call(emu, "POST", `${C}/clock`, { json: { advanceSeconds: 86400 } }),
        "any",
      ).now;
      expect(after).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(before).to.equal("2026-01-01T12:00:00Z");
      expect(after).to.equal("2026-01-02T12:00:00Z");
      expect(emu.state().now).to.equal(emu.now());
    });

    it("sends a Date header from emulator time, so clients see the advanced clock", async () => {
      emu.advanceClock(86400 * 3);
      for (const path of [IAM, `${C}/state`]) {
        const date = (await call(emu, "GET", path)).headers.date;
        expect(Date.parse(String(date))).to.equal(Date.parse(emu.now()));
      }
    });

    it("answers 400 to a negative or missing advance", async () => {
      expectError(
        await call(emu, "POST", `${C}/clock`, { json: { advanceSeconds: -1 } }),
        400,
        /advanceSeconds/,
      );
      expectError(await call(emu, "POST", `${C}/clock`, { json: {} }), 400, /advanceSeconds/);
    });

    it("adds static tokens, admin by default, and expires issued ones over HTTP", async () => {
      expectOk(await call(emu, "POST", `${C}/tokens`, { json: { token: "viewer", admin: false } }), "any");
      expectOk(await call(emu, "POST", `${C}/tokens`, { json: { token: "boss" } }), "any");
      expectError(await call(emu, "GET", IAM, { token: "viewer" }), 403);
      expectOk(await call(emu, "GET", IAM, { token: "boss" }), "inviteList");
      expectError(await call(emu, "POST", `${C}/tokens`, { json: { token: "" } }), 400, /token/);
      const issued = await rawRequest(
        emu.url,
        "POST",
        TOKEN,
        `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`,
        {},
      );
      const token = expectOk<{ access_token: string }>(issued, "token").access_token;
      const expired = expectOk<{ expired: number }>(await call(emu, "POST", `${C}/tokens:expire`), "any");
      expect(expired.expired).to.be.at.least(1);
      expectError(await call(emu, "GET", IAM, { token }), 401);
      expectOk(await call(emu, "GET", IAM, { token: "boss" }), "inviteList");
    });
  });

  describe("tokens that belong to members", () => {
    it("binds a static token to a member over HTTP, answering the member's identity", async () => {
      const member = emu.addMember({ email: "me@example.com", roles: ["OWNER"] });
      const added = expectOk(
        await call(emu, "POST", `${C}/tokens`, { json: { token: "mine", member: member.identity } }),
        "any",
      );
      expect(added).to.deep.equal({ token: "mine", admin: true, member: member.identity });
      expectError(
        await call(emu, "POST", `${MEMBERS}/${uuidOf(member.identity)}:deactivate`, { token: "mine" }),
        403,
        /cannot change itself/,
      );
    });

    it("answers 404 for a token bound to an unknown member, 400 for a bad member or field", async () => {
      const missing = "members/00000000-0000-4000-8000-000000000000";
      expectError(await call(emu, "POST", `${C}/tokens`, { json: { token: "t", member: missing } }), 404);
      expectError(await call(emu, "POST", `${C}/tokens`, { json: { token: "t", member: 5 } }), 400, /member/);
      expectError(
        await call(emu, "POST", `${C}/tokens`, { json: { token: "t", owner: true } }),
        400,
        /"owner"/,
      );
      expectError(await call(emu, "GET", IAM, { token: "t" }), 401);
      expect(() => emu.addToken("t", true, missing))
        .to.throw(EmulatorError)
        .with.property("status", 404);
    });

    it("binds the token given with a new member to it, and refuses a bad one before adding the member", async () => {
      const member = expectOk<WireMember>(
        await call(emu, "POST", `${C}/members`, {
          json: { email: "own@example.com", roles: ["OWNER"], token: "own-token" },
        }),
        "member",
      );
      expectError(
        await call(emu, "PATCH", `${MEMBERS}/${uuidOf(member.identity)}`, {
          token: "own-token",
          json: { roles: [] },
        }),
        403,
      );
      expectError(
        await call(emu, "POST", `${C}/members`, { json: { email: "bad@example.com", token: "has space" } }),
        400,
        /token/,
      );
      expect(emu.state().members.map((m) => m.email)).to.deep.equal(["own@example.com"]);
    });
  });

  describe("state, log and reset", () => {
    it("shows the store in wire shapes, expired invites included", async () => {
      emu.setSwitches({ expiredInvites: "vanish" });
      emu.createInvite({ email: "old@example.com", ttlSeconds: 0 });
      const invite = await createInvite(emu, "new@example.com");
      emu.addMember({ email: "m@example.com" });
      const state = expectOk<EmulatorState>(await call(emu, "GET", `${C}/state`), "any");
      expect(state.invites.map((i) => i.email)).to.deep.equal(["old@example.com", "new@example.com"]);
      state.invites.forEach((i) => assertSchema("invite", i));
      state.members.forEach((m) => assertSchema("member", m));
      expect(state.invites[1]).to.deep.equal(invite);
      expect(state.now).to.match(/Z$/);
    });

    it("logs API requests in order with method, path, status and query, but no control requests", async () => {
      await createInvite(emu, "a@example.com");
      await call(emu, "GET", `${IAM}?email=a%40example.com&page_size=5`);
      await call(emu, "GET", `${IAM}/nope`, { token: "bad" });
      await call(emu, "GET", "/unknown");
      await call(emu, "GET", `${C}/state`);
      const log = expectOk<RequestLogEntry[]>(await call(emu, "GET", `${C}/requests`), "any");
      expect(log).to.deep.equal([
        { method: "POST", path: IAM, status: 200, query: {} },
        { method: "GET", path: IAM, status: 200, query: { email: "a@example.com", page_size: "5" } },
        { method: "GET", path: `${IAM}/nope`, status: 401, query: {} },
        { method: "GET", path: "/unknown", status: 404, query: {} },
      ]);
      expect(emu.requests()).to.deep.equal(log);
      expectOk(await call(emu, "DELETE", `${C}/requests`), "empty");
      expect(emu.requests()).to.deep.equal([]);
    });

    it("never records a header value, a token or a client secret in the request log", async () => {
      const secretHeader = "very-secret-header-value";
      await call(emu, "GET", IAM, { headers: { "x-custom": secretHeader } });
      await rawRequest(
        emu.url,
        "POST",
        TOKEN,
        `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`,
        { "content-type": "application/x-www-form-urlencoded" },
      );
      const text = JSON.stringify(emu.requests());
      expect(emu.requests()).to.have.length(2);
      for (const secret of [
        emu.token,
        emu.clientSecret,
        emu.clientId,
        secretHeader,
        "x-custom",
        "authorization",
      ]) {
        expect(text).to.not.include(secret);
      }
      for (const entry of emu.requests())
        expect(Object.keys(entry).sort()).to.deep.equal(["method", "path", "query", "status"]);
    });

    it("empties store, log and faults, zeroes the clock, and keeps credentials on reset", async () => {
      await createInvite(emu, "a@example.com");
      emu.addMember({ email: "b@example.com" });
      emu.addFaults({ route: "*", probability: 1, kinds: [{ type: "status", status: 500 }] });
      emu.advanceClock(1000);
      expectOk(await call(emu, "POST", `${C}/reset`), "empty");
      const state = emu.state();
      expect(state.invites).to.deep.equal([]);
      expect(state.members).to.deep.equal([]);
      expect(state.now).to.equal("2026-01-01T12:00:00Z");
      expect(emu.faults()).to.deep.equal([]);
      expect(emu.requests()).to.deep.equal([]);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });
  });

  describe("routing and access", () => {
    it("answers 404 with a Status body to an unknown control route", async () => {
      expectError(await call(emu, "GET", `${C}/nothing`), 404, /no control route/);
      expectError(await call(emu, "PUT", `${C}/switches`), 404);
      expectError(await call(emu, "POST", `${C}/invites/abc:reject`), 404);
    });

    it("puts an x-request-id on every answer, and the same id in error details", async () => {
      const ids = new Set<string>();
      for (const res of [
        await call(emu, "GET", IAM),
        await call(emu, "GET", `${C}/state`),
        await call(emu, "GET", "/"),
        await call(emu, "GET", IAM, { token: null }),
      ]) {
        const id = res.headers["x-request-id"];
        expect(id).to.be.a("string");
        ids.add(String(id));
      }
      expect(ids.size).to.equal(4);
    });

    it("recognises loopback addresses only", () => {
      for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
        expect(isLoopback(address)).to.equal(true);
      for (const address of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "fe80::1", "", undefined]) {
        expect(isLoopback(address)).to.equal(false);
      }
    });

    it("answers 403 to control requests from a non-loopback address", async function () {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === "IPv4" && !i.internal);
      if (!external) return this.skip();
      const wide = await startEmulator({ host: "0.0.0.0" });
      try {
        const url = `http://${external.address}:${wide.port}`;
        expectError(await rawRequest(url, "GET", `${C}/state`, undefined, {}), 403, /loopback/);
        expectOk(
          await rawRequest(url, "GET", IAM, undefined, { authorization: `Bearer ${wide.token}` }),
          "inviteList",
        );
        expectOk(await rawRequest(wide.url, "GET", `${C}/state`, undefined, {}), "any");
      } finally {
        await wide.stop();
      }
    });
  });
});
