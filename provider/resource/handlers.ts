// The Invite's dynamic provider, the package subpath `./dynamic-provider`: the person lifecycle with
// the Invite's table. Pulumi serializes a reference to this module (never its values) into every
// Invite's state; the function names are that reference's contract.
import { INVITE } from "./kinds";
import { personProvider, type ProviderInputs, type ProviderOutputs } from "./lifecycle";

export { InviteCreatedButFailedError } from "./send-invite";
export type { ProviderInputs, ProviderOutputs } from "./lifecycle";
const provider = personProvider<ProviderInputs, ProviderOutputs>(INVITE);
export const { configure, check, diff, create, read, update, delete: remove } = provider;
export { remove as delete };
