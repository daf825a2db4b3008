// The Member's dynamic provider, the package subpath `./dynamic-provider/member`: the person lifecycle
// with the Member's table. Pulumi serializes a reference to this module, never its values.
import { MEMBER } from "./kinds";
import { personProvider, type MemberProviderInputs, type MemberProviderOutputs } from "./lifecycle";

export type { MemberProviderInputs, MemberProviderOutputs } from "./lifecycle";
const provider = personProvider<MemberProviderInputs, MemberProviderOutputs>(MEMBER);
export const { configure, check, diff, create, read, update, delete: remove } = provider;
export { remove as delete };
