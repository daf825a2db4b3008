import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as handlers from "./handlers";
import type { ProviderInputs, ProviderOutputs } from "./handlers";
import { handlersByName, isInstalledPackage } from "./provider-loader";

/** The package subpath that exports the provider's handlers (see `exports` in package.json). */
const HANDLERS_MODULE = "pulumi-datatrails-invites/dynamic-provider";

// Compile-time proof that the handlers module is a complete, typed ResourceProvider.
const typedHandlers: Required<ResourceProvider<ProviderInputs, ProviderOutputs>> = handlers;

/**
 * The provider every `Invite` shares. Installed as a package, it is the handlers module itself, which
 * Pulumi records as one `require` line; from a checkout, stubs that load it by name (see
 * provider-loader.ts).
 * @internal
 */
export const inviteProvider: ResourceProvider<ProviderInputs, ProviderOutputs> = isInstalledPackage()
  ? typedHandlers
  : handlersByName<ProviderInputs, ProviderOutputs>(HANDLERS_MODULE);
