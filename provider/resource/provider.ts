import * as path from "path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as handlers from "./handlers";
import type { ProviderInputs, ProviderOutputs } from "./handlers";

/** The package subpath that exports the provider's handlers (see `exports` in package.json). */
const HANDLERS_MODULE = "pulumi-datatrails-invites/dynamic-provider";

type Handlers = typeof handlers;

// Compile-time proof that the handlers module is a complete, typed ResourceProvider.
const typedHandlers: ResourceProvider<ProviderInputs, ProviderOutputs> = handlers;

// When this file runs from a source checkout, Pulumi would serialize the handlers module by value
// (code, and the whole client with it) into every resource's state. The stubs below load it by
// package name at run time instead, which keeps state small and free of anything but code.
// Pulumi serializes each function with what it captures, comments inside its body included: so one
// short-named loader, captured by every stub and serialized once, and rest parameters.
/* eslint-disable @typescript-eslint/no-require-imports -- resolved by the host at run time */
const load = (): Handlers => require(HANDLERS_MODULE) as Handlers;
/* eslint-enable @typescript-eslint/no-require-imports */

const byName: ResourceProvider<ProviderInputs, ProviderOutputs> = {
  configure: (...a) => load().configure(...a),
  check: (...a) => load().check(...a),
  diff: (...a) => load().diff(...a),
  create: (...a) => load().create(...a),
  read: (...a) => load().read(...a),
  update: (...a) => load().update(...a),
  delete: (...a) => load().delete(...a),
};

/**
 * True when this package was loaded from a `node_modules` folder (installed, not a checkout).
 */
function isInstalledPackage(): boolean {
  return __filename.split(path.sep).includes("node_modules");
}

/**
 * The provider every `Invite` shares. Installed as a package, it is the handlers module itself, which
 * Pulumi records as one `require` line; from a checkout, the by-name stubs above.
 * @internal
 */
export const inviteProvider: ResourceProvider<ProviderInputs, ProviderOutputs> = isInstalledPackage()
  ? typedHandlers
  : byName;
