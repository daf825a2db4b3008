/**
 * The native provider: a `Provider` for `@pulumi/pulumi/provider`'s server that serves each resource
 * type token with the dynamic provider of the kind whose table declares it (the person lifecycle,
 * provider/resource/lifecycle.ts, or the policy lifecycle, provider/resource/policy-lifecycle.ts), and the functions with the program functions
 * (provider/resource/functions.ts). This file only maps the RPC shapes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import type * as provider from "@pulumi/pulumi/provider";
import { DataTrailsError, isRecord } from "../client";
import { getInviteWith, listInvitesWith } from "../resource/functions";
import { ACCESS_POLICY, PERSON_KINDS, type KindSpec } from "../resource/kinds";
import { personProvider } from "../resource/lifecycle";
import { policyProvider } from "../resource/policy-lifecycle";
import { currentSession } from "../resource/session";
import { importPerson, type Imported } from "./import";
import { importPolicy } from "./import-policy";
import { TOKENS } from "./schema-spec";

type Props = Record<string, unknown>;

/** What serves one resource type: its kind, the kind's dynamic provider, and its import. */
interface Served {
  /** The kind's table. */
  kind: KindSpec;
  /** The dynamic provider every method hands over to. */
  handlers: Required<ResourceProvider<Props, Props>>;
  /** Reads what an import ID names, with the inputs that declare it. */
  adopt(id: string): Promise<Imported | undefined>;
}

/**
 * The providers by type token, each built from its kind's table (as pulumi-eks maps its tokens to
 * providers); each method looks its resource's up.
 * @internal
 */
export const providers: Readonly<Record<string, Served>> = Object.fromEntries(
  [
    ...PERSON_KINDS.map((kind): Served => ({
      kind,
      handlers: personProvider<Props, Props>(kind),
      adopt: (id) => importPerson(kind, id),
    })),
    { kind: ACCESS_POLICY, handlers: policyProvider<Props, Props>(), adopt: importPolicy } satisfies Served,
  ].map((served): [string, Served] => [served.kind.tokens.native, served]),
);

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<parent$>type::<name>`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts.length >= 4 ? parts[2] : "";
  return qualified.split("$").pop() ?? "";
}

/** What serves a URN's resource type; refuses, naming those served, any other. */
function servedFor(urn: string): Served {
  const type = typeOfUrn(urn);
  const served = providers[type];
  if (served) return served;
  const tokens = Object.keys(providers);
  throw new DataTrailsError(
    `the datatrails provider has no resource type ${JSON.stringify(type)} (${urn}): it serves ${tokens.slice(0, -1).join(", ")} and ${tokens[tokens.length - 1]}`,
  );
}

// The engine's properties, handed to the handlers as the dynamic-provider host hands them over:
// unchecked (check() is what validates them).
function props(value: unknown): Props {
  return isRecord(value) ? value : {};
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

  /** Validates inputs: the kind's `check()`. */
  async check(urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.CheckResult> {
    return servedFor(urn).handlers.check(props(olds), props(news));
  }

  /** Plans replace or update without calling the API: the kind's `diff()`. */
  async diff(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.DiffResult> {
    return servedFor(urn).handlers.diff(id, props(olds), props(news));
  }

  /** Creates the resource (an invite sent or adopted, a member taken over, a policy): the kind's `create()`. */
  async create(urn: pulumi.URN, inputs: unknown): Promise<provider.CreateResult> {
    return servedFor(urn).handlers.create(props(inputs));
  }

  /**
   * Refreshes (the kind's `read()`), or, when the engine sends no recorded outputs (an import), adopts
   * what the import ID names and returns inputs as well.
   */
  async read(id: pulumi.ID, urn: pulumi.URN, recorded?: unknown): Promise<provider.ReadResult> {
    const served = servedFor(urn);
    const outputs = props(recorded);
    if (Object.keys(outputs).length > 0) return served.handlers.read(id, outputs);
    return (await served.adopt(id)) ?? {};
  }

  /** Updates in place (switches, a Member's access, a policy's PATCH): the kind's `update()`. */
  async update(id: pulumi.ID, urn: pulumi.URN, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
    return servedFor(urn).handlers.update(id, props(olds), props(news));
  }

  /** Removes the resource (an invite withdrawn, a member as `onRemove` says, a policy): the kind's `delete()`. */
  async delete(id: pulumi.ID, urn: pulumi.URN, recorded: unknown): Promise<void> {
    await servedFor(urn).handlers.delete(id, props(recorded));
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
