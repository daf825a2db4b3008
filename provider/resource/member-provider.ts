import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as handlers from "./member-handlers";
import type { MemberProviderInputs, MemberProviderOutputs } from "./member-handlers";
import { handlersByName, isInstalledPackage } from "./provider-loader";

/** The package subpath that exports the Member's handlers (see `exports` in package.json). */
const MEMBER_HANDLERS_MODULE = "pulumi-datatrails-invites/dynamic-provider/member";

// Compile-time proof that the handlers module is a complete, typed ResourceProvider.
const typedHandlers: Required<ResourceProvider<MemberProviderInputs, MemberProviderOutputs>> = handlers;

/**
 * The provider every `Member` shares: the handlers module itself when this package is installed,
 * stubs that load it by name from a checkout (see provider-loader.ts).
 * @internal
 */
export const memberProvider: ResourceProvider<MemberProviderInputs, MemberProviderOutputs> =
  isInstalledPackage()
    ? typedHandlers
    : handlersByName<MemberProviderInputs, MemberProviderOutputs>(MEMBER_HANDLERS_MODULE);
