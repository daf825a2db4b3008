// The SDK's index (its runtime, closure serializer and TypeScript) is loaded only when a program calls
// getInvite or listInvites: the native plugin serves the same functions with a client of its own and
// would otherwise start seconds slower and tens of MB larger for nothing.
import type * as Pulumi from "@pulumi/pulumi";
import { DataTrailsClient, isNotFound } from "../client";
import { clientOptionsFor, resolveSettings } from "./settings";
import { inviteInfo, type InviteInfo } from "./outputs";

/** Filters for {@link listInvites}. */
export interface ListInvitesArgs {
  /** Only invites for this email address (case-insensitive). */
  email?: string;
}

async function programClient(): Promise<DataTrailsClient> {
  const pulumi: typeof Pulumi = await import("@pulumi/pulumi");
  // The program process sees stack config directly (secrets included, decrypted).
  const settings = resolveSettings({ get: (key) => pulumi.runtime.getConfig(key) }, process.env);
  return new DataTrailsClient(clientOptionsFor(settings));
}

/**
 * Looks one invite up by identity (`invites/<uuid>` or the bare uuid). Resolves to `undefined` when
 * DataTrails has no such invite (accepted, revoked or purged). Uses the same configuration as the
 * provider (`datatrails:*` stack config, then `DATATRAILS_*`).
 */
export async function getInvite(identity: string): Promise<InviteInfo | undefined> {
  return getInviteWith(await programClient(), identity);
}

/**
 * {@link getInvite} through a given client: the native provider's `datatrails:index:getInvite` calls
 * it with the provider's configured client, so both shells share one behaviour.
 * @internal
 */
export async function getInviteWith(
  client: DataTrailsClient,
  identity: string,
): Promise<InviteInfo | undefined> {
  try {
    const invite = await client.getInvite(identity);
    return inviteInfo(invite, client.serverNow());
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Lists the tenancy's invites (every page), optionally for one email address, e.g. to report invites
 * that no program declares.
 */
export async function listInvites(args: ListInvitesArgs = {}): Promise<InviteInfo[]> {
  return listInvitesWith(await programClient(), args);
}

/**
 * {@link listInvites} through a given client (the native provider's `datatrails:index:listInvites`).
 * @internal
 */
export async function listInvitesWith(
  client: DataTrailsClient,
  args: ListInvitesArgs = {},
): Promise<InviteInfo[]> {
  const out: InviteInfo[] = [];
  for await (const invite of client.listInvites(args.email !== undefined ? { email: args.email } : {})) {
    out.push(inviteInfo(invite, client.serverNow()));
  }
  return out;
}
