/**
 * The `Invitees` component and the invitee-list reader behind it; then the internals the tests use
 * (each tagged internal, so the published types leave them out).
 *
 * @packageDocumentation
 */
export {
  Invitees,
  inviteResourceName,
  type InviteesArgs,
  type InviteeDefaults,
  type InviteeStatus,
} from "./invitees";
export { InviteeListError, type InviteeSpec } from "./spec";
export type { PolicyTemplate } from "./policies";

// Internals: tagged @internal here and where declared, so stripInternal drops them from the
// published types; the tests import them from this module.
/** @internal */
export {
  checkInvitees,
  parseInviteeDocument,
  parseInviteeList,
  projectFolder,
  readInviteeDocument,
  readInviteeFile,
  rejectDuplicates,
  type InviteeDocument,
  type LocatedInvitee,
} from "./spec";
/** @internal */
export {
  checkAccessNames,
  checkPolicyTemplate,
  policyDeclarations,
  policyHolders,
  type LocatedPolicy,
  type PolicyDeclaration,
} from "./policies";
