/**
 * The ID forms `pulumi import datatrails:index:Invite <name> <id>` (and the `import` resource option)
 * accept, parsed without any API call.
 */
import { DataTrailsConfigError, emailReason, minimalEmailProblem } from "../client";
import { INVITE } from "../resource/kinds";

/** What an import ID names. */
export type ImportTarget =
  /** One invite by identity (`invites/<uuid>`, or the bare uuid). */
  | { kind: "invite"; identity: string }
  /** One member by identity (`members/<uuid>`): the invitee already joined. */
  | { kind: "member"; identity: string }
  /** Whatever this address holds: its newest pending invite, else its active membership. */
  | { kind: "email"; email: string };

/** The prefix of the import-by-address form. */
export const EMAIL_PREFIX = "email:";

// The identities DataTrails issues: a collection, a slash, a uuid-like id (letters, digits, '-', '_').
const ID = /^[A-Za-z0-9_-]+$/;

/** Every accepted form, for error messages and docs. */
export const IMPORT_ID_FORMS = "invites/<uuid> (or the bare <uuid>), email:<address> or members/<uuid>";

/**
 * Parses an import ID (the same forms for `Invite` and `Member`).
 *
 * @param id - As given to `pulumi import` or the `import` option.
 * @param token - The type token imported into, as messages name it.
 * @throws DataTrailsConfigError naming the accepted forms when `id` is none of them.
 */
export function parseImportId(id: string, token: string = INVITE.tokens.native): ImportTarget {
  const raw = id.trim();
  if (raw.toLowerCase().startsWith(EMAIL_PREFIX)) {
    const email = raw.slice(EMAIL_PREFIX.length).trim();
    const problem = minimalEmailProblem(email);
    if (problem) throw importIdError(id, token, emailReason(email, problem));
    return { kind: "email", email };
  }
  const slash = raw.indexOf("/");
  const collection = slash < 0 ? "invites" : raw.slice(0, slash);
  const uuid = slash < 0 ? raw : raw.slice(slash + 1);
  if (!ID.test(uuid) || (collection !== "invites" && collection !== "members")) {
    throw importIdError(id, token, `it is none of ${IMPORT_ID_FORMS}`);
  }
  return collection === "members"
    ? { kind: "member", identity: `members/${uuid}` }
    : { kind: "invite", identity: `invites/${uuid}` };
}

function importIdError(id: string, token: string, why: string): DataTrailsConfigError {
  return new DataTrailsConfigError(
    `Cannot import ${token} ${JSON.stringify(id)}: ${why}. ` +
      `Give invites/<uuid> or email:<address>, e.g. \`pulumi import ${token} alice email:alice@example.com\`.`,
    "id",
  );
}
