// A kind's inputs checked, defaulted and listed by its table (kinds/): the one place `check()`, the
// `Invitees` list reader and `pulumi import` take their field rules from. The rules for what is sent
// (email, message) are the client's, named by the tables; the switch rules are the resources' own.
import { describe, emailValueReason, isRecord, messageValueReason } from "../client";
import { configSetCommand, CONFIG_KEYS, misplacedConfigKey } from "./config-keys";
import type { FieldSpec, KindSpec, ListField, StringField } from "./kinds/types";

/**
 * The value Pulumi uses for inputs that are not known yet (during preview).
 * @internal
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * True when `value` is Pulumi's placeholder for a value not known until apply.
 * @internal
 */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** The client's rule for an email it sends, as the kinds' `email` fields name it. */
export const EMAIL_RULE: StringField["rule"] = emailValueReason;

/** The client's rule for a message it sends, as the kinds' `message` fields name it. */
export const MESSAGE_RULE: StringField["rule"] = messageValueReason;

/**
 * A person's `email` input: required, trimmed, checked by the client's rule; a change replaces.
 * @param docs - How the kind's Args and schema describe it.
 */
export function emailField<D extends string>(docs: D) {
  const required = "email is required: give the invitee's address";
  return { type: "string", rule: EMAIL_RULE, required, trim: true, change: "replace", docs } as const;
}

/**
 * A person's `message` input: checked by the client's rule; a change replaces (while invited).
 * @param docs - How the kind's Args and schema describe it.
 */
export function messageField<D extends string>(docs: D) {
  return { type: "string", rule: MESSAGE_RULE, change: "replace", docs } as const;
}

/**
 * A field that failed validation, named as the program spells it.
 * @internal
 */
export interface FieldFailure {
  /** The field (`email`, `message`, ...). */
  property: string;
  /** What is wrong and how to fix it, starting with the field's name. */
  reason: string;
}

/**
 * `email, message, adopt and renewExpired`: a field list as sentences name it.
 * @internal
 */
export function fieldList(fields: readonly string[]): string {
  return `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}`;
}

/** Why a given value (not `null`, not unknown) of a field cannot be used, or `undefined`. */
function valueReason(
  name: string,
  spec: FieldSpec,
  value: unknown,
  skip: (value: unknown) => boolean,
): string | undefined {
  switch (spec.type) {
    case "string":
      return spec.rule(value);
    case "boolean":
      return typeof value === "boolean"
        ? undefined
        : `${name} must be true or false (a boolean, without quotes), not ${describe(value)}`;
    case "enum": {
      if (spec.values.some((v) => v === value)) return undefined;
      const allowed = spec.values.map((v) => JSON.stringify(v)).join(" or ");
      return `${name} must be ${allowed} (${spec.meaning}), not ${describe(value)}`;
    }
    case "strings": {
      if (!Array.isArray(value)) return `${name} must be a list of strings, not ${describe(value)}`;
      const bad = value.findIndex((item) => typeof item !== "string" && !skip(item));
      if (bad >= 0) return `${name}[${bad}] must be a string, not ${describe(value[bad])}`;
      return spec.required !== undefined && value.length === 0 ? spec.required : undefined;
    }
    case "list":
      return listReason(name, spec, value, skip);
  }
}

/** Why a list of objects cannot be used: each element by its fields (unknown keys too), then its rule. */
function listReason(
  name: string,
  spec: ListField,
  value: unknown,
  skip: (value: unknown) => boolean,
): string | undefined {
  const keys = Object.keys(spec.items);
  const shape = `{${keys.join(", ")}}`;
  if (!Array.isArray(value)) return `${name} must be a list of ${shape}, not ${describe(value)}`;
  if (spec.required !== undefined && value.length === 0) return spec.required;
  const reasons = value.flatMap((item: unknown, i) => {
    const at = `${name}[${i}]`;
    if (!isRecord(item)) return [`${at} must be ${shape}, not ${describe(item)}`];
    const unknown = Object.keys(item)
      .filter((k) => !keys.includes(k))
      .map((k) => `${at}.${k} is not a field of ${shape}: remove it`);
    const failures = fieldFailures(spec.items, item, skip).map((f) => `${at}.${f.reason}`);
    const rule = unknown.length + failures.length === 0 ? spec.itemRule?.(item) : undefined;
    return [...unknown, ...failures, ...(rule !== undefined ? [`${at} ${rule}`] : [])];
  });
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

/** The reason a required field gives when it is missing, or `undefined` for an optional field. */
function requiredReason(spec: FieldSpec): string | undefined {
  return spec.type === "string" || spec.type === "list" || spec.type === "strings"
    ? spec.required
    : undefined;
}

/**
 * Checks the values of a kind's fields (not which keys are present: callers word unknown keys for
 * their context), in the table's order. `null` counts as absent; values for which `skip` is true
 * (Pulumi's unknowns at preview) are not checked.
 * @internal
 */
export function fieldFailures(
  fields: Readonly<Record<string, FieldSpec>>,
  values: Readonly<Record<string, unknown>>,
  skip: (value: unknown) => boolean = () => false,
): FieldFailure[] {
  const failures: FieldFailure[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined || value === null) {
      const required = requiredReason(spec);
      if (required !== undefined) failures.push({ property: name, reason: required });
      continue;
    }
    if (skip(value)) continue;
    const reason = valueReason(name, spec, value, skip);
    if (reason) failures.push({ property: name, reason });
  }
  return failures;
}

function unknownKeyReason(key: string, kind: KindSpec): string {
  const fields = Object.keys(kind.fields);
  const resource = /^[AEIOU]/.test(kind.name) ? `an ${kind.name}` : `a ${kind.name}`;
  const inputs = `the inputs are ${fieldList(fields)}`;
  const known = fields.find((k) => k.toLowerCase() === key.toLowerCase());
  if (known) return `'${key}' is not ${resource} input; did you mean '${known}'? (${inputs})`;
  const setting = misplacedConfigKey(key);
  if (setting) {
    return `'${key}' is not ${resource} input: remove it and set it for the provider instead with ${configSetCommand(setting)} (${inputs})`;
  }
  return `'${key}' is not ${resource} input: remove it; ${inputs} (credentials belong in stack config, e.g. ${CONFIG_KEYS.clientSecret})`;
}

/**
 * Validates and normalises a kind's inputs by its table. Reports every failure at once, each naming
 * its property (unknown keys first, then the fields in the table's order); values not known yet
 * (preview) pass through unchecked. Makes no API call.
 * @internal
 */
export function checkInputs(
  kind: KindSpec,
  news: Readonly<Record<string, unknown>>,
): { inputs: Record<string, unknown>; failures: FieldFailure[] } {
  const failures: FieldFailure[] = [];
  const inputs: Record<string, unknown> = { ...news };
  for (const key of Object.keys(news)) {
    // The engine passes the serialized provider beside the inputs.
    if (key === "__provider" || Object.hasOwn(kind.fields, key)) continue;
    failures.push({ property: key, reason: unknownKeyReason(key, kind) });
    // Never echo an unknown value back to the engine: it may be a credential put in the wrong place.
    delete inputs[key];
  }
  failures.push(...fieldFailures(kind.fields, news, isUnknown));
  for (const [name, spec] of Object.entries(kind.fields)) {
    const value = news[name];
    if (spec.type === "string" && spec.trim && typeof value === "string") inputs[name] = value.trim();
    // Optional fields given as null are dropped, so their defaults apply.
    if (requiredReason(spec) === undefined && (value === undefined || value === null)) {
      delete inputs[name];
    }
  }
  return { inputs, failures };
}

/**
 * The kind's switches (boolean and enum inputs) with their defaults applied; anything not of the
 * right type (an unknown, a missing value) counts as the default.
 * @internal
 */
export function switchesOf(
  kind: KindSpec,
  values: Readonly<Record<string, unknown>>,
): Record<string, boolean | string> {
  const switches: Record<string, boolean | string> = {};
  for (const [name, spec] of Object.entries(kind.fields)) {
    const value = values[name];
    if (spec.type === "boolean") switches[name] = typeof value === "boolean" ? value : spec.default;
    if (spec.type === "enum") switches[name] = spec.values.find((v) => v === value) ?? spec.default;
  }
  return switches;
}

/**
 * The inputs a program declares for recorded switches: each only where it differs from its default
 * (so code generated by `pulumi import` stays as short as the README's).
 * @internal
 */
export function declaredSwitches(
  kind: KindSpec,
  recorded: Readonly<Record<string, unknown>>,
): Record<string, boolean | string> {
  const given = switchesOf(kind, recorded);
  return Object.fromEntries(
    Object.entries(given).filter(([name, value]) => {
      const spec = kind.fields[name];
      return recorded[name] !== undefined && "default" in spec && value !== spec.default;
    }),
  );
}
