// The AccessPolicy's plan: what an `up` sends for a declared policy against the one recorded. Pure:
// no API call. The recorded outputs are the policy as DataTrails stored it (a refresh brings in edits
// made in the web UI), so declared and stored are compared after one normalisation that lets neither
// order nor the service's defaults (a missing description, absent lists) look like a change.
import {
  PERMISSION_LIST_FIELDS,
  POLICY_FIELDS,
  type AccessPolicyChanges,
  type AccessPolicyInput,
  type AccessPolicyRecord,
} from "../client";
import { isUnknown } from "./fields";
import type { AccessPolicyOutputFields } from "./output-fields";

type Values = Readonly<Record<string, unknown>>;

/** A policy field of the API, camelCase (`displayName`, `description`, `filters`, `accessPermissions`). */
export type PolicyField = keyof AccessPolicyInput;

/**
 * The outputs of an `AccessPolicy` as the provider records them: its table's outputs, the policy as
 * DataTrails stored it. Every key is always present (Pulumi rejects `undefined` in outputs).
 */
export type AccessPolicyOutputs = AccessPolicyOutputFields;

/**
 * The outputs recorded for a policy DataTrails answered with.
 * @internal
 */
export function policyOutputs(record: AccessPolicyRecord): AccessPolicyOutputs {
  return {
    identity: record.identity,
    tenant: record.tenant,
    displayName: record.displayName,
    description: record.description,
    filters: record.filters,
    accessPermissions: record.accessPermissions,
  };
}

// True when a value holds Pulumi's placeholder for a value not known yet, at any depth.
function holdsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsUnknown);
  return false;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Values {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Values) : {};
}

// A string list as a set: sorted, each once (order and repeats change nothing the service grants).
function stringSet(value: unknown): string[] {
  return [...new Set(list(value).map(String))].sort();
}

// A list of clauses as a set of sets: the outer list ANDs, each `or` ORs, neither in any order.
function clauseSet(value: unknown): string[] {
  return [...new Set(list(value).map((clause) => JSON.stringify(stringSet(record(clause).or))))].sort();
}

function permissionKey(value: unknown): string {
  const permission = record(value);
  return JSON.stringify([
    ...PERMISSION_LIST_FIELDS.map(([name]) => stringSet(permission[name])),
    clauseSet(permission.userAttributes),
  ]);
}

/** Each field's normal form: what two policies granting the same share. */
const NORMAL: Readonly<Record<PolicyField, (value: unknown) => string>> = {
  displayName: (value) => (typeof value === "string" ? value : ""),
  description: (value) => (typeof value === "string" ? value : ""),
  filters: (value) => JSON.stringify(clauseSet(value)),
  accessPermissions: (value) => JSON.stringify([...new Set(list(value).map(permissionKey))].sort()),
};

/**
 * The fields whose declared value differs from the recorded one (a value not known yet differs).
 * @param recorded the recorded outputs (the stored policy)
 * @param declared the checked inputs
 * @internal
 */
export function changedPolicyFields(recorded: Values, declared: Values): PolicyField[] {
  return POLICY_FIELDS.map(([name]) => name).filter(
    (name) => holdsUnknown(declared[name]) || NORMAL[name](recorded[name]) !== NORMAL[name](declared[name]),
  );
}

/**
 * The one PATCH that makes the recorded policy the declared one: exactly the fields that differ, as
 * declared (a description left out is cleared: `""`), or `undefined` when nothing differs.
 * @internal
 */
export function policyPatchFor(recorded: Values, declared: Values): AccessPolicyChanges | undefined {
  const changed = changedPolicyFields(recorded, declared);
  if (changed.length === 0) return undefined;
  const input = policyInputOf(declared);
  const full: Required<AccessPolicyInput> = { ...input, description: input.description ?? "" };
  return Object.fromEntries(changed.map((name) => [name, full[name]]));
}

/**
 * The create body's input from checked inputs.
 * @internal
 */
export function policyInputOf(declared: Values): AccessPolicyInput {
  return {
    displayName: typeof declared.displayName === "string" ? declared.displayName : "",
    ...(typeof declared.description === "string" ? { description: declared.description } : {}),
    filters: list(declared.filters) as AccessPolicyInput["filters"],
    accessPermissions: list(declared.accessPermissions) as AccessPolicyInput["accessPermissions"],
  };
}

/**
 * The inputs that declare a stored policy (an import, a refresh): the description only when there is
 * one, and in each permission only the lists that hold something, so generated code stays short and
 * the next preview is clean.
 * @internal
 */
export function policyInputsFor(stored: Values): Record<string, unknown> {
  const description = typeof stored.description === "string" ? stored.description : "";
  return {
    displayName: typeof stored.displayName === "string" ? stored.displayName : "",
    ...(description !== "" ? { description } : {}),
    filters: list(stored.filters),
    accessPermissions: list(stored.accessPermissions).map((p) =>
      Object.fromEntries(Object.entries(record(p)).filter(([, v]) => !Array.isArray(v) || v.length > 0)),
    ),
  };
}
