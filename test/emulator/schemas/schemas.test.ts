import { expect } from "chai";
import { schemas } from "../../../emulator/schemas";
import { createSchemaAjv, schemaErrors } from "./validator";

const invite = {
  identity: "invites/bbbaeab8-539d-4482-9a98-f1285e7f75cb",
  message: "personalized message",
  email: "john.doe@example.com",
  expiry_time: "2022-06-17T11:30:43Z",
};

const member = {
  identity: "members/08838336-c357-460d-902a-3aba9528dd22",
  display_name: "User One",
  email: "user.one@example.com",
  active: true,
  roles: ["OWNER"],
};

describe("project JSON schemas", () => {
  it("compile in ajv strict mode, each with a unique $id", () => {
    const ajv = createSchemaAjv();
    const ids = Object.values(schemas).map((s) => s.$id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(ajv.getSchema(String(id)), String(id)).to.be.a("function");
  });

  describe("invite", () => {
    it("accepts the documented invite, and one without a message", () => {
      expect(schemaErrors("invite", invite)).to.deep.equal([]);
      const withoutMessage: Record<string, unknown> = { ...invite };
      delete withoutMessage.message;
      expect(schemaErrors("invite", withoutMessage)).to.deep.equal([]);
    });

    const bad: Array<[string, Record<string, unknown>]> = [
      [
        "an identity without the invites/ prefix",
        { ...invite, identity: "bbbaeab8-539d-4482-9a98-f1285e7f75cb" },
      ],
      ["an identity that is not a UUID", { ...invite, identity: "invites/123" }],
      ["an email over 128 characters", { ...invite, email: `${"x".repeat(117)}@example.com` }],
      ["a message over 256 characters", { ...invite, message: "x".repeat(257) }],
      ["an expiry that is not a date-time", { ...invite, expiry_time: "tomorrow" }],
      ["an expiry that is not UTC", { ...invite, expiry_time: "2022-06-17T11:30:43+01:00" }],
      ["an unknown field", { ...invite, state: "PENDING" }],
      ["a missing email", { identity: invite.identity, expiry_time: invite.expiry_time }],
      ["a numeric message", { ...invite, message: 5 }],
    ];
    for (const [what, value] of bad) {
      it(`rejects ${what}`, () => {
        expect(schemaErrors("invite", value)).to.not.deep.equal([]);
      });
    }
  });

  describe("lists", () => {
    it("accept invite and member pages with their own next-page field names", () => {
      expect(schemaErrors("inviteList", { invites: [invite], next_page_token: "" })).to.deep.equal([]);
      expect(schemaErrors("memberList", { members: [member], page_token: "abc" })).to.deep.equal([]);
    });

    it("reject the other API's next-page field name", () => {
      expect(schemaErrors("inviteList", { invites: [], page_token: "" })).to.not.deep.equal([]);
      expect(schemaErrors("memberList", { members: [], next_page_token: "" })).to.not.deep.equal([]);
    });

    it("check every item", () => {
      expect(
        schemaErrors("inviteList", { invites: [{ ...invite, email: 1 }], next_page_token: "" }),
      ).to.not.deep.equal([]);
      expect(
        schemaErrors("memberList", { members: [{ ...member, roles: ["GOD"] }], page_token: "" }),
      ).to.not.deep.equal([]);
      expect(
        schemaErrors("memberList", { members: [{ ...member, active: "yes" }], page_token: "" }),
      ).to.not.deep.equal([]);
    });
  });

  describe("member update", () => {
    it("accepts a roles change and an empty body", () => {
      expect(schemaErrors("memberUpdate", { roles: ["OWNER", "ROLE_UNSPECIFIED"] })).to.deep.equal([]);
      expect(schemaErrors("memberUpdate", {})).to.deep.equal([]);
    });

    it("rejects an unknown role, a non-array and an unknown field", () => {
      expect(schemaErrors("memberUpdate", { roles: ["ADMIN"] })).to.not.deep.equal([]);
      expect(schemaErrors("memberUpdate", { roles: "OWNER" })).to.not.deep.equal([]);
      expect(schemaErrors("memberUpdate", { active: true })).to.not.deep.equal([]);
    });
  });

  describe("caps", () => {
    const cap = { resource_type: "Invites", resource_remaining: "7", resource_cap: "10" };

    it("accepts a cap with int64 string counts, and an empty list", () => {
      expect(schemaErrors("caps", { caps: [cap] })).to.deep.equal([]);
      expect(schemaErrors("caps", { caps: [] })).to.deep.equal([]);
      expect(schemaErrors("cap", { ...cap, resource_remaining: "-1" })).to.deep.equal([]);
    });

    const bad: Array<[string, unknown]> = [
      ["counts as numbers", { caps: [{ ...cap, resource_cap: 10 }] }],
      ["a count that is not an integer", { caps: [{ ...cap, resource_remaining: "1.5" }] }],
      ["a count with spaces", { caps: [{ ...cap, resource_remaining: " 7" }] }],
      ["a cap without a resource type", { caps: [{ resource_remaining: "1", resource_cap: "1" }] }],
      ["a body without caps", {}],
      ["an unknown field", { caps: [], total: "1" }],
    ];
    for (const [what, value] of bad) {
      it(`rejects ${what}`, () => {
        expect(schemaErrors("caps", value)).to.not.deep.equal([]);
      });
    }
  });

  describe("error", () => {
    it("accepts a google.rpc.Status with a numeric or named code", () => {
      const details = [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: "r1" }];
      expect(schemaErrors("error", { code: 5, message: "not found", details })).to.deep.equal([]);
      expect(schemaErrors("error", { code: "NOT_FOUND", message: "not found", details: [] })).to.deep.equal(
        [],
      );
    });

    it("rejects a body without code or message, or a detail without @type", () => {
      expect(schemaErrors("error", { message: "x" })).to.not.deep.equal([]);
      expect(schemaErrors("error", { code: 5 })).to.not.deep.equal([]);
      expect(
        schemaErrors("error", { code: 5, message: "x", details: [{ request_id: "r" }] }),
      ).to.not.deep.equal([]);
      expect(schemaErrors("error", { code: 99, message: "x" })).to.not.deep.equal([]);
    });
  });

  describe("token", () => {
    it("accepts a token answer and rejects another token type", () => {
      expect(
        schemaErrors("token", { access_token: "t", token_type: "Bearer", expires_in: 3600 }),
      ).to.deep.equal([]);
      expect(
        schemaErrors("token", { access_token: "t", token_type: "MAC", expires_in: 3600 }),
      ).to.not.deep.equal([]);
    });
  });

  describe("tenancy", () => {
    const tenancy = { identity: "tenant/08838336-c357-460d-902a-3aba9528dd22", display_name: "Production" };

    it("accepts a tenancy with or without the optional fields", () => {
      expect(schemaErrors("tenancy", tenancy)).to.deep.equal([]);
      expect(schemaErrors("tenancy", { identity: tenancy.identity })).to.deep.equal([]);
    });

    const bad: Array<[string, Record<string, unknown>]> = [
      ["an identity without tenant/", { ...tenancy, identity: "08838336-c357-460d-902a-3aba9528dd22" }],
      ["a display name over 128 characters", { ...tenancy, display_name: "x".repeat(129) }],
      ["an unknown field", { ...tenancy, tier: "free" }],
      ["no identity", { display_name: "Production" }],
    ];
    for (const [what, value] of bad) {
      it(`rejects ${what}`, () => {
        expect(schemaErrors("tenancy", value)).to.not.deep.equal([]);
      });
    }
  });
});
