export { Invitees, inviteResourceName, type InviteesArgs, type InviteeDefaults } from "./invitees";
export {
  checkInvitees,
  parseInviteeList,
  projectFolder,
  readInviteeFile,
  InviteeListError,
  type InviteeSpec,
  type LocatedInvitee,
} from "./spec";
