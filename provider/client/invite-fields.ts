/**
 * The rules for an invite's fields, and the one wording of every way they can be wrong. The
 * provider's `check()`, the `Invitees` list reader and the client's create guard all use these, so a
 * rule, a limit or a sentence is written here only.
 */

/** Longest invitee email the API accepts, in code points. */
export const MAX_EMAIL_LENGTH = 128;
/** Longest invitation message the API accepts, in code points. */
export const MAX_MESSAGE_LENGTH = 256;

/**
 * The fields of an invite as a program or a list file gives them, in the order messages list them.
 * @internal
 */
export const INVITE_FIELDS = ["email", "message", "adopt", "renewExpired"] as const;

/**
 * The fields of a member (an invite that becomes a membership): the invite's, then the member's own.
 * @internal
 */
export const MEMBER_FIELDS = [...INVITE_FIELDS, "owner", "onRemove"] as const;

/**
 * What removing a declared member does: `keep` forgets them (their access stays), `deactivate`
 * deactivates the membership.
 * @internal
 */
export const ON_REMOVE_VALUES = ["keep", "deactivate"] as const satisfies readonly OnRemove[];

/**
 * What removing a declared member does: `"keep"` (forget them) or `"deactivate"`. Spelled out rather
 * than derived from {@link ON_REMOVE_VALUES}: that list is internal, so the published types (built
 * with stripInternal) would name a constant they do not declare.
 */
export type OnRemove = "keep" | "deactivate";

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
 * `email, message, adopt and renewExpired`: the field list as sentences name it.
 * @param fields the fields to list; the invite's by default
 * @internal
 */
export function fieldList(fields: readonly string[] = INVITE_FIELDS): string {
  return `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}`;
}

/** Length as DataTrails counts it: code points, not UTF-16 units. */
function codePoints(value: string): number {
  return [...value].length;
}

function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The first 40 code points of `value`, with invisible formatting characters spelled out as `<U+XXXX>`.
 * @internal
 */
export function preview(value: string): string {
  const points = [...value];
  const shown = points.length > 40 ? `${points.slice(0, 40).join("")}...` : value;
  return shown.replace(/\p{Cf}/gu, (c) => `<${codePointName(c)}>`);
}

/**
 * A value as an error message names it: `the string "x"`, `the number 7`, `an array`, ...
 * @internal
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(preview(value))}`;
  if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

// Invisible formatting characters (zero-width space, bidi overrides, BOM, soft hyphen...): pasted by
// accident, they make an address that looks right but cannot receive mail. The one exception is the
// zero-width joiner inside an emoji sequence (e.g. 👩‍💻), which SMTPUTF8 local parts may hold.
const FORMAT_CHAR = /\p{Cf}/u;
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;
// A combining mark (accent, ...) with no letter before it to attach to.
const LEADING_MARK = /^\p{M}/u;
// The client's minimal shape: one '@' with something on both sides and no white space. The full
// rules ({@link emailProblem}) are the provider's; a client caller may address odd test domains.
const MINIMAL_EMAIL = /^[^@\s]+@[^@\s]+$/;

function emailTooLong(email: string): string | undefined {
  if (codePoints(email) <= MAX_EMAIL_LENGTH) return undefined;
  return (
    `is ${codePoints(email)} characters long; DataTrails accepts at most ${MAX_EMAIL_LENGTH}: ` +
    `give an address of at most ${MAX_EMAIL_LENGTH} characters`
  );
}

/**
 * Checks an email address the way the provider requires before anything is sent. Returns the reason
 * it is not acceptable and how to fix it, or `undefined` when it is acceptable. Lengths count code
 * points, as DataTrails does; internationalized (UTF-8, emoji) local parts are accepted.
 */
function emailProblem(email: string): string | undefined {
  if (email === "") return "is empty: give the invitee's address, e.g. alice@example.com";
  const long = emailTooLong(email);
  if (long) return long;
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

/**
 * The client's minimal guard on an address: one '@', no white space, at most
 * {@link MAX_EMAIL_LENGTH} code points.
 * @internal
 */
export function minimalEmailProblem(email: string): string | undefined {
  if (!MINIMAL_EMAIL.test(email)) {
    return "is not an address: write it as local-part@domain without white space, e.g. alice@example.com";
  }
  return emailTooLong(email);
}

/**
 * `email "<preview>" <problem>`: how every check names a bad address.
 * @internal
 */
export function emailReason(email: string, problem: string): string {
  return `email ${JSON.stringify(preview(email))} ${problem}`;
}

/**
 * The reason for a field that must be a string but is not.
 * @internal
 */
export function notAStringReason(field: "email" | "message", value: unknown): string {
  const what = field === "email" ? 'such as "alice@example.com"' : "(the text of the invitation)";
  return `${field} must be a string ${what}, not ${describe(value)}`;
}

/**
 * The reason for a missing email.
 */
const EMAIL_REQUIRED = "email is required: give the invitee's address";

/**
 * The reason for a message over {@link MAX_MESSAGE_LENGTH}, or `undefined` when it fits.
 * @internal
 */
export function messageProblem(message: string): string | undefined {
  if (codePoints(message) <= MAX_MESSAGE_LENGTH) return undefined;
  return `message is ${codePoints(message)} characters long; DataTrails accepts at most ${MAX_MESSAGE_LENGTH}: shorten it`;
}

/**
 * The reason for a switch that is not a boolean.
 */
function notABooleanReason(field: "adopt" | "renewExpired" | "owner", value: unknown): string {
  return `${field} must be true or false (a boolean, without quotes), not ${describe(value)}`;
}

/**
 * Checks the values of an invite's fields (not which keys are present: callers word unknown keys for
 * their context). `email` is checked trimmed; `null` counts as absent. Values for which `skip` is
 * true (Pulumi's unknowns at preview) are not checked.
 * @internal
 */
export function inviteFieldFailures(
  fields: Readonly<Record<string, unknown>>,
  skip: (value: unknown) => boolean = () => false,
): FieldFailure[] {
  const failures: FieldFailure[] = [];
  const { email, message } = fields;
  if (email === undefined || email === null) {
    failures.push({ property: "email", reason: EMAIL_REQUIRED });
  } else if (!skip(email)) {
    if (typeof email !== "string") {
      failures.push({ property: "email", reason: notAStringReason("email", email) });
    } else {
      const problem = emailProblem(email.trim());
      if (problem) failures.push({ property: "email", reason: emailReason(email.trim(), problem) });
    }
  }
  if (message !== undefined && message !== null && !skip(message)) {
    const reason =
      typeof message !== "string" ? notAStringReason("message", message) : messageProblem(message);
    if (reason) failures.push({ property: "message", reason });
  }
  for (const key of ["adopt", "renewExpired"] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && !skip(value) && typeof value !== "boolean") {
      failures.push({ property: key, reason: notABooleanReason(key, value) });
    }
  }
  return failures;
}

/**
 * The reason for an `onRemove` that is not one of {@link ON_REMOVE_VALUES}.
 */
function onRemoveReason(value: unknown): string {
  const allowed = ON_REMOVE_VALUES.map((v) => JSON.stringify(v)).join(" or ");
  return (
    `onRemove must be ${allowed} (what removing this member from the program does: keep their ` +
    `access, or deactivate their membership), not ${describe(value)}`
  );
}

/**
 * Checks the values of a member's fields: the invite's ({@link inviteFieldFailures}), then `owner`
 * (a boolean) and `onRemove` (one of {@link ON_REMOVE_VALUES}). `null` counts as absent; values for
 * which `skip` is true are not checked.
 * @internal
 */
export function memberFieldFailures(
  fields: Readonly<Record<string, unknown>>,
  skip: (value: unknown) => boolean = () => false,
): FieldFailure[] {
  const failures = inviteFieldFailures(fields, skip);
  const { owner, onRemove } = fields;
  if (owner !== undefined && owner !== null && !skip(owner) && typeof owner !== "boolean") {
    failures.push({ property: "owner", reason: notABooleanReason("owner", owner) });
  }
  if (
    onRemove !== undefined &&
    onRemove !== null &&
    !skip(onRemove) &&
    !ON_REMOVE_VALUES.some((v) => v === onRemove)
  ) {
    failures.push({ property: "onRemove", reason: onRemoveReason(onRemove) });
  }
  return failures;
}
