/**
 * The baseline of P7: a dynamic provider that does nothing (create returns an id at once), so an
 * `up` of it measures only the engine, the program and the dynamic-provider host.
 */
import * as pulumi from "@pulumi/pulumi";

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
