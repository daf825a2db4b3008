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

// The engine passes the serialized provider beside the inputs.
const KNOWN_KEYS = new Set<string>([...INVITE_FIELDS, "__provider"]);

/**
 * True when `value` is Pulumi's placeholder for a value not known until apply.
 * @internal
 */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

function unknownKeyReason(key: string): string {
  const inputs = `the inputs are ${fieldList()}`;
  const known = INVITE_FIELDS.find((k) => k.toLowerCase() === key.toLowerCase());
  if (known) return `'${key}' is not an Invite input; did you mean '${known}'? (${inputs})`;
  const setting = misplacedConfigKey(key);
  if (setting) {
    return `'${key}' is not an Invite input: remove it and set it for the provider instead with ${configSetCommand(setting)} (${inputs})`;
  }
  return `'${key}' is not an Invite input: remove it; ${inputs} (credentials belong in stack config, e.g. ${CONFIG_KEYS.clientSecret})`;
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
  const failures: FieldFailure[] = [];
  const inputs: Record<string, unknown> = { ...news };

  for (const key of Object.keys(news)) {
    if (!KNOWN_KEYS.has(key)) {
      failures.push({ property: key, reason: unknownKeyReason(key) });
      // Never echo an unknown value back to the engine: it may be a credential put in the wrong place.
      delete inputs[key];
    }
  }

  failures.push(...inviteFieldFailures(news, isUnknown));
  if (typeof news.email === "string") inputs.email = news.email.trim();
  if (news.message === null) delete inputs.message;
  for (const key of ["adopt", "renewExpired"] as const) {
    if (news[key] === undefined || news[key] === null) delete inputs[key];
  }

  return { inputs, failures };
}
