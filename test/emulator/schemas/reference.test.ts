import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  CAP_SERVICE_NAMES,
  EMAIL_MAX_LENGTH,
  FAULT_ROUTES,
  GRANTING_LISTS,
  INVITE_ORDERS,
  MEMBER_ROLES,
  MEMBER_STATES,
  MEMBER_UPDATE_FIELDS,
  MESSAGE_MAX_LENGTH,
  TENANCY_NAME_MAX_LENGTH,
  PERMISSION_LISTS,
  POLICY_ASSET_ORDERS,
  POLICY_CREATE_FIELDS,
  POLICY_CREATE_NAME_MAX,
  POLICY_DESCRIPTION_MAX,
  POLICY_NAME_MAX,
  POLICY_ORDERS,
  POLICY_UPDATE_FIELDS,
} from "../../../emulator";
import { schemas, type JsonSchema } from "../../../emulator/schemas";
import { REPO_ROOT } from "../../../tools/repo-root";
import { schemaErrors } from "./validator";

type Definitions = Record<
  string,
  { properties?: Record<string, Record<string, unknown>>; enum?: string[]; required?: string[] }
>;

interface Parameter {
  name: string;
  in: string;
  type?: string;
  format?: string;
  enum?: string[];
}

interface Swagger {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  definitions: Definitions;
}

// The published files, vendored as data so these checks never depend on a folder outside the repository.
const VENDORED = join(REPO_ROOT, "test", "fixtures", "reference");

/** The published API files the emulator follows, and a route each must declare. */
const REFERENCE_FILES: ReadonlyArray<[file: string, path: string]> = [
  ["invitesv1.swagger.json", "/{uuid}"],
  ["membersv1.swagger.json", "/archivist/iam/v1/members"],
  ["capsv1.swagger.json", "/archivist/v1/caps"],
  ["accesspoliciesv1.swagger.json", "/archivist/iam/v1/access_policies/{uuid}/assets"],
  ["tenanciesv1.swagger.json", "/archivist/v1/tenancies/self"],
];

function swagger(file: string): Swagger {
  return JSON.parse(readFileSync(join(VENDORED, file), "utf8")) as Swagger;
}

function definitions(file: string): Definitions {
  return swagger(file).definitions;
}

// The query parameters of one operation, by name.
function queryParams(file: string, path: string, method: string): Record<string, Parameter> {
  const params = swagger(file).paths[path]?.[method]?.parameters ?? [];
  return Object.fromEntries(params.filter((p) => p.in === "query").map((p) => [p.name, p]));
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

describe("the vendored copies of the published OpenAPI files", () => {
  it("parse, declare the routes the emulator follows, and equal ../shared/reference byte for byte where that folder exists", () => {
    // The shared folder sits beside a checkout on the machines that hold it; elsewhere the vendored
    // copies are the reference and only their own checks run.
    const shared = resolve(REPO_ROOT, "../shared/reference");
    const compareWithShared = existsSync(shared);
    for (const [file, path] of REFERENCE_FILES) {
      expect(swagger(file).paths, file).to.have.property(path);
      if (compareWithShared) {
        expect(readFileSync(join(VENDORED, file)).equals(readFileSync(join(shared, file))), file).to.equal(
          true,
        );
      }
    }
  });
});

describe("project schemas against the published OpenAPI files", () => {
  const invites = definitions("invitesv1.swagger.json");
  const members = definitions("membersv1.swagger.json");
  const policies = definitions("accesspoliciesv1.swagger.json");
  const tenancies = definitions("tenanciesv1.swagger.json");

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

  it("access policy, its filters and permissions have the fields, types and maxLengths of v1IAMAccessPolicy, v1Filter and v1Permission", () => {
    compare(schemas.accessPolicy, policies.v1IAMAccessPolicy ?? {}, "v1IAMAccessPolicy");
    compare(schemas.filter, policies.v1Filter ?? {}, "v1Filter");
    compare(schemas.permission, policies.v1Permission ?? {}, "v1Permission");
    expect(itemSchema(schemas.accessPolicy, "filters")).to.equal(schemas.filter);
    expect(itemSchema(schemas.accessPolicy, "access_permissions")).to.equal(schemas.permission);
    expect(itemSchema(schemas.permission, "user_attributes")).to.equal(schemas.filter);
    expect(POLICY_NAME_MAX).to.equal(policies.v1IAMAccessPolicy?.properties?.display_name?.maxLength);
  });

  it("access policy create has the fields, limits and required fields of v1CreateIAMAccessPolicyRequest, and the emulator accepts exactly those", () => {
    const create = policies.v1CreateIAMAccessPolicyRequest ?? {};
    compare(schemas.accessPolicyCreate, create, "v1CreateIAMAccessPolicyRequest");
    expect((schemas.accessPolicyCreate.required as string[]).sort()).to.deep.equal(
      [...(create.required ?? [])].sort(),
    );
    expect([...POLICY_CREATE_FIELDS].sort()).to.deep.equal(Object.keys(create.properties ?? {}).sort());
    expect(POLICY_CREATE_NAME_MAX).to.equal(create.properties?.display_name?.maxLength);
    expect(POLICY_DESCRIPTION_MAX).to.equal(create.properties?.description?.maxLength);
    // A PATCH changes the same fields; identity and tenant are the service's.
    expect([...POLICY_UPDATE_FIELDS].sort()).to.deep.equal(
      Object.keys(policies.v1IAMAccessPolicy?.properties ?? {})
        .filter((f) => f !== "identity" && f !== "tenant")
        .sort(),
    );
  });

  it("the emulator's permission lists are v1Permission's, and the granting ones are among them", () => {
    const fields = Object.keys(policies.v1Permission?.properties ?? {}).filter(
      (f) => f !== "user_attributes",
    );
    expect([...PERMISSION_LISTS].sort()).to.deep.equal(fields.sort());
    for (const list of GRANTING_LISTS) expect(fields).to.include(list);
  });

  it("access policy list and asset list have the fields of their responses; an asset those of v2AssetResponse", () => {
    compare(
      schemas.accessPolicyList,
      policies.v1ListIAMAccessPoliciesResponse ?? {},
      "v1ListIAMAccessPoliciesResponse",
    );
    expect(itemSchema(schemas.accessPolicyList, "access_policies")).to.equal(schemas.accessPolicy);
    compare(schemas.assetList, policies.v2ListAssetsResponse ?? {}, "v2ListAssetsResponse");
    expect(itemSchema(schemas.assetList, "assets")).to.equal(schemas.asset);
    compare(schemas.asset, policies.v2AssetResponse ?? {}, "v2AssetResponse");
    const asset = properties(schemas.asset);
    for (const [field, enumName] of [
      ["confirmation_status", "v2ConfirmationStatus"],
      ["tracked", "v2TrackedStatus"],
      ["proof_mechanism", "v2ProofMechanism"],
    ] as const) {
      expect(asset[field]?.enum, field).to.deep.equal(policies[enumName]?.enum);
    }
  });

  it("the emulator's enums of order_by, member_state and service are the files' query enums", () => {
    const policyList = queryParams(
      "accesspoliciesv1.swagger.json",
      "/archivist/iam/v1/access_policies",
      "get",
    );
    expect([...POLICY_ORDERS]).to.deep.equal(policyList.order_by?.enum);
    const assets = queryParams(
      "accesspoliciesv1.swagger.json",
      "/archivist/iam/v1/access_policies/{uuid}/assets",
      "get",
    );
    expect([...POLICY_ASSET_ORDERS]).to.deep.equal(assets.order_by?.enum);
    expect([...INVITE_ORDERS]).to.deep.equal(
      queryParams("invitesv1.swagger.json", "/", "get").order_by?.enum,
    );
    expect([...MEMBER_STATES]).to.deep.equal(
      queryParams("membersv1.swagger.json", "/archivist/iam/v1/members", "get").member_state?.enum,
    );
    expect([...CAP_SERVICE_NAMES]).to.deep.equal(
      queryParams("capsv1.swagger.json", "/archivist/v1/caps", "get").service?.enum,
    );
  });

  it("every route of the access policies file has a fault route in the emulator", () => {
    const paths = swagger("accesspoliciesv1.swagger.json").paths;
    const routes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace("/archivist/iam/v1", "")}`),
    );
    for (const route of routes) expect(FAULT_ROUTES as readonly string[]).to.include(route);
  });
});
