import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EMAIL_MAX_LENGTH, MEMBER_ROLES, MEMBER_STATES, MESSAGE_MAX_LENGTH } from "../../../emulator";
import { schemas, type JsonSchema } from "../../../emulator/schemas";
import { REPO_ROOT } from "../../../tools/repo-root";

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
  }
}

describe("project schemas against the published OpenAPI files", function () {
  let folder = "";
  let invites: Definitions = {};
  let members: Definitions = {};

  before(function () {
    // The reference copies live beside the repository, not in it: skip where they are absent.
    const candidate = resolve(REPO_ROOT, "../shared/reference");
    if (!existsSync(join(candidate, "invitesv1.swagger.json"))) return this.skip();
    folder = candidate;
    invites = definitions(folder, "invitesv1.swagger.json");
    members = definitions(folder, "membersv1.swagger.json");
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
