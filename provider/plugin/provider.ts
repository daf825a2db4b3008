/**
 * The native provider: a `Provider` for `@pulumi/pulumi/provider`'s server whose every method is the
 * dynamic providers' handler (provider/resource/handlers.ts for the Invite, member-handlers.ts for the
 * Member) or program function (provider/resource/functions.ts) for the same thing. This file only maps
 * the RPC shapes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { DataTrailsError, isRecord } from "../client";
import * as inviteHandlers from "../resource/handlers";
import type { ProviderInputs, ProviderOutputs } from "../resource/handlers";
import * as memberHandlers from "../resource/member-handlers";
import type { MemberProviderInputs, MemberProviderOutputs } from "../resource/member-handlers";
import { getInviteWith, listInvitesWith } from "../resource/functions";
import { currentSession } from "../resource/session";
import { importInvite, importMember } from "./import";
import { TOKENS } from "./schema-spec";

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<parent$>type::<name>`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts.length >= 4 ? parts[2] : "";
  return qualified.split("$").pop() ?? "";
}

/** Which handlers serve a URN: the Invite's or the Member's. */
function kindOf(urn: string): "Invite" | "Member" {
  const type = typeOfUrn(urn);
  if (type === TOKENS.invite) return "Invite";
  if (type === TOKENS.member) return "Member";
  throw new DataTrailsError(
    `the datatrails provider has no resource type ${JSON.stringify(type)} (${urn}): it serves ${TOKENS.invite} and ${TOKENS.member}`,
  );
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

  /** Validates inputs: `check()` of the dynamic Invite or Member. */
  async check(urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.CheckResult> {
    return kindOf(urn) === "Invite"
      ? inviteHandlers.check(props<ProviderInputs>(olds), props<ProviderInputs>(news))
      : memberHandlers.check(props<MemberProviderInputs>(olds), props<MemberProviderInputs>(news));
  }

  /** Plans replace or update without calling the API: `diff()` of the dynamic Invite or Member. */
  async diff(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.DiffResult> {
    return kindOf(urn) === "Invite"
      ? inviteHandlers.diff(id, props<ProviderOutputs>(olds), props<ProviderInputs>(news))
      : memberHandlers.diff(id, props<MemberProviderOutputs>(olds), props<MemberProviderInputs>(news));
  }

  /** Sends (or adopts, or takes over a member for) an invite: `create()` of the dynamic Invite or Member. */
  async create(urn: pulumi.URN, inputs: unknown): Promise<provider.CreateResult> {
    return kindOf(urn) === "Invite"
      ? inviteHandlers.create(props<ProviderInputs>(inputs))
      : memberHandlers.create(props<MemberProviderInputs>(inputs));
  }

  /**
   * Refreshes (`read()` of the dynamic Invite or Member), or, when the engine sends no recorded
   * outputs (an import), adopts what the import ID names and returns inputs as well.
   */
  async read(id: pulumi.ID, urn: pulumi.URN, recorded?: unknown): Promise<provider.ReadResult> {
    const kind = kindOf(urn);
    const outputs = props(recorded);
    if (Object.keys(outputs).length === 0) {
      const imported = kind === "Invite" ? await importInvite(id) : await importMember(id);
      return imported === undefined ? {} : imported;
    }
    return kind === "Invite"
      ? inviteHandlers.read(id, outputs as ProviderOutputs)
      : memberHandlers.read(id, outputs);
  }

  /** Records new switches (a Member's access too): `update()` of the dynamic Invite or Member. */
  async update(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
    return kindOf(urn) === "Invite"
      ? inviteHandlers.update(id, props<ProviderOutputs>(olds), props<ProviderInputs>(news))
      : memberHandlers.update(id, props<MemberProviderOutputs>(olds), props<MemberProviderInputs>(news));
  }

  /** Withdraws a pending invite; a member as `onRemove` says: `delete()` of the dynamic Invite or Member. */
  async delete(id: pulumi.ID, urn: pulumi.URN, recorded: unknown): Promise<void> {
    if (kindOf(urn) === "Invite") await inviteHandlers.delete(id, props<ProviderOutputs>(recorded));
    else await memberHandlers.delete(id, props<MemberProviderOutputs>(recorded));
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
      const invite = await getInviteWith(currentSession().client, args.identity);
      return { outputs: invite === undefined ? {} : { invite } };
    }
    if (token === TOKENS.listInvites) {
      if (args.email !== undefined && typeof args.email !== "string") {
        return {
          failures: [{ property: "email", reason: 'email must be a string such as "alice@example.com"' }],
        };
      }
      const invites = await listInvitesWith(
        currentSession().client,
        typeof args.email === "string" ? { email: args.email } : {},
      );
      return { outputs: { invites } };
    }
    throw new DataTrailsError(
      `the datatrails provider has no function ${JSON.stringify(token)}: it serves ${TOKENS.getInvite} and ${TOKENS.listInvites}`,
    );
  }
}
