/**
 * Checks of access-policy bodies, by the published OpenAPI file: a create needs `display_name` (at most
 * 128 characters), `filters` and `access_permissions`; `description` is at most 4096; every permission
 * carries at least one of the lists that grant something. A PATCH keeps what its body leaves out,
 * unless its `mask` names the field, and may not leave a policy without a name, filters or permissions.
 */
import type { FilterClause } from "./access-filter";
import {
  GRANTING_LISTS,
  PERMISSION_LISTS,
  type PermissionList,
  type StoredPolicy,
  type WirePermission,
} from "./access-store";
import { EmulatorError, isRecord } from "./http";

/** Longest display name a create accepts (`v1CreateIAMAccessPolicyRequest`). */
export const POLICY_CREATE_NAME_MAX = 128;

/** Longest display name a policy holds (`v1IAMAccessPolicy`), the limit of a PATCH. */
export const POLICY_NAME_MAX = 1024;

/** Longest description. */
export const POLICY_DESCRIPTION_MAX = 4096;

/** The fields a create body may carry. */
export const POLICY_CREATE_FIELDS: readonly string[] = [
  "display_name",
  "description",
  "filters",
  "access_permissions",
];

/** The fields a PATCH changes, and its `mask` may name. */
export const POLICY_UPDATE_FIELDS: readonly string[] = POLICY_CREATE_FIELDS;

// Read-only fields a PATCH body may echo back (a GET's answer sent as is); they are ignored.
const READ_ONLY_FIELDS: readonly string[] = ["identity", "tenant"];

/** The editable fields of a policy. */
export type PolicyFields = Omit<StoredPolicy, "id" | "seq">;

function bad(message: string): EmulatorError {
  return new EmulatorError(400, message);
}

// JSON Schema's maxLength counts code points, so count the same way.
function length(value: string): number {
  return [...value].length;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== "string") throw bad(`${field} must be a string`);
  if (length(value) > max) throw bad(`${field} must be at most ${max} characters`);
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw bad(`${field} must be an array of strings`);
  return value.map((item: unknown, i) => {
    if (typeof item !== "string") throw bad(`${field}[${i}] must be a string, got ${JSON.stringify(item)}`);
    return item;
  });
}

/**
 * Checks a list of `{or: [terms]}` clauses (filters, user_attributes).
 * @throws EmulatorError 400 naming the clause
 */
export function checkClauses(value: unknown, field: string): FilterClause[] {
  if (!Array.isArray(value)) throw bad(`${field} must be an array of {"or": [...]} objects`);
  return value.map((clause: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(clause)) throw bad(`${at} must be an object like {"or": ["attributes.name=value"]}`);
    for (const key of Object.keys(clause)) if (key !== "or") throw bad(`${at}.${key} is not a known field`);
    const or = strings(clause.or ?? [], `${at}.or`);
    if (or.length === 0) throw bad(`${at}.or must list at least one term`);
    return { or };
  });
}

/**
 * Checks one permission: every list an array of strings, `user_attributes` clauses, and at least one
 * granting list non-empty.
 * @throws EmulatorError 400 naming the field
 */
export function checkPermission(value: unknown, field: string): WirePermission {
  if (!isRecord(value)) throw bad(`${field} must be an object`);
  const known: readonly string[] = [...PERMISSION_LISTS, "user_attributes"];
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw bad(`${field}.${key} is not a known field`);
  }
  const lists = Object.fromEntries(
    PERMISSION_LISTS.map((name) => [name, strings(value[name] ?? [], `${field}.${name}`)]),
  ) as Record<PermissionList, string[]>;
  if (!GRANTING_LISTS.some((name) => lists[name].length > 0)) {
    throw bad(`${field} must carry at least one of ${GRANTING_LISTS.join(", ")}`);
  }
  return { ...lists, user_attributes: checkClauses(value.user_attributes ?? [], `${field}.user_attributes`) };
}

function checkPermissions(value: unknown): WirePermission[] {
  if (!Array.isArray(value)) throw bad("access_permissions must be an array of permissions");
  return value.map((p: unknown, i) => checkPermission(p, `access_permissions[${i}]`));
}

function required<T extends unknown[]>(list: T, field: string): T {
  if (list.length === 0) throw bad(`${field} must not be empty: a policy needs at least one`);
  return list;
}

/**
 * Checks a create body.
 * @throws EmulatorError 400 naming the first bad or missing field
 */
export function checkCreatePolicy(body: Record<string, unknown>): PolicyFields {
  for (const key of Object.keys(body)) {
    if (!POLICY_CREATE_FIELDS.includes(key)) throw bad(`unknown field "${key}"`);
  }
  if (body.display_name === undefined) throw bad("display_name is required");
  const displayName = text(body.display_name, "display_name", POLICY_CREATE_NAME_MAX);
  if (displayName.trim() === "") throw bad("display_name must not be empty");
  const description = text(body.description ?? "", "description", POLICY_DESCRIPTION_MAX);
  if (body.filters === undefined) throw bad("filters is required");
  if (body.access_permissions === undefined) throw bad("access_permissions is required");
  return {
    displayName,
    description,
    filters: required(checkClauses(body.filters, "filters"), "filters"),
    permissions: required(checkPermissions(body.access_permissions), "access_permissions"),
  };
}

/**
 * Parses the `mask` of a policy PATCH (comma-separated field names; the query check has refused an
 * empty one).
 * @returns the named fields, or undefined without a mask
 * @throws EmulatorError 400 for a field that is not in {@link POLICY_UPDATE_FIELDS}
 */
export function parsePolicyMask(mask: string | null): string[] | undefined {
  if (mask === null) return undefined;
  const fields = mask.split(",").map((f) => f.trim());
  for (const field of fields) {
    if (!POLICY_UPDATE_FIELDS.includes(field)) {
      throw bad(
        `mask names the unknown field ${JSON.stringify(field)} (known: ${POLICY_UPDATE_FIELDS.join(", ")})`,
      );
    }
  }
  return fields;
}

/**
 * Applies a PATCH body to a policy's fields. Without a mask the fields present in the body change;
 * with one, exactly the fields it names, a named field missing from the body meaning its zero value.
 * Arrays are replaced whole.
 * @returns the policy's new fields, and which fields the request named
 * @throws EmulatorError 400 naming a bad field, or one that would leave the policy without a name,
 *   filters or permissions
 */
export function applyPolicyPatch(
  current: PolicyFields,
  body: Record<string, unknown>,
  mask: string[] | undefined,
): PolicyFields {
  for (const key of Object.keys(body)) {
    if (!POLICY_UPDATE_FIELDS.includes(key) && !READ_ONLY_FIELDS.includes(key))
      throw bad(`unknown field "${key}"`);
  }
  const fields = mask ?? POLICY_UPDATE_FIELDS.filter((f) => body[f] !== undefined);
  const next: PolicyFields = { ...current };
  for (const field of fields) {
    const value = body[field];
    switch (field) {
      case "display_name":
        next.displayName = text(value ?? "", "display_name", POLICY_NAME_MAX);
        if (next.displayName.trim() === "") throw bad("display_name must not be empty");
        break;
      case "description":
        next.description = text(value ?? "", "description", POLICY_DESCRIPTION_MAX);
        break;
      case "filters":
        next.filters = required(checkClauses(value ?? [], "filters"), "filters");
        break;
      case "access_permissions":
        next.permissions = required(checkPermissions(value ?? []), "access_permissions");
        break;
    }
  }
  return next;
}
