import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  EMAIL_MAX_LENGTH,
  MEMBER_ROLES,
  MEMBER_STATES,
  MEMBER_UPDATE_FIELDS,
  MESSAGE_MAX_LENGTH,
  TENANCY_NAME_MAX_LENGTH,
} from "../../../emulator";
import { schemas, type JsonSchema } from "../../../emulator/schemas";
import { REPO_ROOT } from "../../../tools/repo-root";
import { schemaErrors } from "./validator";

type Definitions = Record<string, { properties?: Record<string, Record<string, unknown>>; enum?: string[] }>;

function definitions(folder: string, file: string): Definitions {
  const swagger = JSON.parse(readFileSync(join(folder, file), "utf8")) as { definitions: Definitions };
  return swagger.definitions;
}

function properties(schema: JsonSchema): Record<string, Record<string, unknown>> {
  return schema.properties as Record<string, Record<string, unknown>>;
}

// The facts' type of a property, the way JSON Schema says it.
function factType(prop: Record<string, unknown>): unknown {
  return prop.type ?? (prop.$ref ? "object" : undefined);
}

function compare(schema: JsonSchema, definition: Definitions[string], what: string): void {
  const ours = properties(schema);
  const theirs = definition.properties ?? {};
  expect(Object.keys(ours).sort(), `${what} field names`).to.deep.equal(Object.keys(theirs).sort());
  for (const [name, prop] of Object.entries(theirs)) {
    const mine = ours[name] as Record<string, unknown>;
    expect(mine.type, `${what}.${name} type`).to.equal(factType(prop));
    expect(mine.maxLength, `${what}.${name} maxLength`).to.equal(prop.maxLength);
    if (prop.format === "date-time") expect(mine.format, `${what}.${name} format`).to.equal("date-time");
    if (prop.format === "int64") {
      // protobuf JSON writes int64 as a decimal string: our pattern must accept exactly those.
      const pattern = new RegExp(String(mine.pattern));
      expect(
        ["0", "42", "-3"].every((v) => pattern.test(v)),
        `${what}.${name} accepts int64 strings`,
      ).to.equal(true);
      expect(
        ["", "1.5", "1e3", " 1"].some((v) => pattern.test(v)),
        `${what}.${name} rejects others`,
      ).to.equal(false);
    }
  }
}

// The schema an array property's items are, following a `$ref` to another project schema.
function itemSchema(schema: JsonSchema, field: string): JsonSchema {
  const items = (properties(schema)[field] as { items: Record<string, unknown> }).items;
  const ref = items.$ref;
  if (typeof ref !== "string") return items;
  const found = Object.values(schemas).find((s) => String(s.$id).endsWith(`/${ref}`));
  if (!found) throw new Error(`no project schema for $ref ${ref}`);
  return found;
}

describe("project schemas against the published OpenAPI files", function () {
  let folder = "";
  let invites: Definitions = {};
  let members: Definitions = {};
  let tenancies: Definitions = {};

  before(function () {
    // The reference copies live beside the repository, not in it: skip where they are absent.
    const candidate = resolve(REPO_ROOT, "../shared/reference");
    if (!existsSync(join(candidate, "invitesv1.swagger.json"))) return this.skip();
    folder = candidate;
    invites = definitions(folder, "invitesv1.swagger.json");
    members = definitions(folder, "membersv1.swagger.json");
    tenancies = definitions(folder, "tenanciesv1.swagger.json");
  });

  it("invite has the fields, types and maxLengths of v1Invite", () => {
    compare(schemas.invite, invites.v1Invite ?? {}, "v1Invite");
  });

  it("invite list has the fields and types of v1ListInvitesResponse, next_page_token included", () => {
    compare(schemas.inviteList, invites.v1ListInvitesResponse ?? {}, "v1ListInvitesResponse");
    expect(properties(schemas.inviteList)).to.have.property("next_page_token");
  });

  it("member list and member have the fields and types of v1ListMembersResponse and v1MemberResponse", () => {
    compare(schemas.memberList, members.v1ListMembersResponse ?? {}, "v1ListMembersResponse");
    compare(schemas.member, members.v1MemberResponse ?? {}, "v1MemberResponse");
    const roles = properties(schemas.member).roles as { items: { enum: string[] } };
    expect(roles.items.enum).to.deep.equal(members.v1Role?.enum);
    expect([...MEMBER_ROLES]).to.deep.equal(members.v1Role?.enum);
  });

  it("member update has the fields and types of v1MemberUpdate, and the emulator accepts exactly those", () => {
    compare(schemas.memberUpdate, members.v1MemberUpdate ?? {}, "v1MemberUpdate");
    const roles = properties(schemas.memberUpdate).roles as { items: { enum: string[] } };
    expect(roles.items.enum).to.deep.equal(members.v1Role?.enum);
    expect([...MEMBER_UPDATE_FIELDS].sort()).to.deep.equal(
      Object.keys(members.v1MemberUpdate?.properties ?? {}).sort(),
    );
  });

  it("caps and each cap have the fields and types of v1Caps and v1Cap, counts as int64 strings", () => {
    compare(schemas.caps, members.v1Caps ?? {}, "v1Caps");
    expect(itemSchema(schemas.caps, "caps")).to.equal(schemas.cap);
    compare(schemas.cap, members.v1Cap ?? {}, "v1Cap");
    expect(members.v1Cap?.properties?.resource_remaining?.format).to.equal("int64");
  });

  it("tenancy has the fields, types and maxLengths of v1AdminTenantResponse, and accepts its example", () => {
    const definition = tenancies.v1AdminTenantResponse ?? {};
    compare(schemas.tenancy, definition, "v1AdminTenantResponse");
    expect(TENANCY_NAME_MAX_LENGTH).to.equal(definition.properties?.display_name?.maxLength);
    const example = (definition as { example?: unknown }).example;
    expect(schemaErrors("tenancy", example)).to.deep.equal([]);
  });

  it("the emulator's create limits match v1CreateInviteRequest", () => {
    const create = invites.v1CreateInviteRequest?.properties ?? {};
    expect(Object.keys(create).sort()).to.deep.equal(["email", "message"]);
    expect(create.email?.maxLength).to.equal(EMAIL_MAX_LENGTH);
    expect(create.message?.maxLength).to.equal(MESSAGE_MAX_LENGTH);
  });

  it("the emulator's member states match v1MemberState", () => {
    expect([...MEMBER_STATES]).to.deep.equal(members.v1MemberState?.enum);
  });
});
