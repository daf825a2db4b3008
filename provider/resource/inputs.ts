/** The value Pulumi uses for inputs that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

import { MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH } from "../client";

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

/** A property that failed validation, named as the program spells it. */
export interface InputFailure {
  /** The input property (`email`, `message`, ...). */
  property: string;
  /** What is wrong and how to fix it. */
  reason: string;
}

const KNOWN_KEYS = new Set(["email", "message", "adopt", "renewExpired", "__provider"]);

/** True when `value` is Pulumi's placeholder for a value not known until apply. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(preview(value))}`;
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function codePoints(value: string): number {
  return [...value].length;
}

function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

// Invisible formatting characters (zero-width space, bidi overrides, BOM, soft hyphen...): pasted by
// accident, they make an address that looks right but cannot receive mail. The one exception is the
// zero-width joiner inside an emoji sequence (e.g. 👩‍💻), which SMTPUTF8 local parts may hold.
const FORMAT_CHAR = /\p{Cf}/u;
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;
// A combining mark (accent, ...) with no letter before it to attach to.
const LEADING_MARK = /^\p{M}/u;

/**
 * Checks an email address the way the provider requires before anything is sent. Returns the reason
 * it is not acceptable and how to fix it, or `undefined` when it is acceptable. Lengths count code
 * points, as DataTrails does; internationalized (UTF-8, emoji) local parts are accepted.
 */
export function emailProblem(email: string): string | undefined {
  if (email === "") return "is empty: give the invitee's address, e.g. alice@example.com";
  if (codePoints(email) > MAX_EMAIL_LENGTH) {
    return (
      `is ${codePoints(email)} characters long; DataTrails accepts at most ${MAX_EMAIL_LENGTH}: ` +
      `give an address of at most ${MAX_EMAIL_LENGTH} characters`
    );
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f\u0080-\u009f\u2028\u2029]/.exec(email);
  if (control) return `contains a control character (${codePointName(control[0])}): remove it`;
  const format = FORMAT_CHAR.exec(email.replace(EMOJI_JOINER, ""));
  if (format) {
    return `contains an invisible formatting character (${codePointName(format[0])}): remove it (retype the address rather than pasting it)`;
  }
  if (/\s/u.test(email)) return "contains white space: remove it (an address has none)";
  const parts = email.split("@");
  if (parts.length !== 2) {
    return parts.length === 1
      ? "has no '@': write it as local-part@domain, e.g. alice@example.com"
      : "has more than one '@': write it as local-part@domain, e.g. alice@example.com";
  }
  const [local, domain] = parts;
  if (local === "")
    return "has nothing before the '@': write the mailbox name before it, e.g. alice@example.com";
  if (domain === "") return "has nothing after the '@': write the domain after it, e.g. alice@example.com";
  for (const [part, text] of [
    ["local part", local],
    ["domain", domain],
  ] as const) {
    const mark = LEADING_MARK.exec(text);
    if (mark) {
      return `starts its ${part} with a combining mark (${codePointName(mark[0])}) that has no letter to attach to: remove it`;
    }
  }
  if (domain.endsWith(".") && /^[^.].*\.[^.]+$/u.test(domain.slice(0, -1)) && !domain.includes("..")) {
    return `has a domain ('${domain}') that ends with a dot: remove the trailing dot`;
  }
  if (!/^[^.].*\.[^.]+$/u.test(domain) || domain.includes("..")) {
    return `has a domain ('${domain}') that is not a full domain name: write one with a dot and no empty parts, e.g. example.com`;
  }
  if (/[<>()[\]\\,;:"]/.test(email)) {
    return 'contains a character not allowed in an address (<>()[]\\,;:"): remove it';
  }
  return undefined;
}

// Config keys for things that are credentials or settings, not Invite inputs.
const CONFIG_KEY_FOR: Readonly<Record<string, string>> = {
  clientid: "datatrails:clientId",
  clientsecret: "datatrails:clientSecret",
  secret: "datatrails:clientSecret",
  token: "datatrails:token",
  tokenfile: "datatrails:tokenFile",
  url: "datatrails:url",
};

function unknownKeyReason(key: string): string {
  const inputs = "the inputs are email, message, adopt and renewExpired";
  const known = [...KNOWN_KEYS].find((k) => k !== "__provider" && k.toLowerCase() === key.toLowerCase());
  if (known) return `'${key}' is not an Invite input; did you mean '${known}'? (${inputs})`;
  const configKey = CONFIG_KEY_FOR[key.toLowerCase()];
  if (configKey) {
    const secret = /(secret|token)$/i.test(configKey) ? "--secret " : "";
    return `'${key}' is not an Invite input: remove it and set it for the provider instead with pulumi config set ${secret}${configKey} (${inputs})`;
  }
  return `'${key}' is not an Invite input: remove it; ${inputs} (credentials belong in stack config, e.g. datatrails:clientSecret)`;
}

/**
 * Validates and normalises `Invite` inputs. Reports every failure at once, each naming its property;
 * values not known yet (preview) pass through unchecked. Makes no API call.
 */
export function checkInviteInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: InputFailure[];
} {
  const failures: InputFailure[] = [];
  const inputs: Record<string, unknown> = { ...news };

  for (const key of Object.keys(news)) {
    if (!KNOWN_KEYS.has(key)) {
      failures.push({ property: key, reason: unknownKeyReason(key) });
      // Never echo an unknown value back to the engine: it may be a credential put in the wrong place.
      delete inputs[key];
    }
  }

  const email = news.email;
  if (email === undefined || email === null) {
    failures.push({ property: "email", reason: "email is required: give the invitee's address" });
  } else if (!isUnknown(email)) {
    if (typeof email !== "string") {
      failures.push({
        property: "email",
        reason: `email must be a string such as "alice@example.com", not ${describe(email)}`,
      });
    } else {
      const trimmed = email.trim();
      const problem = emailProblem(trimmed);
      if (problem)
        failures.push({ property: "email", reason: `email ${JSON.stringify(preview(trimmed))} ${problem}` });
      inputs.email = trimmed;
    }
  }

  const message = news.message;
  if (message === null) {
    delete inputs.message;
  } else if (message !== undefined && !isUnknown(message)) {
    if (typeof message !== "string") {
      failures.push({
        property: "message",
        reason: `message must be a string (the text of the invitation), not ${describe(message)}`,
      });
    } else if (codePoints(message) > MAX_MESSAGE_LENGTH) {
      failures.push({
        property: "message",
        reason: `message is ${codePoints(message)} characters long; DataTrails accepts at most ${MAX_MESSAGE_LENGTH}: shorten it`,
      });
    }
  }

  for (const key of ["adopt", "renewExpired"] as const) {
    const value = news[key];
    if (value === undefined || value === null) {
      delete inputs[key];
    } else if (!isUnknown(value) && typeof value !== "boolean") {
      failures.push({
        property: key,
        reason: `${key} must be true or false (a boolean, without quotes), not ${describe(value)}`,
      });
    }
  }

  return { inputs, failures };
}

/** The first 40 code points of `value`, with invisible formatting characters spelled out as `<U+XXXX>`. */
function preview(value: string): string {
  const points = [...value];
  const shown = points.length > 40 ? `${points.slice(0, 40).join("")}...` : value;
  return shown.replace(/\p{Cf}/gu, (c) => `<${codePointName(c)}>`);
}
