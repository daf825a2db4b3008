/**
 * Checks of what callers pass to the client's methods, and the API's limits. Each check throws a
 * {@link DataTrailsConfigError} naming the field, before anything is sent.
 */
import { DataTrailsConfigError } from "./errors";
import {
  describe,
  emailReason,
  messageProblem,
  minimalEmailProblem,
  notAStringReason,
} from "./invite-fields";
import { CAP_SERVICES, type CapService, type CreateInviteInput, type MemberState } from "./types";
import type { WireCreateInvite } from "./wire";

const MEMBER_STATES: ReadonlySet<MemberState> = new Set<MemberState>([
  "MEMBER_STATE_UNSPECIFIED",
  "MEMBER_STATE_ACTIVE",
  "MEMBER_STATE_INACTIVE",
  "MEMBER_STATE_BOTH",
]);

// A path segment that cannot escape its collection: no "/", "?", "#", "%", "." runs or spaces.
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

const KIND_NOUNS = { invites: "invite", members: "member", access_policies: "access policy" } as const;

/**
 * The uuid of `<kind>/<uuid>` or a bare uuid, checked to be a safe URL path segment.
 *
 * @throws DataTrailsConfigError for anything that could change the request path.
 * @internal
 */
export function identityUuid(identityOrUuid: string, kind: keyof typeof KIND_NOUNS, call?: string): string {
  const raw = typeof identityOrUuid === "string" ? identityOrUuid : "";
  const id = raw.startsWith(`${kind}/`) ? raw.slice(kind.length + 1) : raw;
  if (!SAFE_ID.test(id)) {
    throw new DataTrailsConfigError(
      `Invalid ${KIND_NOUNS[kind]} identity ${JSON.stringify(identityOrUuid)}${call ? ` for ${call}` : ""}: ` +
        `expected "${kind}/<uuid>" or a bare uuid ` +
        "(letters, digits, '-' and '_' only).",
      "identity",
    );
  }
  return id;
}

/**
 * The uuid of an invite given as `invites/<uuid>` or a bare uuid, checked to be a safe URL path
 * segment.
 *
 * @throws DataTrailsConfigError for anything that could change the request path.
 * @internal
 */
export function inviteUuid(identityOrUuid: string): string {
  return identityUuid(identityOrUuid, "invites");
}

/**
 * The uuid of a member given as `members/<uuid>` or a bare uuid, checked to be a safe URL path
 * segment.
 *
 * @param call - The client method, named in the error.
 * @throws DataTrailsConfigError for anything that could change the request path.
 * @internal
 */
export function memberUuid(identityOrUuid: string, call: string): string {
  return identityUuid(identityOrUuid, "members", call);
}

/**
 * The roles of a member update: an array of strings, copied. Which role names exist is left to the
 * service (it answers 400 naming an unknown one), so a role added there needs no client release.
 *
 * @throws DataTrailsConfigError for a non-array or an entry that is not a string.
 * @internal
 */
export function checkRoles(roles: unknown): string[] {
  if (!Array.isArray(roles)) {
    throw new DataTrailsConfigError(
      `Invalid roles for updateMemberRoles: expected an array of role names such as ["OWNER"] or [], got ${describe(roles)}.`,
      "roles",
    );
  }
  return roles.map((role: unknown, i) => {
    if (typeof role !== "string" || role.trim() === "") {
      throw new DataTrailsConfigError(
        `Invalid roles[${i}] for updateMemberRoles: expected a role name such as "OWNER", got ${describe(role)}.`,
        "roles",
      );
    }
    return role;
  });
}

/**
 * The service of a caps request.
 *
 * @throws DataTrailsConfigError unless `invites` or `members`.
 * @internal
 */
export function checkCapService(service: unknown): CapService {
  const known = CAP_SERVICES.find((s) => s === service);
  if (known === undefined) {
    throw new DataTrailsConfigError(
      `Invalid service for getCaps: expected ${CAP_SERVICES.map((s) => JSON.stringify(s)).join(" or ")}, got ${describe(service)}.`,
      "service",
    );
  }
  return known;
}

/**
 * Lower-cased, trimmed email, for comparisons.
 * @internal
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A page size: the given one, checked, or `fallback` when none is given.
 *
 * @throws DataTrailsConfigError unless a positive integer.
 * @internal
 */
export function checkPageSize(pageSize: unknown, fallback: number): number {
  if (pageSize === undefined) {
    return fallback;
  }
  if (typeof pageSize !== "number" || !Number.isInteger(pageSize) || pageSize < 1) {
    throw new DataTrailsConfigError(
      `Invalid pageSize ${JSON.stringify(pageSize)}: expected a positive integer (e.g. 100).`,
      "pageSize",
    );
  }
  return pageSize;
}

/**
 * The body of a create: the email (an address, at most `MAX_EMAIL_LENGTH` characters) and the
 * message when given (at most `MAX_MESSAGE_LENGTH`), checked by the rules of invite-fields.ts.
 *
 * @throws DataTrailsConfigError for anything the API would refuse.
 * @internal
 */
export function checkCreateInput(input: CreateInviteInput): WireCreateInvite {
  if (typeof input !== "object" || input === null) {
    throw new DataTrailsConfigError("createInvite expects an object { email, message? }.", "input");
  }
  const { email, message } = input;
  // A minimal guard with the provider's wording: the full address rules belong to the provider.
  if (typeof email !== "string") {
    throw invalidInput(notAStringReason("email", email), "email");
  }
  const emailIssue = minimalEmailProblem(email);
  if (emailIssue) {
    throw invalidInput(emailReason(email, emailIssue), "email");
  }
  if (message !== undefined && typeof message !== "string") {
    throw invalidInput(notAStringReason("message", message), "message");
  }
  const messageIssue = message === undefined ? undefined : messageProblem(message);
  if (messageIssue) {
    throw invalidInput(messageIssue, "message");
  }
  return message === undefined ? { email } : { email, message };
}

function invalidInput(reason: string, field: string): DataTrailsConfigError {
  return new DataTrailsConfigError(`Invalid createInvite input: ${reason}.`, field);
}

/**
 * The email filter of a listing, when given.
 *
 * @throws DataTrailsConfigError unless a non-empty string.
 * @internal
 */
export function checkEmailFilter(email: unknown): string | undefined {
  if (email === undefined) {
    return undefined;
  }
  if (typeof email !== "string" || email.trim() === "") {
    throw new DataTrailsConfigError(
      "Invalid listInvites email filter: expected a non-empty string.",
      "email",
    );
  }
  return email;
}

/**
 * A member state: the given one, checked, or `MEMBER_STATE_BOTH`.
 *
 * @throws DataTrailsConfigError for a state the API does not know.
 * @internal
 */
export function checkMemberState(memberState: MemberState | undefined): MemberState {
  const state = memberState ?? "MEMBER_STATE_BOTH";
  if (!MEMBER_STATES.has(state)) {
    throw new DataTrailsConfigError(
      `Invalid memberState ${JSON.stringify(state)}: expected one of ${[...MEMBER_STATES].join(", ")}.`,
      "memberState",
    );
  }
  return state;
}

/**
 * The email of a member lookup.
 *
 * @throws DataTrailsConfigError unless a non-empty string.
 * @internal
 */
export function checkMemberEmail(email: unknown): string {
  if (typeof email !== "string" || email.trim() === "") {
    throw new DataTrailsConfigError("findMemberByEmail expects a non-empty email string.", "email");
  }
  return email;
}
