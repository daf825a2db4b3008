import { fieldList, INVITE_FIELDS, inviteFieldFailures, type FieldFailure } from "../client";
import { configSetCommand, CONFIG_KEYS, misplacedConfigKey } from "./config-keys";

/**
 * The value Pulumi uses for inputs that are not known yet (during preview).
 * @internal
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Defaults for the optional switches of an `Invite`.
 */
export const INVITE_DEFAULTS = {
  /** @default false */
  adopt: false,
  /** @default true */
  renewExpired: true,
} as const;

/** Inputs of the `Invite` resource as the provider receives them (resolved values). */
export interface InviteInputs {
  /** Invitee's email address. */
  email: string;
  /** Text for the invitation email. */
  message?: string;
  /** Take over a pending invite for the same email instead of refusing. */
  adopt?: boolean;
  /** Re-send a pending invite whose expiry has passed on the next `up`. */
  renewExpired?: boolean;
}

/**
 * True when `value` is Pulumi's placeholder for a value not known until apply.
 * @internal
 */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

function unknownKeyReason(key: string, rules: InputRules): string {
  const { fields } = rules;
  const resource = rules.resource === "Invite" ? "an Invite" : "a Member";
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
 * What one resource's inputs may hold: its name as messages say it, its fields, the rules for their
 * values (from the client's field rules module), and the switches whose `null` means "absent".
 * @internal
 */
export interface InputRules {
  /** `Invite` or `Member`, as `'x' is not an Invite input` says it. */
  resource: "Invite" | "Member";
  /** The fields a program may set, in the order messages list them. */
  fields: readonly string[];
  /** Failures of the fields' values; values for which `skip` is true are not checked. */
  failures: (fields: Readonly<Record<string, unknown>>, skip: (value: unknown) => boolean) => FieldFailure[];
  /** Optional fields dropped from the checked inputs when `null` (so defaults apply). */
  optional: readonly string[];
}

const INVITE_RULES: InputRules = {
  resource: "Invite",
  fields: INVITE_FIELDS,
  failures: inviteFieldFailures,
  optional: ["message", "adopt", "renewExpired"],
};

/**
 * Validates and normalises a resource's inputs by its {@link InputRules}. Reports every failure at
 * once, each naming its property; values not known yet (preview) pass through unchecked. Makes no
 * API call.
 * @internal
 */
export function checkInputs(
  news: Record<string, unknown>,
  rules: InputRules,
): { inputs: Record<string, unknown>; failures: FieldFailure[] } {
  const failures: FieldFailure[] = [];
  const inputs: Record<string, unknown> = { ...news };
  // The engine passes the serialized provider beside the inputs.
  const known = new Set<string>([...rules.fields, "__provider"]);

  for (const key of Object.keys(news)) {
    if (!known.has(key)) {
      failures.push({ property: key, reason: unknownKeyReason(key, rules) });
      // Never echo an unknown value back to the engine: it may be a credential put in the wrong place.
      delete inputs[key];
    }
  }

  failures.push(...rules.failures(news, isUnknown));
  if (typeof news.email === "string") inputs.email = news.email.trim();
  for (const key of rules.optional) {
    if (news[key] === undefined || news[key] === null) delete inputs[key];
  }

  return { inputs, failures };
}

/**
 * Validates and normalises `Invite` inputs. Reports every failure at once, each naming its property;
 * values not known yet (preview) pass through unchecked. Makes no API call.
 * @internal
 */
export function checkInviteInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: FieldFailure[];
} {
  return checkInputs(news, INVITE_RULES);
}
