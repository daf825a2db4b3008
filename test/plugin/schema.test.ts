// schema.json is what the TypeScript tables make of it (npm run gen:schema), agrees with the config
// table, the Invite's fields and outputs, and is what the plugin serves.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  packageVersion,
  publishedSchema,
  readPackageInfo,
  SCHEMA_FILE,
  TOKENS,
  type PackageSchema,
} from "../../provider/plugin";
import { CONFIG_SETTINGS } from "../../provider/resource";
import {
  ACCESS_POLICY,
  INVITE,
  MEMBER,
  type InviteSwitches,
  type MemberSwitches,
} from "../../provider/resource/kinds";
import type { InviteInfo, InviteOutputs, MemberOutputs } from "../../provider/resource/outputs";
import { startHost, type Host } from "../../tools/host";
import { REPO_ROOT } from "../../tools/repo-root";

// Compile-time exhaustive lists of the TypeScript types the schema must describe: every output but
// the switches in effect (listed from each kind's table) and the declared copies diff keeps.
type Hidden = "declaredEmail" | "declaredMessage";
const OUTPUTS: Record<Exclude<keyof InviteOutputs, Hidden | keyof InviteSwitches>, true> = {
  identity: true,
  email: true,
  message: true,
  expiryTime: true,
  status: true,
  adopted: true,
  memberIdentity: true,
};
const MEMBER_OUTPUTS: Record<Exclude<keyof MemberOutputs, Hidden | keyof MemberSwitches>, true> = {
  email: true,
  message: true,
  status: true,
  inviteIdentity: true,
  memberIdentity: true,
  roles: true,
  displayName: true,
  expiryTime: true,
  adopted: true,
};
const switchesOf = (fields: object): string[] =>
  Object.entries(fields)
    .filter(([, spec]) => ["boolean", "enum"].includes((spec as { type: string }).type))
    .map(([name]) => name);
const INFO: Record<keyof InviteInfo, true> = {
  identity: true,
  email: true,
  message: true,
  expiryTime: true,
  status: true,
};

function checkedIn(): PackageSchema {
  return JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;
}

describe("plugin: the package schema", function () {
  this.timeout(60_000);

  it("schema.json at the package root is exactly what npm run gen:schema writes", () => {
    expect(SCHEMA_FILE).to.equal(path.join(REPO_ROOT, "schema.json"));
    const expected = `${JSON.stringify(publishedSchema(readPackageInfo(REPO_ROOT)), null, 2)}\n`;
    expect(fs.readFileSync(SCHEMA_FILE, "utf8"), "run `npm run gen:schema` and commit schema.json").to.equal(
      expected,
    );
  });

  it("names the package datatrails at the package's version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(checkedIn()).to.include({ name: "datatrails", version: pkg.version });
  });

  it("has one provider config variable per setting of the config table, secret where the table says", () => {
    const schema = checkedIn();
    expect(Object.keys(schema.config.variables)).to.have.members(Object.keys(CONFIG_SETTINGS));
    expect(schema.provider.inputProperties).to.deep.equal(schema.config.variables);
    for (const [name, setting] of Object.entries(CONFIG_SETTINGS)) {
      const spec = schema.config.variables[name];
      expect(spec.secret ?? false, name).to.equal(setting.secret);
      expect(spec.type, name).to.equal(
        "number" in setting ? (setting.number.integer ? "integer" : "number") : "string",
      );
      for (const env of setting.env) expect(spec.description, name).to.include(env);
    }
    expect(schema.config.variables.clientSecret.secret).to.equal(true);
    expect(schema.config.variables.token.secret).to.equal(true);
  });

  it("declares the Invite with the dynamic Invite's inputs and outputs", () => {
    const invite = checkedIn().resources[INVITE.tokens.native];
    expect(Object.keys(invite.inputProperties)).to.deep.equal(Object.keys(INVITE.fields));
    expect(invite.requiredInputs).to.deep.equal(["email"]);
    expect(Object.keys(invite.properties)).to.have.members([
      ...Object.keys(OUTPUTS),
      ...switchesOf(INVITE.fields),
    ]);
    expect(invite.required).to.have.members([
      "identity",
      "email",
      "message",
      "status",
      "adopted",
      ...switchesOf(INVITE.fields),
    ]);
  });

  it("declares the Member with the dynamic Member's inputs and outputs", () => {
    const member = checkedIn().resources[MEMBER.tokens.native];
    expect(Object.keys(member.inputProperties)).to.deep.equal(Object.keys(MEMBER.fields));
    expect(member.requiredInputs).to.deep.equal(["email"]);
    expect(Object.keys(member.properties)).to.have.members([
      ...Object.keys(MEMBER_OUTPUTS),
      ...switchesOf(MEMBER.fields),
    ]);
    expect(member.properties.roles).to.deep.include({ type: "array", items: { type: "string" } });
  });

  it("declares the AccessPolicy with its table's inputs, and the object types of its lists", () => {
    const schema = checkedIn();
    const policy = schema.resources[ACCESS_POLICY.tokens.native];
    expect(policy.requiredInputs).to.deep.equal(["displayName", "filters", "accessPermissions"]);
    expect(policy.inputProperties.filters.items).to.deep.equal({
      $ref: "#/types/datatrails:index:PolicyFilter",
    });
    expect(policy.properties.accessPermissions.items).to.deep.equal({
      $ref: "#/types/datatrails:index:AccessPermission",
    });
    const permission = schema.types["datatrails:index:AccessPermission"];
    expect(Object.keys(permission.properties)).to.deep.equal(
      Object.keys(ACCESS_POLICY.fields.accessPermissions.items),
    );
    expect(permission.properties.userAttributes.items).to.deep.equal({
      $ref: "#/types/datatrails:index:PolicyFilter",
    });
    expect(schema.types["datatrails:index:PolicyFilter"].required).to.deep.equal(["or"]);
  });

  it("declares getInvite and listInvites returning the InviteInfo type", () => {
    const schema = checkedIn();
    expect(Object.keys(schema.types[TOKENS.inviteInfo].properties)).to.have.members(Object.keys(INFO));
    expect(schema.functions[TOKENS.getInvite].inputs.required).to.deep.equal(["identity"]);
    expect(schema.functions[TOKENS.getInvite].outputs.properties.invite.$ref).to.equal(
      `#/types/${TOKENS.inviteInfo}`,
    );
    expect(schema.functions[TOKENS.listInvites].outputs.required).to.deep.equal(["invites"]);
  });

  describe("served by the plugin", () => {
    let plugin: Host;
    before(async () => {
      plugin = await startHost({ shell: "native" });
    });
    after(() => plugin?.stop());

    it("GetSchema answers schema.json's text", async () => {
      expect(await plugin.getSchema()).to.equal(fs.readFileSync(SCHEMA_FILE, "utf8"));
    });

    it("GetPluginInfo answers the package's version", async () => {
      expect(await plugin.getPluginInfo()).to.equal(packageVersion(REPO_ROOT));
    });
  });
});
