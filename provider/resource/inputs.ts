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
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function codePoints(value: string): number {
  return [...value].length;
}

/**
 * Checks an email address the way the provider requires before anything is sent. Returns the reason
 * it is not acceptable, or `undefined` when it is.
 */
export function emailProblem(email: string): string | undefined {
  if (email === "") return "is empty: give the invitee's address, e.g. alice@example.com";
  if (codePoints(email) > MAX_EMAIL_LENGTH) {
    return `is ${codePoints(email)} characters long; DataTrails accepts at most ${MAX_EMAIL_LENGTH}`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u0080-\u009f\u2028\u2029]/.test(email)) {
    return "contains a control character: remove it";
  }
  if (/\s/u.test(email)) return "contains white space: an address has none";
  const parts = email.split("@");
  if (parts.length !== 2) {
    return parts.length === 1
      ? "has no '@': write it as local-part@domain"
      : "has more than one '@': write it as local-part@domain";
  }
  const [local, domain] = parts;
  if (local === "") return "has nothing before the '@'";
  if (domain === "") return "has nothing after the '@'";
  if (!/^[^.].*\.[^.]+$/u.test(domain) || domain.includes("..")) {
    return `has a domain ('${domain}') that is not a full domain name such as example.com`;
  }
  if (/[<>()[\]\\,;:"]/.test(email)) return 'contains a character not allowed in an address (<>()[]\\,;:")';
  return undefined;
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
      failures.push({
        property: key,
        reason: `'${key}' is not an Invite input; the inputs are email, message, adopt and renewExpired (credentials belong in stack config, e.g. datatrails:clientSecret)`,
      });
    }
  }

  const email = news.email;
  if (email === undefined || email === null) {
    failures.push({ property: "email", reason: "email is required: give the invitee's address" });
  } else if (!isUnknown(email)) {
    if (typeof email !== "string") {
      failures.push({ property: "email", reason: `email must be a string, not ${describe(email)}` });
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
      failures.push({ property: "message", reason: `message must be a string, not ${describe(message)}` });
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
      failures.push({ property: key, reason: `${key} must be true or false, not ${describe(value)}` });
    }
  }

  return { inputs, failures };
}

function preview(value: string): string {
  const points = [...value];
  return points.length > 40 ? `${points.slice(0, 40).join("")}...` : value;
}
