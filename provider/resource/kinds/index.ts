/**
 * The resource kinds, each declared once in a table (one file per kind).
 *
 * @packageDocumentation
 */
import { ACCESS_POLICY } from "./access-policy";
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
/** @internal */
export { ACCESS_POLICY } from "./access-policy";
export type { AccessPolicyFieldArgs, AccessPolicyInputs } from "./access-policy";
export type {
  BooleanField,
  ChangeBy,
  DefaultsOf,
  EnumField,
  FieldSpec,
  InputsOf,
  KindSpec,
  ListField,
  OutputSpec,
  PersonKindSpec,
  PersonPolicy,
  ArgsOf,
  StringField,
  StringsField,
  SwitchesOf,
  ValueOf,
} from "./types";

/**
 * Every kind of the person lifecycle, in the order the schema and messages list them.
 * @internal
 */
export const PERSON_KINDS = [INVITE, MEMBER] as const;

/**
 * Every kind, in the order the schema and the plugin's messages list them.
 * @internal
 */
export const ALL_KINDS = [...PERSON_KINDS, ACCESS_POLICY] as const;
