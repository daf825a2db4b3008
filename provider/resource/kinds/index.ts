/**
 * The resource kinds, each declared once in a table (one file per kind).
 *
 * @packageDocumentation
 */
import { INVITE } from "./invite";
import { MEMBER } from "./member";

/** @internal */
export { INVITE } from "./invite";
/** @internal */
export { MEMBER } from "./member";
export { INVITE_DEFAULTS, type InviteFieldArgs, type InviteInputs, type InviteSwitches } from "./invite";
export {
  MEMBER_DEFAULTS,
  type MemberFieldArgs,
  type MemberInputs,
  type MemberSwitches,
  type OnRemove,
} from "./member";
export type { ArgsOf, FieldSpec, KindSpec, OutputSpec, PersonKindSpec } from "./types";

/**
 * Every kind of the person lifecycle, in the order the schema and messages list them.
 * @internal
 */
export const PERSON_KINDS = [INVITE, MEMBER] as const;
