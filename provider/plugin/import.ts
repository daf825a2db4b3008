/**
 * `pulumi import` and the `import` resource option: the engine calls Read with nothing but the ID.
 * The ID is parsed ({@link parseImportId}), resolved to the identity DataTrails knows, and read by the
 * same `read` handler a refresh uses (the Invite's or the Member's); nothing is created, so no email is
 * sent.
 */
import { DataTrailsConfigError, emailKey } from "../client";
import * as inviteHandlers from "../resource/handlers";
import type { ProviderOutputs } from "../resource/handlers";
import * as memberHandlers from "../resource/member-handlers";
import type { MemberProviderOutputs } from "../resource/member-handlers";
import { listInvitesWith } from "../resource/functions";
import { INVITE_DEFAULTS, type InviteInputs } from "../resource/inputs";
import { MEMBER_DEFAULTS, type MemberInputs } from "../resource/member-inputs";
import { holdsOwner } from "../resource/member-outputs";
import { pendingNewestFirst } from "../resource/outputs";
import { currentSession } from "../resource/session";
import { parseImportId, type ImportableResource } from "./import-id";

/** What Read answers for an import: the ID to keep in state, the outputs, and the inputs. */
export interface Imported<Outputs, Inputs> {
  /** `invites/<uuid>`, or `members/<uuid>` for a person who already joined. */
  id: string;
  /** The resource's outputs, as a refresh records them. */
  props: Outputs;
  /** Inputs that declare exactly this resource, so the next preview plans no change. */
  inputs: Partial<Inputs>;
}

/** An imported Invite. */
export type ImportedInvite = Imported<ProviderOutputs, InviteInputs>;
/** An imported Member. */
export type ImportedMember = Imported<MemberProviderOutputs, MemberInputs>;

function declaredOf(outs: {
  declaredEmail?: string;
  declaredMessage?: string;
  email?: string;
  message?: string;
}): {
  email: string;
  message: string;
} {
  return {
    email: typeof outs.declaredEmail === "string" ? outs.declaredEmail : (outs.email ?? ""),
    message: typeof outs.declaredMessage === "string" ? outs.declaredMessage : (outs.message ?? ""),
  };
}

/**
 * The Invite inputs a program declares for recorded outputs: the declared email and message, and a
 * switch only where it differs from its default (so generated code stays as short as the README's).
 */
export function inputsFor(outs: ProviderOutputs): Partial<InviteInputs> {
  const { email, message } = declaredOf(outs);
  return {
    email,
    ...(message !== "" ? { message } : {}),
    ...(outs.adopt !== INVITE_DEFAULTS.adopt ? { adopt: outs.adopt } : {}),
    ...(outs.renewExpired !== INVITE_DEFAULTS.renewExpired ? { renewExpired: outs.renewExpired } : {}),
  };
}

/** The Member inputs a program declares for recorded outputs (switches only where not the default). */
export function memberInputsFor(outs: MemberProviderOutputs): Partial<MemberInputs> {
  const { email, message } = declaredOf(outs);
  const differs = <K extends "owner" | "onRemove" | "adopt" | "renewExpired">(key: K) =>
    outs[key] !== undefined && outs[key] !== MEMBER_DEFAULTS[key] ? { [key]: outs[key] } : {};
  return {
    email,
    ...(message !== "" ? { message } : {}),
    ...differs("owner"),
    ...differs("onRemove"),
    ...differs("adopt"),
    ...differs("renewExpired"),
  };
}

/** The newest pending invite for an address, and the identities of its expired ones. */
async function invitesFor(email: string): Promise<{ pending?: string; expired: string[] }> {
  const { client } = currentSession();
  const invites = (await listInvitesWith(client, { email })).filter(
    (i) => emailKey(i.email) === emailKey(email),
  );
  return {
    pending: pendingNewestFirst(invites, client.serverNow())[0]?.identity,
    expired: invites.filter((i) => i.status === "expired").map((i) => i.identity),
  };
}

function nothingToAdopt(
  id: string,
  resource: ImportableResource,
  email: string,
  expired: string[],
): DataTrailsConfigError {
  return new DataTrailsConfigError(
    `Cannot import datatrails:index:${resource} ${JSON.stringify(id)}: DataTrails has no pending invite for ${email} ` +
      `and no ${resource === "Invite" ? "active " : ""}member with that address` +
      (expired.length > 0 ? ` (its expired invites: ${expired.join(", ")}; import one by identity)` : "") +
      `. Declare the ${resource} without \`import\` to send a new invite.`,
    "id",
  );
}

/**
 * Adopts what an import ID names into an Invite. A pending or expired invite is recorded as adopted
 * (this stack did not send it); a membership (by `members/<uuid>`, or by `email:` when the person has
 * joined) as accepted. `email:` prefers the newest pending invite.
 *
 * @returns `undefined` when the invite or member does not exist (the engine then reports the import
 *   ID as not found).
 * @throws DataTrailsConfigError for an ID of no known form, or an address with nothing to adopt.
 */
export async function importInvite(id: string): Promise<ImportedInvite | undefined> {
  const target = parseImportId(id, "Invite");
  let identity: string;
  if (target.kind === "email") {
    const { pending, expired } = await invitesFor(target.email);
    const member =
      pending === undefined ? await currentSession().client.findMemberByEmail(target.email) : undefined;
    identity = pending ?? (member?.active ? member.identity : "");
    if (identity === "") throw nothingToAdopt(id, "Invite", target.email, expired);
  } else {
    identity = target.identity;
  }
  const isMember = identity.startsWith("members/");
  // A read with no recorded email reports gone only what DataTrails says does not exist; `adopted`
  // is the one recorded fact an import brings.
  const prior = (isMember ? {} : { adopted: true }) as ProviderOutputs;
  const found = await inviteHandlers.read(identity, prior);
  if (found.props === undefined) return undefined;
  return { id: found.id ?? identity, props: found.props, inputs: inputsFor(found.props) };
}

/**
 * Adopts what an import ID names into a Member: a membership (active or inactive) by `members/<uuid>`,
 * or someone still invited by `invites/<uuid>` (recorded as adopted). `email:` prefers the membership,
 * then the newest pending invite. An Owner is recorded with `owner: true`, so the declaration the
 * import prints keeps their role.
 *
 * @returns `undefined` when the member or invite does not exist.
 * @throws DataTrailsConfigError for an ID of no known form, or an address with nothing to adopt.
 */
export async function importMember(id: string): Promise<ImportedMember | undefined> {
  const target = parseImportId(id, "Member");
  let identity: string;
  if (target.kind === "email") {
    const member = await currentSession().client.findMemberByEmail(target.email);
    if (member) {
      identity = member.identity;
    } else {
      const { pending, expired } = await invitesFor(target.email);
      if (pending === undefined) throw nothingToAdopt(id, "Member", target.email, expired);
      identity = pending;
    }
  } else {
    identity = target.identity;
  }
  const isMember = identity.startsWith("members/");
  const base = (isMember ? {} : { adopted: true }) as MemberProviderOutputs;
  const first = await memberHandlers.read(identity, base);
  if (first.props === undefined) return undefined;
  // A Member records what was declared, and an import declares what DataTrails holds: its email and
  // message, and `owner` for an Owner (or the next update would demote them). A second read with
  // that record gives the outputs a refresh of the declared Member gives.
  const { email = "", message = "", roles = [] } = first.props;
  const declared: MemberProviderOutputs = {
    ...base,
    email,
    message,
    declaredEmail: email,
    declaredMessage: message,
    ...(holdsOwner(roles) ? { owner: true } : {}),
  };
  const found = await memberHandlers.read(identity, declared);
  if (found.props === undefined) return undefined;
  return { id: found.id ?? identity, props: found.props, inputs: memberInputsFor(found.props) };
}
