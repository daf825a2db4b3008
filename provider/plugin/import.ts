/**
 * `pulumi import` and the `import` resource option: the engine calls Read with nothing but the ID.
 * The ID is parsed ({@link parseImportId}), resolved to the identity DataTrails knows, and read by the
 * same `read` handler a refresh uses; nothing is created, so no email is sent.
 */
import { DataTrailsConfigError } from "../client";
import { configuredClient, read, type ProviderOutputs } from "../resource/handlers";
import { listInvitesWith } from "../resource/functions";
import { INVITE_DEFAULTS, type InviteInputs } from "../resource/inputs";
import { parseImportId } from "./import-id";

/** What Read answers for an import: the ID to keep in state, the outputs, and the inputs. */
export interface ImportedInvite {
  /** `invites/<uuid>`, or `members/<uuid>` for a person who already joined. */
  id: string;
  /** The Invite's outputs, as a refresh records them. */
  props: ProviderOutputs;
  /** Inputs that declare exactly this invite, so the next preview plans no change. */
  inputs: Partial<InviteInputs>;
}

/**
 * The inputs a program declares for recorded outputs: the declared email and message, and a
 * switch only where it differs from its default (so generated code stays as short as the README's).
 */
export function inputsFor(outs: ProviderOutputs): Partial<InviteInputs> {
  const email = typeof outs.declaredEmail === "string" ? outs.declaredEmail : outs.email;
  const message = typeof outs.declaredMessage === "string" ? outs.declaredMessage : outs.message;
  return {
    email,
    ...(message !== "" ? { message } : {}),
    ...(outs.adopt !== INVITE_DEFAULTS.adopt ? { adopt: outs.adopt } : {}),
    ...(outs.renewExpired !== INVITE_DEFAULTS.renewExpired ? { renewExpired: outs.renewExpired } : {}),
  };
}

function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The identity `email:<address>` names: its newest pending invite, else its active membership. */
async function identityForEmail(id: string, email: string): Promise<string> {
  const client = configuredClient();
  const invites = (await listInvitesWith(client, { email })).filter(
    (i) => emailKey(i.email) === emailKey(email),
  );
  const pending = invites
    .filter((i) => i.status === "pending")
    .sort((a, b) => Date.parse(b.expiryTime) - Date.parse(a.expiryTime));
  if (pending.length > 0) return pending[0].identity;
  const member = await client.findMemberByEmail(email);
  if (member?.active) return member.identity;
  const expired = invites.map((i) => i.identity);
  throw new DataTrailsConfigError(
    `Cannot import datatrails:index:Invite ${JSON.stringify(id)}: DataTrails has no pending invite for ${email} ` +
      `and no active member with that address` +
      (expired.length > 0 ? ` (its expired invites: ${expired.join(", ")}; import one by identity)` : "") +
      ". Declare the Invite without `import` to send a new invite.",
    "id",
  );
}

/**
 * Adopts what an import ID names. A pending or expired invite is recorded as adopted (this stack did
 * not send it); a membership as accepted.
 *
 * @returns `undefined` when the invite or member does not exist (the engine then reports the import
 *   ID as not found).
 * @throws DataTrailsConfigError for an ID of no known form, or an address with nothing to adopt.
 */
export async function importInvite(id: string): Promise<ImportedInvite | undefined> {
  const target = parseImportId(id);
  const identity = target.kind === "email" ? await identityForEmail(id, target.email) : target.identity;
  const isMember = identity.startsWith("members/");
  // A read with no recorded email reports gone only what DataTrails says does not exist; `adopted`
  // is the one recorded fact an import brings.
  const prior = (isMember ? {} : { adopted: true }) as ProviderOutputs;
  const found = await read(identity, prior);
  if (found.props === undefined) return undefined;
  return { id: found.id ?? identity, props: found.props, inputs: inputsFor(found.props) };
}
