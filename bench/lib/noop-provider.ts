/**
 * The baseline of P1, P2, P5 and P7: a dynamic provider that does nothing (create returns an id at
 * once), so a run of it measures only the engine, the program and Pulumi's dynamic-provider host.
 */
import * as pulumi from "@pulumi/pulumi";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";

const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Record<string, unknown>) {
    return { id: String(inputs.email), outs: inputs };
  },
  async delete() {
    return;
  },
};

/** Inputs of a {@link NoopResource}. */
export interface NoopArgs {
  /** Any string; it becomes the id. */
  email: pulumi.Input<string>;
}

/** A `pulumi.dynamic.Resource` whose provider does nothing. */
export class NoopResource extends pulumi.dynamic.Resource {
  /**
   * @param name - The resource name.
   * @param args - Its inputs.
   */
  constructor(name: string, args: NoopArgs) {
    super(noopProvider, name, { email: args.email }, undefined, "bench", "Noop");
  }
}

let serialized: Promise<string> | undefined;

/** The `__provider` text of the do-nothing provider, for driving the host with it directly. */
export function noopProviderSource(): Promise<string> {
  serialized ??= serializeFunction(() => noopProvider, { allowSecrets: true }).then((sf) => sf.text);
  return serialized;
}
