import accessPolicyCreateSchemaJson from "./access-policy-create.schema.json";
import accessPolicyListSchemaJson from "./access-policy-list.schema.json";
import accessPolicySchemaJson from "./access-policy.schema.json";
import assetListSchemaJson from "./asset-list.schema.json";
import assetSchemaJson from "./asset.schema.json";
import capSchemaJson from "./cap.schema.json";
import capsSchemaJson from "./caps.schema.json";
import errorSchemaJson from "./error.schema.json";
import filterSchemaJson from "./filter.schema.json";
import inviteListSchemaJson from "./invite-list.schema.json";
import inviteSchemaJson from "./invite.schema.json";
import memberListSchemaJson from "./member-list.schema.json";
import memberSchemaJson from "./member.schema.json";
import memberUpdateSchemaJson from "./member-update.schema.json";
import tenancySchemaJson from "./tenancy.schema.json";
import permissionSchemaJson from "./permission.schema.json";
import tokenSchemaJson from "./token.schema.json";

/** A JSON Schema document (draft-07), as plain data for any validator. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** One invite (`POST`/`GET` of the Invites API). */
export const inviteSchema: JsonSchema = inviteSchemaJson;
/** One page of invites (`GET` of the Invites API collection); refers to {@link inviteSchema} by `$id`. */
export const inviteListSchema: JsonSchema = inviteListSchemaJson;
/** One member of the Members API. */
export const memberSchema: JsonSchema = memberSchemaJson;
/** One page of members; refers to {@link memberSchema} by `$id`. */
export const memberListSchema: JsonSchema = memberListSchemaJson;
/** The body of a member update (`PATCH` of a member). */
export const memberUpdateSchema: JsonSchema = memberUpdateSchemaJson;
/** One capped resource of the caps route. */
export const capSchema: JsonSchema = capSchemaJson;
/** The caps route's answer; refers to {@link capSchema} by `$id`. */
export const capsSchema: JsonSchema = capsSchemaJson;
/** One `{or: [...]}` clause of an access policy's filters or a permission's user_attributes. */
export const filterSchema: JsonSchema = filterSchemaJson;
/** One permission of an access policy; refers to {@link filterSchema}. */
export const permissionSchema: JsonSchema = permissionSchemaJson;
/** One access policy (`GET`/`PATCH` answers and each listed policy). */
export const accessPolicySchema: JsonSchema = accessPolicySchemaJson;
/** The body of an access policy create. */
export const accessPolicyCreateSchema: JsonSchema = accessPolicyCreateSchemaJson;
/** One page of access policies. */
export const accessPolicyListSchema: JsonSchema = accessPolicyListSchemaJson;
/** One asset, as the assets of a policy list it. */
export const assetSchema: JsonSchema = assetSchemaJson;
/** One page of the assets a policy matches. */
export const assetListSchema: JsonSchema = assetListSchemaJson;
/** A google.rpc.Status error body. */
export const errorSchema: JsonSchema = errorSchemaJson;
/** The token endpoint's answer. */
export const tokenSchema: JsonSchema = tokenSchemaJson;
/** The caller's own tenancy (`GET /archivist/v1/tenancies/self`). */
export const tenancySchema: JsonSchema = tenancySchemaJson;

/** Every schema by short name; add them all to one validator so the `$ref`s resolve. */
export const schemas = {
  invite: inviteSchema,
  inviteList: inviteListSchema,
  member: memberSchema,
  memberList: memberListSchema,
  memberUpdate: memberUpdateSchema,
  cap: capSchema,
  caps: capsSchema,
  error: errorSchema,
  token: tokenSchema,
  tenancy: tenancySchema,
  filter: filterSchema,
  permission: permissionSchema,
  accessPolicy: accessPolicySchema,
  accessPolicyCreate: accessPolicyCreateSchema,
  accessPolicyList: accessPolicyListSchema,
  asset: assetSchema,
  assetList: assetListSchema,
} as const;

/** Short name of a project schema. */
export type SchemaName = keyof typeof schemas;
