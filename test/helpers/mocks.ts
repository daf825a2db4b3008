import * as pulumi from "@pulumi/pulumi";

/** A resource registration seen by the mocks. */
export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Every resource registered since {@link installMocks}. */
export const registrations: Registration[] = [];

let installed: Promise<void> | undefined;

/** Replaces Pulumi's runtime with mocks once per process (mocha runs these files in their own process). */
export function installMocks(): Promise<void> {
  installed ??= pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === "pulumi-nodejs:dynamic/datatrails:Invite") {
          state.status = "pending";
          state.identity = `invites/${args.name}`;
        }
        if (args.type === "pulumi-nodejs:dynamic/datatrails:Member") {
          state.status = "invited";
          state.inviteIdentity = `invites/${args.name}`;
        }
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  return installed;
}

/** Resolves an Output's value (mocks resolve everything). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
