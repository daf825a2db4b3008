import * as path from "path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * True when this package was loaded from a `node_modules` folder (installed, not a checkout).
 * @internal
 */
export function isInstalledPackage(): boolean {
  return __filename.split(path.sep).includes("node_modules");
}

/**
 * A provider whose every method loads the handlers module `moduleName` (a package subpath, see
 * `exports` in package.json) by name when called.
 *
 * When this package runs from a source checkout, Pulumi would serialize a handlers module by value
 * (code, and the whole client with it) into every resource's state. These stubs load it by package
 * name at run time instead, which keeps state small and free of anything but code. Pulumi serializes
 * each function with what it captures, comments inside its body included: so one short-named loader,
 * captured by every stub and serialized once, and rest parameters. Installed, a provider is the
 * handlers module itself, which Pulumi records as one `require` line, and this is not used.
 * @internal
 */
export function handlersByName<I, O>(moduleName: string): ResourceProvider<I, O> {
  /* eslint-disable @typescript-eslint/no-require-imports -- resolved by the host at run time */
  const load = (): Required<ResourceProvider<I, O>> =>
    require(moduleName) as Required<ResourceProvider<I, O>>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Every handlers module implements every method (checked where each provider is declared).
  return {
    configure: (...a) => load().configure(...a),
    check: (...a) => load().check(...a),
    diff: (...a) => load().diff(...a),
    create: (...a) => load().create(...a),
    read: (...a) => load().read(...a),
    update: (...a) => load().update(...a),
    delete: (...a) => load().delete(...a),
  };
}
