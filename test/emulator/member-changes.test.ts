import { expect } from "chai";
import type { RunningEmulator, WireMember } from "../../emulator";
import { assertSchema } from "./schemas/validator";
import { call, expectError, expectOk, MEMBERS, rawRequest, TOKEN, uuidOf, useEmulator } from "./helpers";

interface MemberList {
  members: WireMember[];
  page_token: string;
}

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("emulator member changes (PATCH, :activate, :deactivate)", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 12 }, (started) => (emu = started));

  const path = (member: WireMember, suffix = "") => `${MEMBERS}/${uuidOf(member.identity)}${suffix}`;
  const patch = (member: WireMember, json: unknown, query = "", token?: string) =>
    call(emu, "PATCH", `${path(member)}${query}`, { json, token });
  const stored = (member: WireMember) => emu.state().members.find((m) => m.identity === member.identity);

  async function issuedToken(): Promise<string> {
    const form = `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`;
    const res = await rawRequest(emu.url, "POST", TOKEN, form, {
      "content-type": "application/x-www-form-urlencoded",
    });
    return expectOk<{ access_token: string }>(res, "token").access_token;
  }

  describe("PATCH", () => {
    it("sets a member's roles with mask=roles and answers the member", async () => {
      const member = emu.addMember({ email: "up@example.com", display_name: "Up" });
      const body = { roles: ["OWNER"] };
      assertSchema("memberUpdate", body);
      const answer = expectOk<WireMember>(await patch(member, body, "?mask=roles"), "member");
      expect(answer).to.deep.equal({ ...member, roles: ["OWNER"] });
      expect(stored(member)?.roles).to.deep.equal(["OWNER"]);
    });

    it("changes the fields present when there is no mask, and nothing for an empty body", async () => {
      const member = emu.addMember({ email: "owner@example.com", roles: ["OWNER"] });
      expect(expectOk<WireMember>(await patch(member, {}), "member").roles).to.deep.equal(["OWNER"]);
      expect(expectOk<WireMember>(await patch(member, { roles: [] }), "member").roles).to.deep.equal([]);
    });

    it("clears the roles when mask=roles names a field the body leaves out", async () => {
      const member = emu.addMember({ email: "zero@example.com", roles: ["OWNER"] });
      expect(expectOk<WireMember>(await patch(member, {}, "?mask=roles"), "member").roles).to.deep.equal([]);
    });

    it("stores each role once", async () => {
      const member = emu.addMember({ email: "twice@example.com" });
      const answer = expectOk<WireMember>(await patch(member, { roles: ["OWNER", "OWNER"] }), "member");
      expect(answer.roles).to.deep.equal(["OWNER"]);
    });

    const bad: Array<[string, unknown, string, RegExp]> = [
      ["an unknown role, naming it", { roles: ["ADMIN"] }, "", /"ADMIN" is not a role/],
      ["a role that is not a string", { roles: [1] }, "", /roles\[0\] must be a string/],
      ["roles that are not an array", { roles: "OWNER" }, "", /roles must be an array/],
      ["null roles", { roles: null }, "", /roles must be an array/],
      ["an unknown body field", { roles: [], active: false }, "", /unknown field "active"/],
      ["an unknown mask field", { roles: [] }, "?mask=roles,active", /mask .*"active"/],
      ["a body that is not an object", ["OWNER"], "", /JSON object/],
    ];
    for (const [what, body, query, message] of bad) {
      it(`answers 400 to ${what}, changing nothing`, async () => {
        const member = emu.addMember({ email: "keep@example.com", roles: ["OWNER"] });
        expectError(await patch(member, body, query), 400, message);
        expect(stored(member)?.roles).to.deep.equal(["OWNER"]);
      });
    }

    it("answers 404 for a missing member and for an id that is not a UUID", async () => {
      expectError(await call(emu, "PATCH", `${MEMBERS}/${MISSING}`, { json: { roles: [] } }), 404);
      expectError(await call(emu, "PATCH", `${MEMBERS}/not-a-uuid`, { json: { roles: [] } }), 404);
    });

    it("changes an inactive member's roles by default, and refuses with 400 under patchInactiveMember: refuse", async () => {
      const member = emu.addMember({ email: "off@example.com", active: false });
      const answer = expectOk<WireMember>(await patch(member, { roles: ["OWNER"] }), "member");
      expect(answer).to.include({ active: false });
      expect(answer.roles).to.deep.equal(["OWNER"]);
      emu.setSwitches({ patchInactiveMember: "refuse" });
      expectError(await patch(member, { roles: [] }), 400, /inactive; activate it/);
      expect(stored(member)?.roles).to.deep.equal(["OWNER"]);
    });
  });

  describe(":activate and :deactivate", () => {
    it("clears a member's roles when it deactivates them, and reactivates with basic rights only", async () => {
      const member = emu.addMember({ email: "boss@example.com", roles: ["OWNER"] });
      const off = expectOk<WireMember>(await call(emu, "POST", path(member, ":deactivate")), "member");
      expect(off).to.deep.equal({ ...member, active: false, roles: [] });
      const on = expectOk<WireMember>(await call(emu, "POST", path(member, ":activate")), "member");
      expect(on).to.deep.equal({ ...member, active: true, roles: [] });
    });

    it("answers 200 to activating an active member or deactivating an inactive one, changing nothing", async () => {
      const member = emu.addMember({ email: "same@example.com", roles: ["OWNER"] });
      const on = expectOk<WireMember>(await call(emu, "POST", path(member, ":activate")), "member");
      expect(on).to.deep.equal(member);
      await call(emu, "POST", path(member, ":deactivate"));
      const off = expectOk<WireMember>(await call(emu, "POST", path(member, ":deactivate")), "member");
      expect(off).to.include({ active: false });
    });

    it("answers 404 for a missing member, 404 for an unknown action and for GET of a member", async () => {
      expectError(await call(emu, "POST", `${MEMBERS}/${MISSING}:activate`), 404, /not found/);
      expectError(await call(emu, "POST", `${MEMBERS}/${MISSING}:deactivate`), 404, /not found/);
      const member = emu.addMember({ email: "x@example.com" });
      expectError(await call(emu, "POST", path(member, ":promote")), 404, /no route/);
      expectError(await call(emu, "GET", path(member, ":activate")), 404, /no route/);
      expectError(await call(emu, "GET", path(member)), 404, /no route/);
    });

    it("lists a member deactivated through the API only under member_state INACTIVE and BOTH", async () => {
      const stays = emu.addMember({ email: "stays@example.com" });
      const leaves = emu.addMember({ email: "leaves@example.com", roles: ["OWNER"] });
      expectOk(await call(emu, "POST", path(leaves, ":deactivate")), "member");
      const emails = async (state: string) =>
        expectOk<MemberList>(
          await call(emu, "GET", `${MEMBERS}${state ? `?member_state=${state}` : ""}`),
          "memberList",
        ).members.map((m) => `${m.email} ${m.active} ${m.roles.join("+")}`);
      expect(await emails("")).to.deep.equal(["stays@example.com true "]);
      expect(await emails("MEMBER_STATE_ACTIVE")).to.deep.equal(["stays@example.com true "]);
      expect(await emails("MEMBER_STATE_INACTIVE")).to.deep.equal(["leaves@example.com false "]);
      expect(await emails("MEMBER_STATE_BOTH")).to.deep.equal([
        "stays@example.com true ",
        "leaves@example.com false ",
      ]);
      expectOk(await call(emu, "POST", path(leaves, ":activate")), "member");
      expect(await emails("MEMBER_STATE_INACTIVE")).to.deep.equal([]);
      expect(stays.active).to.equal(true);
    });

    it("refuses a reactivation beyond memberQuota with 402, counting active members", async () => {
      emu.setSwitches({ memberQuota: 1 });
      emu.addMember({ email: "one@example.com" });
      const off = emu.addMember({ email: "two@example.com", active: false });
      expectError(await call(emu, "POST", path(off, ":activate")), 402, /member cap/);
      expect(stored(off)?.active).to.equal(false);
      // The control API is never refused.
      expect(emu.activateMember(off.identity).active).to.equal(true);
    });

    it("shares the deactivation rule with the control API, which also removes the roles", () => {
      const member = emu.addMember({ email: "ctl@example.com", roles: ["OWNER"] });
      expect(emu.deactivateMember(member.identity)).to.deep.include({ active: false, roles: [] });
      expect(emu.activateMember(member.identity)).to.deep.include({ active: true, roles: [] });
    });
  });

  describe("a member cannot change itself", () => {
    it("refuses with 403 a member demoting or deactivating itself through its own token", async () => {
      const self = emu.addMember({ email: "me@example.com", roles: ["OWNER"], token: "my-token" });
      const message = expectError(await patch(self, { roles: [] }, "?mask=roles", "my-token"), 403);
      expect(message)
        .to.match(/cannot change itself/)
        .and.include(self.identity);
      expectError(
        await call(emu, "POST", path(self, ":deactivate"), { token: "my-token" }),
        403,
        /cannot change itself/,
      );
      expect(stored(self)).to.deep.include({ active: true, roles: ["OWNER"] });
    });

    it("lets a member keep or add its own roles, and change other members", async () => {
      const self = emu.addMember({ email: "me@example.com", roles: ["OWNER"], token: "my-token" });
      const other = emu.addMember({ email: "other@example.com", roles: ["OWNER"] });
      expectOk(await patch(self, { roles: ["OWNER", "ROLE_UNSPECIFIED"] }, "", "my-token"), "member");
      expectOk(await patch(other, { roles: [] }, "", "my-token"), "member");
      expectOk(await call(emu, "POST", path(other, ":deactivate"), { token: "my-token" }), "member");
      expect(stored(other)).to.deep.include({ active: false, roles: [] });
    });

    it("answers the refusal with the selfChangeStatus switch", async () => {
      const self = emu.addMember({ email: "me@example.com", roles: ["OWNER"] });
      emu.addToken("bound", true, self.identity);
      for (const status of [400, 409, 412] as const) {
        emu.setSwitches({ selfChangeStatus: status });
        expectError(
          await call(emu, "POST", path(self, ":deactivate"), { token: "bound" }),
          status,
          /cannot change itself/,
        );
      }
    });

    it("binds client-credential tokens to the member named by appRegistrationMember, and to none by default", async () => {
      const app = emu.addMember({ email: "app@example.com", roles: ["OWNER"] });
      const token = await issuedToken();
      expectOk(await patch(app, { roles: [] }, "", token), "member");
      expectOk(await patch(app, { roles: ["OWNER"] }, "", token), "member");
      emu.setSwitches({ appRegistrationMember: "APP@example.com" });
      expectError(await patch(app, { roles: [] }, "", token), 403, /cannot change itself/);
      expectError(await call(emu, "POST", path(app, ":deactivate"), { token }), 403);
      // The static token of the emulator belongs to no member.
      expectOk(await patch(app, { roles: [] }), "member");
    });

    it("never refuses the control API", () => {
      const self = emu.addMember({ email: "me@example.com", roles: ["OWNER"], token: "my-token" });
      expect(emu.deactivateMember(self.identity).active).to.equal(false);
    });
  });

  it("logs PATCH, :activate and :deactivate requests like every API request", async () => {
    const member = emu.addMember({ email: "log@example.com" });
    emu.clearRequests();
    await patch(member, { roles: ["OWNER"] }, "?mask=roles");
    await call(emu, "POST", path(member, ":deactivate"));
    await call(emu, "POST", path(member, ":activate"));
    expect(emu.requests()).to.deep.equal([
      { method: "PATCH", path: path(member), status: 200, query: { mask: "roles" } },
      { method: "POST", path: path(member, ":deactivate"), status: 200, query: {} },
      { method: "POST", path: path(member, ":activate"), status: 200, query: {} },
    ]);
  });

  it("injects faults on the member change routes, before performing them", async () => {
    const member = emu.addMember({ email: "fault@example.com", roles: ["OWNER"] });
    emu.addFaults([
      { route: "PATCH /members/{uuid}", sequence: [{ type: "status", status: 503 }] },
      { route: "POST /members/{uuid}:deactivate", sequence: [{ type: "status", status: 500 }] },
      { route: "POST /members/{uuid}:activate", sequence: [{ type: "status", status: 502 }] },
    ]);
    expectError(await patch(member, { roles: [] }), 503);
    expectError(await call(emu, "POST", path(member, ":deactivate")), 500);
    expectError(await call(emu, "POST", path(member, ":activate")), 502);
    expect(stored(member)).to.deep.include({ active: true, roles: ["OWNER"] });
    expect(emu.faults()).to.deep.equal([]);
  });
});
