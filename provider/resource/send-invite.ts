// The one path by which both `Invite` and `Member` send an invite: adopt or refuse a pending invite,
// check the cap, send exactly once, and keep an invite that was sent but could not be recorded.
import { DataTrailsError, isNotFound, type DataTrailsClient, type InviteRecord } from "../client";
import { isCapRefusal, type InviteQuota } from "./quota";
import type { TenancyIndex } from "./tenancy";

/**
 * An error from `create` after the invite already exists: Pulumi reads `id` and `properties` and keeps
 * the invite in state, so it is neither orphaned nor sent twice.
 */
export class InviteCreatedButFailedError extends DataTrailsError {
  /** Identity of the invite that was created. */
  readonly id: string;
  /** Outputs recorded for it. */
  readonly properties: Record<string, unknown>;
  /** Why the create did not finish. */
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>) {
    super(message);
    this.name = "InviteCreatedButFailedError";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}

/**
 * Outputs with the serialized provider beside them, as the engine keeps them in state.
 * @internal
 */
export function withProvider<T extends object>(
  outputs: T,
  providerString: string | undefined,
): T & { __provider?: string } {
  return providerString === undefined ? outputs : { ...outputs, __provider: providerString };
}

/**
 * What sending and withdrawing invites use of the deployment's session (a stub in the lifecycle's
 * tests).
 * @internal
 */
export interface InviteSession {
  /** The API calls made. */
  client: Pick<DataTrailsClient, "createInvite" | "deleteInvite">;
  /** The shared listings, kept current with what is sent and withdrawn. */
  tenancy: Pick<TenancyIndex, "invitesBeforeCreate" | "recordCreated" | "recordDeleted">;
  /** The invite cap. */
  quota: Pick<InviteQuota, "ensureRoom" | "noteSent" | "noteWithdrawn" | "refusal">;
}

/**
 * What to invite, as checked inputs give it.
 * @internal
 */
export interface InviteRequest {
  /** The checked email. */
  email: string;
  /** The message, if any. */
  message?: string;
  /** Whether a pending invite for the email may be taken over. */
  adopt: boolean;
  /** The resource asking, as the refusal to adopt names it. */
  resource: string;
  /** The serialized provider, kept in the outputs of an invite sent but not recorded. */
  providerString: string | undefined;
}

/**
 * Takes over the pending invite for the email when `adopt` allows it (refusing otherwise, naming it
 * and the way to adopt it), else sends one: only after the cap said there is room (read once per
 * deployment), exactly once, with the service's 402 reported in the same words as that check.
 *
 * @param outputsFor the resource's outputs for the invite, and whether it was adopted
 * @returns the invite's identity and outputs
 * @throws InviteCreatedButFailedError when the invite was sent but its answer cannot be recorded
 * @internal
 */
export async function adoptOrSendInvite<O extends object>(
  session: InviteSession,
  request: InviteRequest,
  outputsFor: (invite: InviteRecord, adopted: boolean) => O,
): Promise<{ id: string; outs: O }> {
  const { client, tenancy, quota } = session;
  const { email, message } = request;
  const { pending, known } = await tenancy.invitesBeforeCreate(email);
  if (pending.length > 0) {
    const existing = pending[0];
    if (!request.adopt) {
      throw new DataTrailsError(
        `${email} already has a pending invite (${existing.identity}, expires ${existing.expiryTime}) ` +
          `that this stack does not manage. Set adopt: true on this ${request.resource} to take it over ` +
          `without sending another email, or delete that invite first.`,
      );
    }
    return { id: existing.identity, outs: outputsFor(existing, true) };
  }

  await quota.ensureRoom(email);
  let invite: InviteRecord;
  try {
    invite = await client.createInvite(
      { email, ...(message !== undefined ? { message } : {}) },
      // Any invite listed for this email now (expired ones too) is not the one this create makes.
      { knownIdentities: known },
    );
  } catch (err) {
    if (isCapRefusal(err)) throw await quota.refusal(email, err);
    throw err;
  }
  quota.noteSent();
  tenancy.recordCreated(invite);
  const outs = outputsFor(invite, false);
  if (invite.email.toLowerCase() !== email.toLowerCase()) {
    throw new InviteCreatedButFailedError(
      `invite ${invite.identity} was created, but DataTrails answered with an invite for ${invite.email}, ` +
        `not ${email}: the invite is kept in state so that destroy or the next up can remove it`,
      invite.identity,
      withProvider(outs, request.providerString),
    );
  }
  return { id: invite.identity, outs };
}

/**
 * Withdraws an invite (already gone counts as done) and keeps the deployment's listing and cap count
 * current.
 * @internal
 */
export async function withdrawInvite(session: InviteSession, identity: string): Promise<void> {
  const { client, tenancy, quota } = session;
  try {
    await client.deleteInvite(identity);
    quota.noteWithdrawn();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  tenancy.recordDeleted(identity);
}
