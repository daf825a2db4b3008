// The AccessPolicy's dynamic provider, the package subpath `./dynamic-provider/access-policy`: the
// policy lifecycle. Pulumi serializes a reference to this module, never its values.
import { policyProvider } from "./policy-lifecycle";

const provider = policyProvider<Record<string, unknown>, Record<string, unknown>>();
export const { configure, check, diff, create, read, update, delete: remove } = provider;
export { remove as delete };
