import type { KindSpec } from "./kinds/types";

/**
 * The properties a kind's resource registers: every input of its table as the program gave it, and
 * every output (not also an input) left for the provider to fill.
 * @internal
 */
export function resourceProps(kind: KindSpec, args: object): Record<string, unknown> {
  const given = args as Readonly<Record<string, unknown>>;
  const props: Record<string, unknown> = {};
  for (const name of Object.keys(kind.fields)) props[name] = given[name];
  for (const name of Object.keys(kind.outputs)) if (!(name in props)) props[name] = undefined;
  return props;
}
