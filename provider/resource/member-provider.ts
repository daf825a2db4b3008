import * as path from "path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as handlers from "./member-handlers";
import type { MemberProviderInputs, MemberProviderOutputs } from "./member-handlers";

/** The package subpath that exports the Member's handlers (see `exports` in package.json). */
const MEMBER_HANDLERS_MODULE = "pulumi-datatrails-invites/dynamic-provider/member";

type Handlers = typeof handlers;

// Compile-time proof that the handlers module is a complete, typed ResourceProvider.
const typedHandlers: ResourceProvider<MemberProviderInputs, MemberProviderOutputs> = handlers;

// As for the Invite (provider.ts): from a source checkout the handlers module is loaded by package
// name at run time, so state holds one short loader instead of the whole client serialized by value.
/* eslint-disable @typescript-eslint/no-require-imports -- resolved by the host at run time */
const load = (): Handlers => require(MEMBER_HANDLERS_MODULE) as Handlers;
/* eslint-enable @typescript-eslint/no-require-imports */

const byName: ResourceProvider<MemberProviderInputs, MemberProviderOutputs> = {
  configure: (...a) => load().configure(...a),
  check: (...a) => load().check(...a),
  diff: (...a) => load().diff(...a),
  create: (...a) => load().create(...a),
  read: (...a) => load().read(...a),
  update: (...a) => load().update(...a),
  delete: (...a) => load().delete(...a),
};

/**
 * The provider every `Member` shares: the handlers module itself when this package is installed,
 * the by-name stubs above from a checkout.
 * @internal
 */
export const memberProvider: ResourceProvider<MemberProviderInputs, MemberProviderOutputs> = __filename
  .split(path.sep)
  .includes("node_modules")
  ? typedHandlers
  : byName;
