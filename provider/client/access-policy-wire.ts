/**
 * The Access Policies API's answers (snake_case, as sent) mapped leniently to the client's records,
 * with clear errors for bodies that are not what the API promises.
 */
import {
  PERMISSION_LIST_FIELDS,
  type AccessPermissionRecord,
  type AccessPolicyRecord,
  type AssetRecord,
  type PermissionListField,
  type PolicyFilter,
} from "./access-policy-types";
import { responseError, type RequestContext } from "./error-body";
import { isRecord } from "./is-record";
import type { TransportResponse } from "./transport";
import { parseJsonObject, toPage, validIdentity, type Page } from "./wire";

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

// Absent lists are empty (protobuf JSON leaves empty values out); clauses without terms are dropped.
function filters(value: unknown): PolicyFilter[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((clause) => ({ or: strings(clause.or) }));
}

function permission(wire: unknown): AccessPermissionRecord {
  const fields = isRecord(wire) ? wire : {};
  const lists = Object.fromEntries(
    PERMISSION_LIST_FIELDS.map(([name, wireName]) => [name, strings(fields[wireName])]),
  ) as Record<PermissionListField, string[]>;
  return { ...lists, userAttributes: filters(fields.user_attributes) };
}

function identityOf(ctx: RequestContext, res: TransportResponse, wire: unknown, kind: string): string {
  const identity = isRecord(wire) ? wire.identity : undefined;
  if (!validIdentity(identity, kind)) {
    throw responseError(
      ctx,
      res,
      `a ${kind === "assets" ? "asset" : "policy"} without a valid identity (got ${JSON.stringify(identity ?? null)}, expected "${kind}/<uuid>")`,
    );
  }
  return identity;
}

/**
 * Maps a wire policy (`v1IAMAccessPolicy`) to {@link AccessPolicyRecord}; absent fields become empty.
 *
 * @throws DataTrailsResponseError when `identity` is missing or not `access_policies/<id>`, or
 *   `display_name` is not a string.
 */
export function toAccessPolicy(
  ctx: RequestContext,
  res: TransportResponse,
  wire: unknown,
): AccessPolicyRecord {
  const identity = identityOf(ctx, res, wire, "access_policies");
  const fields = wire as Record<string, unknown>;
  if (fields.display_name !== undefined && typeof fields.display_name !== "string") {
    throw responseError(ctx, res, `policy ${identity} has a display_name that is not a string`);
  }
  return {
    identity,
    displayName: str(fields.display_name),
    description: str(fields.description),
    filters: filters(fields.filters),
    accessPermissions: Array.isArray(fields.access_permissions)
      ? fields.access_permissions.map(permission)
      : [],
    tenant: str(fields.tenant),
  };
}

/** Maps a policy answer (create, get, PATCH). */
export function toAccessPolicyResponse(ctx: RequestContext, res: TransportResponse): AccessPolicyRecord {
  return toAccessPolicy(ctx, res, parseJsonObject(ctx, res));
}

/** Maps `{access_policies, next_page_token}`. */
export function toAccessPolicyPage(ctx: RequestContext, res: TransportResponse): Page<AccessPolicyRecord> {
  return toPage(ctx, res, "access_policies", (w) => toAccessPolicy(ctx, res, w));
}

function toAsset(ctx: RequestContext, res: TransportResponse, wire: unknown): AssetRecord {
  const identity = identityOf(ctx, res, wire, "assets");
  const fields = wire as Record<string, unknown>;
  return {
    identity,
    attributes: isRecord(fields.attributes) ? { ...fields.attributes } : {},
    behaviours: strings(fields.behaviours),
    public: fields.public === true,
    tenantIdentity: str(fields.tenant_identity),
  };
}

/** Maps `{assets, next_page_token}`. */
export function toAssetPage(ctx: RequestContext, res: TransportResponse): Page<AssetRecord> {
  return toPage(ctx, res, "assets", (w) => toAsset(ctx, res, w));
}
