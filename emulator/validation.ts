import { EmulatorError } from "./http";
import { MEMBER_ROLES } from "./store";

/** Longest invitee email the service accepts, in characters. */
export const EMAIL_MAX_LENGTH = 128;

/** Longest invite message the service accepts, in characters. */
export const MESSAGE_MAX_LENGTH = 256;

/** The fields a create-invite body may carry. */
export const CREATE_INVITE_FIELDS: readonly string[] = ["email", "message"];

/** A checked create-invite body. */
export interface CreateInviteBody {
  /** Invitee's address, as sent. */
  email: string;
  /** Message for the invitation email; `""` when none was sent. */
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment is a UUID (any version, either case). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// JSON Schema's maxLength counts code points, so count the same way.
function length(value: string): number {
  return [...value].length;
}

/**
 * Says what is wrong with an email address, if anything. Deliberately modest (the service's exact
 * rules are unknown): one `@`, non-empty local part, a dotted domain, no whitespace or control
 * characters, at most {@link EMAIL_MAX_LENGTH} characters.
 * @returns a reason, or undefined when the address is acceptable
 */
export function emailProblem(email: string): string | undefined {
  if (email.trim() === "") return "email must not be empty";
  if (length(email) > EMAIL_MAX_LENGTH) return `email must be at most ${EMAIL_MAX_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(email)) return "email must not contain whitespace or control characters";
  const parts = email.split("@");
  if (parts.length !== 2) return "email must contain exactly one @";
  const [local, domain] = parts as [string, string];
  if (local === "") return "email must have a local part before the @";
  if (domain === "") return "email must have a domain after the @";
  if (!domain.includes(".") || domain.startsWith(".") || domain.endsWith(".") || domain.includes("..")) {
    return "email domain must be a dotted name like example.com";
  }
  return undefined;
}

/**
 * Checks a create-invite body: `email` required, `message` optional, nothing else.
 * @throws EmulatorError 400 naming the offending field
 */
export function checkCreateInvite(body: Record<string, unknown>): CreateInviteBody {
  for (const key of Object.keys(body)) {
    if (!CREATE_INVITE_FIELDS.includes(key)) throw new EmulatorError(400, `unknown field "${key}"`);
  }
  const { email, message } = body;
  if (email === undefined) throw new EmulatorError(400, "email is required");
  if (typeof email !== "string") throw new EmulatorError(400, "email must be a string");
  const problem = emailProblem(email);
  if (problem !== undefined) throw new EmulatorError(400, problem);
  if (message !== undefined && typeof message !== "string") {
    throw new EmulatorError(400, "message must be a string");
  }
  const text = message ?? "";
  if (length(text) > MESSAGE_MAX_LENGTH) {
    throw new EmulatorError(400, `message must be at most ${MESSAGE_MAX_LENGTH} characters`);
  }
  return { email, message: text };
}

/** The fields a member update body, and its `mask`, may name. */
export const MEMBER_UPDATE_FIELDS: readonly string[] = ["roles"];

/** A checked member update: only the fields to change are present. */
export interface MemberUpdate {
  /** The member's new roles. */
  roles?: string[];
}

/**
 * Parses the `mask` query of a member update (comma-separated field names).
 * @returns the named fields, or undefined when there is no mask (the query check refuses an empty one)
 * @throws EmulatorError 400 for a field that is not in {@link MEMBER_UPDATE_FIELDS}
 */
export function parseUpdateMask(mask: string | null): string[] | undefined {
  if (mask === null || mask === "") return undefined;
  const fields = mask.split(",").map((field) => field.trim());
  for (const field of fields) {
    if (!MEMBER_UPDATE_FIELDS.includes(field)) {
      throw new EmulatorError(
        400,
        `mask names the unknown field ${JSON.stringify(field)} (known: ${MEMBER_UPDATE_FIELDS.join(", ")})`,
      );
    }
  }
  return fields;
}

/**
 * Checks a member update body. Without a mask, the fields present are changed; with one, exactly the
 * fields it names, a named field missing from the body meaning its zero value (no roles).
 * @param mask the fields named by the `mask` query, if any
 * @throws EmulatorError 400 naming an unknown field, a wrong type or a role that does not exist
 */
export function checkMemberUpdate(body: Record<string, unknown>, mask: string[] | undefined): MemberUpdate {
  for (const key of Object.keys(body)) {
    if (!MEMBER_UPDATE_FIELDS.includes(key)) throw new EmulatorError(400, `unknown field "${key}"`);
  }
  const { roles } = body;
  const checked: string[] = [];
  if (roles !== undefined) {
    if (!Array.isArray(roles)) {
      throw new EmulatorError(400, `roles must be an array of ${MEMBER_ROLES.join(" / ")}`);
    }
    for (const [i, role] of roles.entries()) {
      if (typeof role !== "string") {
        throw new EmulatorError(400, `roles[${i}] must be a string, got ${JSON.stringify(role)}`);
      }
      if (!MEMBER_ROLES.includes(role)) {
        throw new EmulatorError(
          400,
          `roles[${i}] ${JSON.stringify(role)} is not a role (use ${MEMBER_ROLES.join(" or ")})`,
        );
      }
      checked.push(role);
    }
  }
  const fields = mask ?? Object.keys(body);
  return fields.includes("roles") ? { roles: checked } : {};
}
