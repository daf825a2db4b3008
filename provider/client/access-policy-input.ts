/**
 * Checks of what callers pass to the access-policy methods, and the wire bodies built from them. Each
 * check throws a {@link DataTrailsConfigError} naming the field, before anything is sent.
 */
import {
  GRANTING_PERMISSION_FIELDS,
  PERMISSION_LIST_FIELDS,
  POLICY_FIELDS,
  POLICY_ORDERS,
  type AccessPolicyChanges,
  type AccessPolicyInput,
  type PolicyOrder,
} from "./access-policy-types";
import { DataTrailsConfigError } from "./errors";
import { identityUuid } from "./input";
import { describe } from "./invite-fields";
import { isRecord } from "./is-record";

/** Longest display name a create accepts. */
export const MAX_POLICY_CREATE_NAME_LENGTH = 128;

/** Longest display name a policy holds (the limit of an update). */
export const MAX_POLICY_NAME_LENGTH = 1024;

/** Longest description. */
export const MAX_POLICY_DESCRIPTION_LENGTH = 4096;

/** A filter clause on the wire. */
export interface WireFilter {
  or: string[];
}

/** A policy body on the wire: the fields a create or a PATCH sends. */
export type WirePolicyBody = Record<
  string,
  string | WireFilter[] | Array<Record<string, string[] | WireFilter[]>>
>;

/** A checked PATCH: the body and the `mask` naming exactly its fields. */
export interface WirePolicyPatch {
  /** The fields to change, snake_case. */
  body: WirePolicyBody;
  /** Comma-separated wire names of those fields. */
  mask: string;
}

function invalid(call: string, field: string, problem: string): DataTrailsConfigError {
  return new DataTrailsConfigError(`Invalid ${field} for ${call}: ${problem}.`, field);
}

// Counted in code points, as the API's maxLength is.
function text(call: string, field: string, value: unknown, max: number, required: boolean): string {
  if (typeof value !== "string") throw invalid(call, field, `expected a string, got ${describe(value)}`);
  if (required && value.trim() === "") throw invalid(call, field, "expected a non-empty name");
  if ([...value].length > max)
    throw invalid(call, field, `at most ${max} characters, got ${[...value].length}`);
  return value;
}

function stringList(call: string, field: string, value: unknown): string[] {
  if (!Array.isArray(value))
    throw invalid(call, field, `expected an array of strings, got ${describe(value)}`);
  return value.map((item: unknown, i) => {
    if (typeof item !== "string")
      throw invalid(call, `${field}[${i}]`, `expected a string, got ${describe(item)}`);
    return item;
  });
}

function clauses(call: string, field: string, value: unknown, nonEmpty: boolean): WireFilter[] {
  if (!Array.isArray(value)) {
    throw invalid(call, field, `expected a list of {or: [...]} clauses, got ${describe(value)}`);
  }
  if (nonEmpty && value.length === 0) throw invalid(call, field, "expected at least one {or: [...]} clause");
  return value.map((clause: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(clause) || Object.keys(clause).some((k) => k !== "or")) {
      throw invalid(call, at, `expected {or: ["..."]}, got ${describe(clause)}`);
    }
    const or = stringList(call, `${at}.or`, clause.or);
    if (or.length === 0) throw invalid(call, `${at}.or`, "expected at least one term");
    return { or };
  });
}

function permission(call: string, field: string, value: unknown): Record<string, string[] | WireFilter[]> {
  if (!isRecord(value)) throw invalid(call, field, `expected an object, got ${describe(value)}`);
  const known = new Set<string>(["userAttributes", ...PERMISSION_LIST_FIELDS.map(([name]) => name)]);
  for (const key of Object.keys(value)) {
    if (!known.has(key))
      throw invalid(call, `${field}.${key}`, `not a permission field (known: ${[...known].join(", ")})`);
  }
  const wire: Record<string, string[] | WireFilter[]> = {};
  for (const [name, wireName] of PERMISSION_LIST_FIELDS) {
    if (value[name] !== undefined) wire[wireName] = stringList(call, `${field}.${name}`, value[name]);
  }
  if (!GRANTING_PERMISSION_FIELDS.some((name) => Array.isArray(value[name]) && value[name].length > 0)) {
    throw invalid(
      call,
      field,
      `expected at least one non-empty list among ${GRANTING_PERMISSION_FIELDS.join(", ")}`,
    );
  }
  if (value.userAttributes !== undefined) {
    wire.user_attributes = clauses(call, `${field}.userAttributes`, value.userAttributes, false);
  }
  return wire;
}

// One field of a policy, checked and in its wire form.
function policyField(
  call: string,
  name: keyof AccessPolicyInput,
  value: unknown,
  nameMax: number,
): WirePolicyBody[string] {
  switch (name) {
    case "displayName":
      return text(call, name, value, nameMax, true);
    case "description":
      return text(call, name, value, MAX_POLICY_DESCRIPTION_LENGTH, false);
    case "filters":
      return clauses(call, name, value, true);
    case "accessPermissions": {
      if (!Array.isArray(value) || value.length === 0) {
        throw invalid(call, name, `expected at least one permission, got ${describe(value)}`);
      }
      return value.map((p: unknown, i) => permission(call, `${name}[${i}]`, p));
    }
  }
}

function checkKeys(call: string, input: Record<string, unknown>): void {
  const known = new Set<string>(POLICY_FIELDS.map(([name]) => name));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw invalid(call, key, `not a policy field (known: ${[...known].join(", ")})`);
  }
}

/**
 * The body of a create: display name (at most 128 characters), description (at most 4096), filters
 * and permissions (at least one each; each permission with at least one granting list).
 *
 * @throws DataTrailsConfigError naming the field, for anything the API would refuse.
 * @internal
 */
export function createPolicyBody(input: AccessPolicyInput): WirePolicyBody {
  const call = "createAccessPolicy";
  if (!isRecord(input)) throw invalid(call, "input", `expected an object, got ${describe(input)}`);
  checkKeys(call, input);
  const body: WirePolicyBody = {};
  for (const [name, wireName] of POLICY_FIELDS) {
    if (input[name] === undefined) {
      if (name === "description") continue;
      throw invalid(call, name, "required");
    }
    body[wireName] = policyField(call, name, input[name], MAX_POLICY_CREATE_NAME_LENGTH);
  }
  return body;
}

/**
 * The PATCH of an update: exactly the fields given (a field given as `undefined` is left out), and a
 * `mask` naming them, so a field given empty is cleared rather than ignored.
 *
 * @throws DataTrailsConfigError naming the field, or when no field is given (nothing to send).
 * @internal
 */
export function policyPatch(changes: AccessPolicyChanges): WirePolicyPatch {
  const call = "updateAccessPolicy";
  if (!isRecord(changes)) throw invalid(call, "changes", `expected an object, got ${describe(changes)}`);
  checkKeys(call, changes);
  const body: WirePolicyBody = {};
  const mask: string[] = [];
  for (const [name, wireName] of POLICY_FIELDS) {
    if (changes[name] === undefined) continue;
    body[wireName] = policyField(call, name, changes[name], MAX_POLICY_NAME_LENGTH);
    mask.push(wireName);
  }
  if (mask.length === 0) {
    throw invalid(call, "changes", `expected at least one of ${POLICY_FIELDS.map(([n]) => n).join(", ")}`);
  }
  return { body, mask: mask.join(",") };
}

/**
 * The uuid of a policy given as `access_policies/<uuid>` or a bare uuid.
 *
 * @throws DataTrailsConfigError for anything that could change the request path.
 * @internal
 */
export function policyUuid(identityOrUuid: string, call: string): string {
  return identityUuid(identityOrUuid, "access_policies", call);
}

/**
 * The order of a policy listing, when given.
 *
 * @throws DataTrailsConfigError for an order the API does not know.
 * @internal
 */
export function checkPolicyOrder(order: unknown): PolicyOrder | undefined {
  if (order === undefined) return undefined;
  const known = POLICY_ORDERS.find((o) => o === order);
  if (known === undefined) {
    throw invalid(
      "listAccessPolicies",
      "orderBy",
      `expected ${POLICY_ORDERS.join(" or ")}, got ${describe(order)}`,
    );
  }
  return known;
}

/**
 * A text filter of a policy listing, when given.
 *
 * @throws DataTrailsConfigError unless a non-empty string.
 * @internal
 */
export function checkPolicyFilter(field: "displayName" | "description", value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw invalid("listAccessPolicies", field, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}
