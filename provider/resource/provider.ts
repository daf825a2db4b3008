import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as accessPolicyHandlers from "./access-policy-handlers";
import * as inviteHandlers from "./handlers";
import { ACCESS_POLICY, INVITE, MEMBER } from "./kinds";
import type {
  MemberProviderInputs,
  MemberProviderOutputs,
  ProviderInputs,
  ProviderOutputs,
} from "./lifecycle";
import * as memberHandlers from "./member-handlers";
import { handlersByName, isInstalledPackage } from "./provider-loader";

/**
 * The provider every resource of a kind shares. Installed as a package, it is the kind's handlers
 * module itself, which Pulumi records as one `require` line of the kind's handler module; from a
 * checkout, stubs that load that module by name (see provider-loader.ts).
 */
function shared<I, O>(
  handlers: Required<ResourceProvider<I, O>>,
  kind: { handlerModule: string },
): ResourceProvider<I, O> {
  return isInstalledPackage() ? handlers : handlersByName<I, O>(kind.handlerModule);
}

/**
 * The provider every `Invite` shares.
 * @internal
 */
export const inviteProvider = shared<ProviderInputs, ProviderOutputs>(inviteHandlers, INVITE);

/**
 * The provider every `Member` shares.
 * @internal
 */
export const memberProvider = shared<MemberProviderInputs, MemberProviderOutputs>(memberHandlers, MEMBER);

/**
 * The provider every `AccessPolicy` shares.
 * @internal
 */
export const accessPolicyProvider = shared<Record<string, unknown>, Record<string, unknown>>(
  accessPolicyHandlers,
  ACCESS_POLICY,
);
