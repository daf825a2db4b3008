/**
 * The `Invite` resource, the program-side look-ups, and the provider behind them; then the
 * internals the tests use (each tagged internal, so the published types leave them out).
 *
 * @packageDocumentation
 */
export { Invite } from "./invite";
export type { AccessPolicyArgs, InviteArgs, MemberArgs } from "./args";
export { getInvite, listInvites, type ListInvitesArgs } from "./functions";
export {
  OWNER_ROLE,
  type InviteInfo,
  type InviteOutputs,
  type InviteStatus,
  type MemberOutputs,
  type MemberStatus,
} from "./outputs";
export { INVITE_DEFAULTS, MEMBER_DEFAULTS, type OnRemove } from "./kinds";
export { InviteCreatedButFailedError } from "./send-invite";
export { Member } from "./member";
export { InviteCapError } from "./quota";
export { AccessPolicy } from "./access-policy";
export type { AccessPolicyOutputs } from "./policy-plan";
export { PolicyCapError } from "./policy-quota";

// Internals: tagged @internal here and where declared, so stripInternal drops them from the
// published types; the tests import them from this module.
/** @internal */
export { CONFIG_KEYS, CONFIG_SETTINGS, ENV_NAMES } from "./config-keys";
/** @internal */
export { resolveSettings, type ConfigSource, type ProviderSettings } from "./settings";
/** @internal */
export { accessPolicyProvider, inviteProvider, memberProvider } from "./provider";
/** @internal */
export { credentialOriginProblem, type CredentialOrigin } from "./credential-origin";
/** @internal */
export { pinVerdict, TenancyPin, type Pin, type UserLog } from "./tenancy-pin";
