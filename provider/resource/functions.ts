import * as pulumi from "@pulumi/pulumi";
import { DataTrailsClient, isNotFound, type Invite as WireInvite } from "../client";
import { clientOptionsFor, resolveSettings } from "./settings";
import { statusOf } from "./outputs";

/** An invite as a program sees it through {@link getInvite} and {@link listInvites}. */
export interface InviteInfo {
  /** `invites/<uuid>`. */
  identity: string;
  /** The invitee's email address. */
  email: string;
  /** Text of the invitation (`""` for none). */
  message: string;
  /** When it expires, RFC 3339 UTC. */
  expiryTime: string;
  /** `pending` until the expiry time passes, then `expired`. */
  status: "pending" | "expired";
}

/** Filters for {@link listInvites}. */
export interface ListInvitesArgs {
  /** Only invites for this email address (case-insensitive). */
  email?: string;
}

function programClient(): DataTrailsClient {
  // The program process sees stack config directly (secrets included, decrypted).
  const settings = resolveSettings({ get: (key) => pulumi.runtime.getConfig(key) }, process.env);
  return new DataTrailsClient(clientOptionsFor(settings));
}

function info(invite: WireInvite, now: number): InviteInfo {
  return {
    identity: invite.identity,
    email: invite.email,
    message: invite.message,
    expiryTime: invite.expiryTime,
    status: statusOf(invite.expiryTime, now),
  };
}

/**
 * Looks one invite up by identity (`invites/<uuid>` or the bare uuid). Resolves to `undefined` when
 * DataTrails has no such invite (accepted, revoked or purged). Uses the same configuration as the
 * provider (`datatrails:*` stack config, then `DATATRAILS_*`).
 */
export async function getInvite(identity: string): Promise<InviteInfo | undefined> {
  const client = programClient();
  try {
    const invite = await client.getInvite(identity);
    return info(invite, client.serverNow());
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
  const client = programClient();
  const out: InviteInfo[] = [];
  for await (const invite of client.listInvites(args.email !== undefined ? { email: args.email } : {})) {
    out.push(info(invite, client.serverNow()));
  }
  return out;
}
