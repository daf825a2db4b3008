import { emailProblem } from "./validation";

/** Whether an expired invite is still listed and gettable, or behaves as if deleted. */
export type ExpiredInvitesMode = "listed" | "vanish";

/** What a second pending invite for the same email does: a new invite, or a 409. */
export type DuplicatePendingMode = "create" | "conflict";

/** Whether `PATCH` of an inactive member changes its roles, or is refused with 400. */
export type PatchInactiveMode = "allow" | "refuse";

/** Statuses the "a member cannot change itself" refusal may answer. */
export const SELF_CHANGE_STATUSES = [400, 403, 409, 412] as const;

/** Status of the "a member cannot change itself" refusal. */
export type SelfChangeStatus = (typeof SELF_CHANGE_STATUSES)[number];

/** What a permission without `user_attributes` grants inside the tenancy: nobody, or every member. */
export type NoUserAttributesMode = "nobody" | "everyone";

/** Which invite path prefixes the emulator routes. */
export interface PrefixSwitches {
  /** `/archivist/iam/v1/invites`, the prefix of the docs. @default true */
  iam: boolean;
  /** `/archivist/v1/invites`, the prefix of the OpenAPI file. @default true */
  v1: boolean;
}

/**
 * The behaviours the facts leave open. Each can be changed while the emulator runs, so a client can be
 * tested against every plausible service.
 */
export interface Switches {
  /** Lifetime of a new invite, in seconds. @default 864000 */
  inviteTtlSeconds: number;
  /** Whether expired invites are still listed and gettable. @default "listed" */
  expiredInvites: ExpiredInvitesMode;
  /** Whether a second pending invite for the same email is created or refused with 409. @default "create" */
  duplicatePending: DuplicatePendingMode;
  /** HTTP status of deleting an invite that does not exist. @default 404 */
  deleteMissing: 200 | 404;
  /** Which invite prefixes are routed. @default {"iam": true, "v1": true} */
  prefixes: PrefixSwitches;
  /** Lifetime of access tokens issued by the token endpoint, in seconds. @default 3600 */
  tokenTtlSeconds: number;
  /** Requests per second allowed per bearer token; 0 disables the limit. @default 0 */
  rateLimitPerSecond: number;
  /** Whether a 429 also carries `Retry-After`. @default false */
  retryAfterHeader: boolean;
  /** Cap on stored pending invites, beyond which creating answers 402; null disables it. @default null */
  inviteQuota: number | null;
  /** Largest page a list returns, whatever `page_size` asks. @default 100 */
  maxPageSize: number;
  /** Page size used when a list request asks for none (capped by `maxPageSize`). @default 50 */
  defaultPageSize: number;
  /**
   * Whether invites are stored (and so answered) normalised: the email lower-cased, the message
   * trimmed with every run of white space collapsed to one space. @default false
   */
  normalizeStored: boolean;
  /** Cap on active members (reported by the caps route; API activation beyond it answers 402); null disables it. @default null */
  memberQuota: number | null;
  /** Whether `PATCH` of an inactive member changes its roles or is refused with 400. @default "allow" */
  patchInactiveMember: PatchInactiveMode;
  /** Status of refusing a member that deactivates or demotes itself. @default 403 */
  selfChangeStatus: SelfChangeStatus;
  /**
   * Email of the member the app registration's client-credential tokens act as, for the "cannot change
   * yourself" rule; null: those tokens belong to no member. @default null
   */
  appRegistrationMember: string | null;
  /** Cap on stored access policies, beyond which creating answers 402; null disables it. @default null */
  accessPolicyQuota: number | null;
  /** Whether `email=` terms of `user_attributes` compare case-sensitively. @default false */
  emailCaseSensitive: boolean;
  /** What a permission without `user_attributes` grants inside the tenancy. @default "nobody" */
  noUserAttributes: NoUserAttributesMode;
}

/** A partial set of switches, merged over the current ones (`prefixes` is merged key by key). */
export type SwitchesPatch = Partial<Omit<Switches, "prefixes">> & { prefixes?: Partial<PrefixSwitches> };

/** The switches of a freshly started emulator. */
export const DEFAULT_SWITCHES: Readonly<Switches> = Object.freeze({
  inviteTtlSeconds: 864000,
  expiredInvites: "listed",
  duplicatePending: "create",
  deleteMissing: 404,
  prefixes: Object.freeze({ iam: true, v1: true }),
  tokenTtlSeconds: 3600,
  rateLimitPerSecond: 0,
  retryAfterHeader: false,
  inviteQuota: null,
  maxPageSize: 100,
  defaultPageSize: 50,
  normalizeStored: false,
  memberQuota: null,
  patchInactiveMember: "allow",
  selfChangeStatus: 403,
  appRegistrationMember: null,
  accessPolicyQuota: null,
  emailCaseSensitive: false,
  noUserAttributes: "nobody",
});

/** Thrown when a switches object has an unknown field or a value of the wrong shape; names the field. */
export class SwitchesError extends Error {
  /** @param field the offending field, e.g. `prefixes.iam` */
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`switches.${field} ${message}`);
    this.name = "SwitchesError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function integer(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SwitchesError(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new SwitchesError(field, `must be a boolean, got ${JSON.stringify(value)}`);
  }
  return value;
}

function oneOf<T extends string | number>(field: string, value: unknown, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    const choices = allowed.map((a) => JSON.stringify(a)).join(" or ");
    throw new SwitchesError(field, `must be ${choices}, got ${JSON.stringify(value)}`);
  }
  return match;
}

function memberEmail(field: string, value: unknown): string {
  const problem = typeof value === "string" ? emailProblem(value) : "not a string";
  if (typeof value !== "string" || problem !== undefined) {
    throw new SwitchesError(
      field,
      `must be null or a member's email (${problem}), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Returns a deep copy, so callers never share the emulator's live object. */
export function copySwitches(switches: Readonly<Switches>): Switches {
  return { ...switches, prefixes: { ...switches.prefixes } };
}

/**
 * Merges a partial switches object over `base` and checks every field.
 *
 * @param patch untrusted input (e.g. a control API body)
 * @param base the switches the patch applies to
 * @default base DEFAULT_SWITCHES
 * @returns a new, complete switches object
 * @throws SwitchesError naming the first bad field
 */
export function normalizeSwitches(patch: unknown, base: Readonly<Switches> = DEFAULT_SWITCHES): Switches {
  if (!isRecord(patch)) {
    throw new SwitchesError("(root)", "must be a JSON object");
  }
  const out = copySwitches(base);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "inviteTtlSeconds":
        out.inviteTtlSeconds = integer(key, value, 0);
        break;
      case "expiredInvites":
        out.expiredInvites = oneOf(key, value, ["listed", "vanish"] as const);
        break;
      case "duplicatePending":
        out.duplicatePending = oneOf(key, value, ["create", "conflict"] as const);
        break;
      case "deleteMissing":
        out.deleteMissing = oneOf(key, value, [404, 200] as const);
        break;
      case "prefixes": {
        if (!isRecord(value)) {
          throw new SwitchesError(key, 'must be an object like {"iam": true, "v1": false}');
        }
        for (const [prefix, enabled] of Object.entries(value)) {
          if (prefix !== "iam" && prefix !== "v1") {
            throw new SwitchesError(`prefixes.${prefix}`, 'is not a known prefix (use "iam" or "v1")');
          }
          out.prefixes[prefix] = boolean(`prefixes.${prefix}`, enabled);
        }
        break;
      }
      case "tokenTtlSeconds":
        out.tokenTtlSeconds = integer(key, value, 1);
        break;
      case "rateLimitPerSecond":
        out.rateLimitPerSecond = integer(key, value, 0);
        break;
      case "retryAfterHeader":
        out.retryAfterHeader = boolean(key, value);
        break;
      case "inviteQuota":
        out.inviteQuota = value === null ? null : integer(key, value, 0);
        break;
      case "maxPageSize":
        out.maxPageSize = integer(key, value, 1, 10000);
        break;
      case "defaultPageSize":
        out.defaultPageSize = integer(key, value, 1, 10000);
        break;
      case "normalizeStored":
        out.normalizeStored = boolean(key, value);
        break;
      case "memberQuota":
        out.memberQuota = value === null ? null : integer(key, value, 0);
        break;
      case "patchInactiveMember":
        out.patchInactiveMember = oneOf(key, value, ["allow", "refuse"] as const);
        break;
      case "selfChangeStatus":
        out.selfChangeStatus = oneOf(key, value, SELF_CHANGE_STATUSES);
        break;
      case "appRegistrationMember":
        out.appRegistrationMember = value === null ? null : memberEmail(key, value);
        break;
      case "accessPolicyQuota":
        out.accessPolicyQuota = value === null ? null : integer(key, value, 0);
        break;
      case "emailCaseSensitive":
        out.emailCaseSensitive = boolean(key, value);
        break;
      case "noUserAttributes":
        out.noUserAttributes = oneOf(key, value, ["nobody", "everyone"] as const);
        break;
      default:
        throw new SwitchesError(key, "is not a known switch");
    }
  }
  return out;
}
