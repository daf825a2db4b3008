export { Invite, type InviteArgs } from "./invite";
export { getInvite, listInvites, type InviteInfo, type ListInvitesArgs } from "./functions";
export { type InviteStatus, type InviteOutputs } from "./outputs";
export { INVITE_DEFAULTS } from "./inputs";
export { CONFIG_KEYS, ENV_NAMES, DEFAULT_URL, resolveSettings, type ProviderSettings } from "./settings";
export { inviteProvider, HANDLERS_MODULE } from "./provider";
export { InviteCreatedButFailedError } from "./handlers";
