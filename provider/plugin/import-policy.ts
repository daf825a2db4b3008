/**
 * `pulumi import datatrails:index:AccessPolicy <name> access_policies/<uuid>`: the engine calls Read
 * with nothing but the ID; the policy is read as a refresh reads it, and its inputs are what the
 * program declares, so the next preview plans no change. Nothing is written.
 */
import { DataTrailsConfigError } from "../client";
import { ACCESS_POLICY } from "../resource/kinds";
import { readPolicy } from "../resource/policy-lifecycle";
import { currentSession } from "../resource/session";
import type { Imported } from "./import";

// The identities DataTrails issues: a collection, a slash, a uuid-like id (letters, digits, '-', '_').
const ID = /^(?:access_policies\/)?([A-Za-z0-9_-]+)$/;

/**
 * The identity an AccessPolicy import ID names: `access_policies/<uuid>` or the bare uuid.
 * @throws DataTrailsConfigError naming the accepted form, for anything else.
 */
export function parsePolicyImportId(id: string): string {
  const match = ID.exec(id.trim());
  if (match === null) {
    throw new DataTrailsConfigError(
      `Cannot import ${ACCESS_POLICY.tokens.native} ${JSON.stringify(id)}: it is not access_policies/<uuid> ` +
        `(or the bare <uuid>). Give the policy's identity, e.g. \`pulumi import ${ACCESS_POLICY.tokens.native} ` +
        `auditors access_policies/<uuid>\`.`,
      "id",
    );
  }
  return `access_policies/${match[1]}`;
}

/**
 * Reads the policy an import ID names, with the inputs that declare it.
 * @returns `undefined` when the policy does not exist (the engine then reports the ID as not found).
 */
export async function importPolicy(id: string): Promise<Imported | undefined> {
  const identity = parsePolicyImportId(id);
  const found = await readPolicy(currentSession(), identity);
  if (found.props === undefined || found.inputs === undefined) return undefined;
  return { id: found.id ?? identity, props: { ...found.props }, inputs: found.inputs };
}
