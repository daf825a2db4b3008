import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import {
  DataTrailsClient,
  DataTrailsConfigError,
  DataTrailsHTTPError,
  DataTrailsResponseError,
  isNotFound,
  type DataTrailsClientOptions,
} from "../../provider/client";
import { schemaErrors } from "../emulator/schemas/validator";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { emulatorClient, startServer, testClient } from "./helpers";

const MEMBERS = "/archivist/iam/v1/members";
const MISSING = "members/00000000-0000-4000-8000-000000000000";

describe("client member changes against the emulator", () => {
  let emu: RunningEmulator;

  useEmulator({ port: 0, seed: 21 }, (started) => (emu = started));

  const client = (extra: Partial<DataTrailsClientOptions> = {}): DataTrailsClient =>
    emulatorClient(emu, extra);

  const uuid = (identity: string) => identity.slice("members/".length);
  const sent = (method: string) =>
    emu.requests().filter((r) => r.method === method && r.path.startsWith(`${MEMBERS}/`));

  it("sets a member's roles with PATCH ?mask=roles and returns the member", async () => {
    const added = emu.addMember({ email: "new@example.com", display_name: "New" });
    const member = await client().updateMemberRoles(added.identity, ["OWNER"]);
    expect(member).to.deep.equal({
      identity: added.identity,
      displayName: "New",
      email: "new@example.com",
      active: true,
      roles: ["OWNER"],
    });
    expect(sent("PATCH")).to.deep.equal([
      { method: "PATCH", path: `${MEMBERS}/${uuid(added.identity)}`, status: 200, query: { mask: "roles" } },
    ]);
  });

  it("accepts a bare uuid, and clears the roles when given none", async () => {
    const added = emu.addMember({ email: "owner@example.com", roles: ["OWNER"] });
    const member = await client().updateMemberRoles(uuid(added.identity), []);
    expect(member.roles).to.deep.equal([]);
    expect(emu.state().members[0]?.roles).to.deep.equal([]);
  });

  it("clears a member's roles when it deactivates them, and reactivates them with none", async () => {
    const added = emu.addMember({ email: "boss@example.com", roles: ["OWNER"] });
    const c = client();
    expect(await c.deactivateMember(added.identity)).to.deep.include({ active: false, roles: [] });
    expect(await c.activateMember(added.identity)).to.deep.include({ active: true, roles: [] });
    expect(sent("POST").map((r) => r.path)).to.deep.equal([
      `${MEMBERS}/${uuid(added.identity)}:deactivate`,
      `${MEMBERS}/${uuid(added.identity)}:activate`,
    ]);
  });

  it("answers the same member when activating twice (idempotent)", async () => {
    const added = emu.addMember({ email: "twice@example.com", roles: ["OWNER"] });
    const c = client();
    const first = await c.activateMember(added.identity);
    expect(await c.activateMember(added.identity)).to.deep.equal(first);
    expect(first.roles).to.deep.equal(["OWNER"]);
  });

  it("retries a PATCH after a 503 and sets the roles once", async () => {
    const added = emu.addMember({ email: "retry@example.com" });
    emu.addFaults({ route: "PATCH /members/{uuid}", sequence: [{ type: "status", status: 503 }] });
    const member = await client().updateMemberRoles(added.identity, ["OWNER"]);
    expect(member.roles).to.deep.equal(["OWNER"]);
    expect(sent("PATCH").map((r) => r.status)).to.deep.equal([503, 200]);
  });

  it("retries :activate and :deactivate after a reset connection", async () => {
    const added = emu.addMember({ email: "reset@example.com" });
    emu.addFaults([
      { route: "POST /members/{uuid}:deactivate", sequence: [{ type: "reset-after" }] },
      { route: "POST /members/{uuid}:activate", sequence: [{ type: "reset-before" }] },
    ]);
    const c = client();
    expect((await c.deactivateMember(added.identity)).active).to.equal(false);
    expect((await c.activateMember(added.identity)).active).to.equal(true);
    expect(sent("POST")).to.have.length(4);
  });

  it("surfaces a missing member as isNotFound, naming the call, for each change", async () => {
    const c = client();
    const errors = [
      await rejection(c.updateMemberRoles(MISSING, [])),
      await rejection(c.activateMember(MISSING)),
      await rejection(c.deactivateMember(MISSING)),
    ];
    for (const err of errors) expect(isNotFound(err), String(err)).to.equal(true);
    expect(errors.map((e) => e.message.split(" failed:")[0])).to.deep.equal([
      `PATCH ${MEMBERS}/${uuid(MISSING)}`,
      `POST ${MEMBERS}/${uuid(MISSING)}:activate`,
      `POST ${MEMBERS}/${uuid(MISSING)}:deactivate`,
    ]);
    expect(errors[0]?.message).to.match(
      /failed: 404 Not Found: member .* not found \(request id [0-9a-f-]+\)/,
    );
  });

  it("surfaces the self-change refusal as a DataTrailsHTTPError with the switch's status and the emulator's message, without retrying", async () => {
    const self = emu.addMember({
      email: "me@example.com",
      roles: ["OWNER"],
      token: "member-own-token-0123456789",
    });
    const c = client({ token: "member-own-token-0123456789", clientId: undefined, clientSecret: undefined });
    const demote = await rejection(c.updateMemberRoles(self.identity, []));
    expect(demote).to.be.instanceOf(DataTrailsHTTPError);
    const http = demote as DataTrailsHTTPError;
    expect(http.status).to.equal(403);
    expect(http.apiMessage).to.match(/^a member cannot change itself/);
    expect(http.requestId).to.be.a("string").and.not.equal("");
    expect(http.message).to.include(`PATCH ${MEMBERS}/${uuid(self.identity)} failed: 403 Forbidden`);
    expect(http.message).to.not.include("member-own-token-0123456789");
    expect(JSON.stringify(http)).to.not.include("member-own-token-0123456789");

    emu.setSwitches({ selfChangeStatus: 409 });
    const leave = await rejection(c.deactivateMember(self.identity));
    expect(leave).to.be.instanceOf(DataTrailsHTTPError).with.property("status", 409);
    expect((leave as DataTrailsHTTPError).apiMessage).to.match(/cannot change itself/);
    expect(sent("PATCH")).to.have.length(1);
    expect(sent("POST")).to.have.length(1);
    expect(emu.state().members[0]).to.deep.include({ active: true, roles: ["OWNER"] });
  });

  it("meets the self rule with client credentials when the app registration is a member", async () => {
    emu.setSwitches({ appRegistrationMember: "app@example.com" });
    const app = emu.addMember({ email: "app@example.com", roles: ["OWNER"] });
    const err = await rejection(client().deactivateMember(app.identity));
    expect(err).to.be.instanceOf(DataTrailsHTTPError).with.property("status", 403);
  });

  describe("bad arguments are refused before anything is sent", () => {
    const badIds: unknown[] = ["invites/0b7c", "members/a/b", "", "../members", "members/", "a b", 5, null];
    for (const id of badIds) {
      it(`refuses the identity ${JSON.stringify(id)}, naming the argument and the call`, async () => {
        const c = client();
        const calls: Array<[string, () => Promise<unknown>]> = [
          ["updateMemberRoles", () => c.updateMemberRoles(id as string, [])],
          ["activateMember", () => c.activateMember(id as string)],
          ["deactivateMember", () => c.deactivateMember(id as string)],
        ];
        for (const [name, run] of calls) {
          const err = await rejection(run());
          expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", "identity");
          expect(err.message).to.include(`Invalid member identity`).and.include(`for ${name}`);
          expect(err.message).to.include('"members/<uuid>" or a bare uuid');
        }
        expect(emu.requests()).to.deep.equal([]);
      });
    }

    const badRoles: Array<[string, unknown, RegExp]> = [
      [
        "a string",
        "OWNER",
        /Invalid roles for updateMemberRoles: expected an array .* got the string "OWNER"/,
      ],
      ["null", null, /Invalid roles .* got null/],
      ["a number entry", ["OWNER", 1], /Invalid roles\[1\] for updateMemberRoles: .* got the number 1/],
      ["an empty entry", [""], /Invalid roles\[0\]/],
    ];
    for (const [what, roles, message] of badRoles) {
      it(`refuses roles that are ${what}, naming the argument`, async () => {
        const added = emu.addMember({ email: "r@example.com", roles: ["OWNER"] });
        emu.clearRequests();
        const err = await rejection(client().updateMemberRoles(added.identity, roles as string[]));
        expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", "roles");
        expect(err.message).to.match(message);
        expect(emu.requests()).to.deep.equal([]);
      });
    }
  });
});

describe("client member changes on the wire", () => {
  const id = "08838336-c357-460d-902a-3aba9528dd22";

  it("sends {roles} as JSON with mask=roles, and an empty JSON object to the actions", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ identity: `members/${id}`, email: "a@example.com", active: true, roles: [] }));
    });
    try {
      const c = testClient(server.url);
      await c.updateMemberRoles(`members/${id}`, ["OWNER", "ROLE_UNSPECIFIED"]);
      await c.deactivateMember(id);
      const [patch, action] = server.requests;
      expect(patch?.path).to.equal(`${MEMBERS}/${id}`);
      expect(patch?.query.get("mask")).to.equal("roles");
      expect(patch?.headers["content-type"]).to.equal("application/json");
      const body: unknown = JSON.parse(patch?.body ?? "");
      expect(body).to.deep.equal({ roles: ["OWNER", "ROLE_UNSPECIFIED"] });
      expect(schemaErrors("memberUpdate", body)).to.deep.equal([]);
      expect(action?.path).to.equal(`${MEMBERS}/${id}:deactivate`);
      expect(action?.body).to.equal("{}");
    } finally {
      await server.close();
    }
  });

  it("reports a 200 that is not a member as a DataTrailsResponseError naming the call", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-42" });
      res.end(JSON.stringify({ identity: "invites/x", roles: [] }));
    });
    try {
      const err = await rejection(testClient(server.url).updateMemberRoles(id, ["OWNER"]));
      expect(err).to.be.instanceOf(DataTrailsResponseError);
      expect(err.message).to.include(`PATCH ${MEMBERS}/${id} returned an unusable response`);
      expect(err.message).to.include("request id req-42");
      expect(server.requests).to.have.length(1);
    } finally {
      await server.close();
    }
  });
});
