/**
 * `pulumi import` and the `import` resource option: the engine calls Read with nothing but the ID.
 * The ID is parsed ({@link parseImportId}), resolved to the identity DataTrails knows, and read by the
 * same lifecycle a refresh uses; nothing is created, so no email is sent. The kind's table says which
 * inputs declare what was imported.
 */
import { DataTrailsConfigError, emailKey } from "../client";
import { declaredSwitches } from "../resource/fields";
import { listInvitesWith } from "../resource/functions";
import { readPerson, type PersonKindSpec } from "../resource/lifecycle";
import { holdsOwner, pendingNewestFirst } from "../resource/outputs";
import { declaredIn } from "../resource/person";
import { currentSession } from "../resource/session";
import { parseImportId } from "./import-id";

/** What Read answers for an import: the ID to keep in state, the outputs, and the inputs. */
export interface Imported {
  /** `invites/<uuid>`, or `members/<uuid>` for a person who already joined. */
  id: string;
  /** The resource's outputs, as a refresh records them. */
  props: Record<string, unknown>;
  /** Inputs that declare exactly this resource, so the next preview plans no change. */
  inputs: Record<string, unknown>;
}

/**
 * The inputs a program declares for a kind's recorded outputs: the declared email and message, and a
 * switch only where it differs from its default (so generated code stays as short as the README's).
 */
export function inputsFor(
  kind: PersonKindSpec,
  outs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { email, message } = declaredIn(outs);
  return { email, ...(message !== "" ? { message } : {}), ...declaredSwitches(kind, outs) };
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

/**
 * What `email:<address>` names for a kind. With access management (a Member), the membership in any
 * state, else the newest pending invite; without (an Invite), the newest pending invite, else the
 * active membership.
 */
async function identityForEmail(kind: PersonKindSpec, id: string, email: string): Promise<string> {
  const manage = kind.policy.manageAccess;
  const membership = async (): Promise<string | undefined> => {
    const member = await currentSession().client.findMemberByEmail(email);
    return member && (manage || member.active) ? member.identity : undefined;
  };
  const first = manage ? await membership() : undefined;
  if (first !== undefined) return first;
  const { pending, expired } = await invitesFor(email);
  const identity = pending ?? (manage ? undefined : await membership());
  if (identity !== undefined) return identity;
  throw new DataTrailsConfigError(
    `Cannot import ${kind.tokens.native} ${JSON.stringify(id)}: DataTrails has no pending invite for ${email} ` +
      `and no ${manage ? "" : "active "}member with that address` +
      (expired.length > 0 ? ` (its expired invites: ${expired.join(", ")}; import one by identity)` : "") +
      `. Declare the ${kind.name} without \`import\` to send a new invite.`,
    "id",
  );
}

/**
 * Adopts what an import ID names into a resource of `kind`. A pending or expired invite is recorded
 * as adopted (this stack did not send it); a membership as joined. The import declares what
 * DataTrails holds: its email and message, and `owner: true` for an Owner when the kind manages
 * access (or the next update would demote them).
 *
 * @returns `undefined` when the invite or member does not exist (the engine then reports the import
 *   ID as not found).
 * @throws DataTrailsConfigError for an ID of no known form, or an address with nothing to adopt.
 */
export async function importPerson(kind: PersonKindSpec, id: string): Promise<Imported | undefined> {
  const target = parseImportId(id, kind.tokens.native);
  const identity = target.kind === "email" ? await identityForEmail(kind, id, target.email) : target.identity;
  // A read with no recorded email reports gone only what DataTrails says does not exist; `adopted`
  // is the one recorded fact an import brings.
  const base = identity.startsWith("members/") ? {} : { adopted: true };
  const first = await readPerson(currentSession(), kind, identity, base);
  if (first.props === undefined) return undefined;
  const {
    email = "",
    message = "",
    roles = [],
  } = first.props as { email?: string; message?: string; roles?: string[] };
  const declared = {
    ...base,
    email,
    message,
    declaredEmail: email,
    declaredMessage: message,
    ...(kind.policy.manageAccess && holdsOwner(roles) ? { owner: true } : {}),
  };
  // A second read with that record gives the outputs a refresh of the declared resource gives.
  const found = await readPerson(currentSession(), kind, identity, declared);
  if (found.props === undefined) return undefined;
  return { id: found.id ?? identity, props: found.props, inputs: inputsFor(kind, found.props) };
}
