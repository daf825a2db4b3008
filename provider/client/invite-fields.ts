/**
 * The rules for what an invite sends (its email and message), and the one wording of every way they
 * can be wrong. The client's create guard uses these, and the resource kinds' tables (which
 * `check()` and the `Invitees` list reader read) name them as the rules of their email and message.
 */

/** Longest invitee email the API accepts, in code points. */
export const MAX_EMAIL_LENGTH = 128;
/** Longest invitation message the API accepts, in code points. */
export const MAX_MESSAGE_LENGTH = 256;

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
 * The reason for a message over {@link MAX_MESSAGE_LENGTH}, or `undefined` when it fits.
 * @internal
 */
export function messageProblem(message: string): string | undefined {
  if (codePoints(message) <= MAX_MESSAGE_LENGTH) return undefined;
  return `message is ${codePoints(message)} characters long; DataTrails accepts at most ${MAX_MESSAGE_LENGTH}: shorten it`;
}

/**
 * Why a given `email` value (not `null`) cannot be sent, checked trimmed, or `undefined`.
 * @internal
 */
export function emailValueReason(value: unknown): string | undefined {
  if (typeof value !== "string") return notAStringReason("email", value);
  const problem = emailProblem(value.trim());
  return problem ? emailReason(value.trim(), problem) : undefined;
}

/**
 * Why a given `message` value (not `null`) cannot be sent, or `undefined`.
 * @internal
 */
export function messageValueReason(value: unknown): string | undefined {
  return typeof value !== "string" ? notAStringReason("message", value) : messageProblem(value);
}
