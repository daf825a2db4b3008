import * as path from "path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as handlers from "./handlers";
import type { ProviderInputs, ProviderOutputs } from "./handlers";

/** The package subpath that exports the provider's handlers (see `exports` in package.json). */
export const HANDLERS_MODULE = "pulumi-datatrails-invites/dynamic-provider";

type Handlers = typeof handlers;

// Compile-time proof that the handlers module is a complete, typed ResourceProvider.
const typedHandlers: ResourceProvider<ProviderInputs, ProviderOutputs> = handlers;

// When this file runs from a source checkout, Pulumi would serialize the handlers module by value
// (code, and the whole client with it) into every resource's state. These stubs load it by package
// name at run time instead, which keeps state small and free of anything but code.
/* eslint-disable @typescript-eslint/no-require-imports -- a literal require is what Pulumi must see */
const byName: ResourceProvider<ProviderInputs, ProviderOutputs> = {
  configure: (req) => (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).configure(req),
  check: (olds, news) =>
    (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).check(olds, news),
  diff: (id, olds, news) =>
    (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).diff(id, olds, news),
  create: (inputs) => (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).create(inputs),
  read: (id, props) => (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).read(id, props),
  update: (id, olds, news) =>
    (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).update(id, olds, news),
  delete: (id, props) =>
    (require("pulumi-datatrails-invites/dynamic-provider") as Handlers).delete(id, props),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** True when this package was loaded from a `node_modules` folder (installed, not a checkout). */
export function isInstalledPackage(file: string = __filename): boolean {
  return file.split(path.sep).includes("node_modules");
}

/**
 * The provider every `Invite` shares. Installed as a package, it is the handlers module itself, which
 * Pulumi records as one `require` line; from a checkout, the by-name stubs above.
 */
export const inviteProvider: ResourceProvider<ProviderInputs, ProviderOutputs> = isInstalledPackage()
  ? typedHandlers
  : byName;
