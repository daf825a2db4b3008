/**
 * The native provider: a `Provider` for `@pulumi/pulumi/provider`'s server whose every method is the
 * dynamic provider's handler (provider/resource/handlers.ts) or program function
 * (provider/resource/functions.ts) for the same thing. This file only maps the RPC shapes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { DataTrailsError, isRecord } from "../client";
import * as handlers from "../resource/handlers";
import type { ProviderInputs, ProviderOutputs } from "../resource/handlers";
import { getInviteWith, listInvitesWith } from "../resource/functions";
import { importInvite } from "./import";
import { TOKENS } from "./schema-spec";

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<parent$>type::<name>`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts.length >= 4 ? parts[2] : "";
  return qualified.split("$").pop() ?? "";
}

function requireInvite(urn: string): void {
  const type = typeOfUrn(urn);
  if (type !== TOKENS.invite) {
    throw new DataTrailsError(
      `the datatrails provider has no resource type ${JSON.stringify(type)} (${urn}): it serves ${TOKENS.invite}`,
    );
  }
}

// The engine's properties, handed to the handlers as the dynamic-provider host hands them over:
// unchecked (check() is what validates them).
function props<T = Record<string, unknown>>(value: unknown): T {
  return (isRecord(value) ? value : {}) as T;
}

/** The native provider over the shared handlers. */
export class DataTrailsProvider implements provider.Provider {
  /**
   * @param version - Reported by GetPluginInfo (the package's version).
   * @param schema - Served by GetSchema (schema.json's text).
   */
  constructor(
    readonly version: string,
    readonly schema: string,
  ) {}

  /** Validates Invite inputs: `check()` of the dynamic provider. */
  async check(urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.CheckResult> {
    requireInvite(urn);
    return handlers.check(props<ProviderInputs>(olds), props<ProviderInputs>(news));
  }

  /** Plans replace or update without calling the API: `diff()` of the dynamic provider. */
  async diff(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.DiffResult> {
    requireInvite(urn);
    return handlers.diff(id, props<ProviderOutputs>(olds), props<ProviderInputs>(news));
  }

  /** Sends (or adopts, or records the member for) an invite: `create()` of the dynamic provider. */
  async create(urn: pulumi.URN, inputs: unknown): Promise<provider.CreateResult> {
    requireInvite(urn);
    return handlers.create(props<ProviderInputs>(inputs));
  }

  /**
   * Refreshes an invite (`read()` of the dynamic provider), or, when the engine sends no recorded
   * outputs (an import), adopts what the import ID names and returns inputs as well.
   */
  async read(id: pulumi.ID, urn: pulumi.URN, recorded?: unknown): Promise<provider.ReadResult> {
    requireInvite(urn);
    const outputs = props<ProviderOutputs>(recorded);
    if (Object.keys(outputs).length === 0) {
      const imported = await importInvite(id);
      return imported === undefined ? {} : imported;
    }
    return handlers.read(id, outputs);
  }

  /** Records new switches; sends nothing: `update()` of the dynamic provider. */
  async update(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
    requireInvite(urn);
    return handlers.update(id, props<ProviderOutputs>(olds), props<ProviderInputs>(news));
  }

  /** Withdraws a pending invite, never a member: `delete()` of the dynamic provider. */
  async delete(id: pulumi.ID, urn: pulumi.URN, recorded: unknown): Promise<void> {
    requireInvite(urn);
    await handlers.delete(id, props<ProviderOutputs>(recorded));
  }

  /** `getInvite` and `listInvites`, with the provider's configured client. */
  async invoke(token: string, inputs: unknown): Promise<provider.InvokeResult> {
    const args = props(inputs);
    if (token === TOKENS.getInvite) {
      if (typeof args.identity !== "string") {
        return {
          failures: [{ property: "identity", reason: 'identity must be a string such as "invites/<uuid>"' }],
        };
      }
      const invite = await getInviteWith(handlers.configuredClient(), args.identity);
      return { outputs: invite === undefined ? {} : { invite } };
    }
    if (token === TOKENS.listInvites) {
      if (args.email !== undefined && typeof args.email !== "string") {
        return {
          failures: [{ property: "email", reason: 'email must be a string such as "alice@example.com"' }],
        };
      }
      const invites = await listInvitesWith(
        handlers.configuredClient(),
        typeof args.email === "string" ? { email: args.email } : {},
      );
      return { outputs: { invites } };
    }
    throw new DataTrailsError(
      `the datatrails provider has no function ${JSON.stringify(token)}: it serves ${TOKENS.getInvite} and ${TOKENS.listInvites}`,
    );
  }
}
