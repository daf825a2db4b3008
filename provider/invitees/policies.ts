// Rights beside each invitee: named policy templates (an AccessPolicy's inputs without users) and the
// `access` names of each entry, checked together and turned into one AccessPolicy per named policy
// whose every permission's users are exactly the entries naming it. Pure: no resource, no API call.
import { describe, isRecord } from "../client";
import { fieldFailures, fieldList } from "../resource/fields";
import { ACCESS_POLICY, type AccessPolicyInputs } from "../resource/kinds";

/**
 * A named policy of an `Invitees`: an AccessPolicy's inputs whose permissions name no users (the
 * entries whose `access` names the policy are its users). `displayName` defaults to the name.
 */
export type PolicyTemplate = Omit<AccessPolicyInputs, "displayName"> & {
  /** The name the web UI shows. @default the policy's name */
  displayName?: string;
};

/**
 * A template with where it came from, for error messages.
 * @internal
 */
export interface LocatedPolicy {
  /** The policy's name (its key under `policies`). */
  name: string;
  /** The checked template, `displayName` filled in. */
  template: AccessPolicyInputs;
  /** `file:line` (or `policies.<name>` in code). */
  where: string;
}

/**
 * One AccessPolicy to declare: a template given its holders.
 * @internal
 */
export interface PolicyDeclaration {
  /** The policy's name. */
  name: string;
  /** The AccessPolicy's inputs. */
  inputs: AccessPolicyInputs;
  /** The emails of the entries naming it, sorted ignoring case. */
  holders: string[];
}

const TEMPLATE_FIELDS = Object.keys(ACCESS_POLICY.fields);

/**
 * Checks one named template with the AccessPolicy's field rules, adding only where it is; a
 * permission naming users is refused (the entries' `access` say who holds it).
 * @internal
 */
export function checkPolicyTemplate(
  name: string,
  value: unknown,
  where: string,
  problems: string[],
): LocatedPolicy | undefined {
  if (!isRecord(value)) {
    problems.push(
      `${where}: policy '${name}' must be a mapping such as {filters: [...], accessPermissions: [...]}`,
    );
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!TEMPLATE_FIELDS.includes(key)) {
      problems.push(
        `${where}: policy '${name}': unknown field '${key}'; the fields are ${fieldList(TEMPLATE_FIELDS)}`,
      );
    }
  }
  const given = { displayName: name, ...value };
  for (const failure of fieldFailures(ACCESS_POLICY.fields, given)) {
    problems.push(`${where}: policy '${name}': ${failure.reason}`);
  }
  const permissions = Array.isArray(value.accessPermissions) ? value.accessPermissions : [];
  permissions.forEach((p: unknown, i) => {
    if (isRecord(p) && p.userAttributes !== undefined) {
      problems.push(
        `${where}: policy '${name}': accessPermissions[${i}].userAttributes must be left out: the entries whose access names '${name}' are its users`,
      );
    }
  });
  if (problems.length > before) return undefined;
  return { name, template: given as AccessPolicyInputs, where };
}

/**
 * Why an entry's `access` cannot be used (not a list of names), or `undefined`.
 * @internal
 */
export function accessReason(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    return `access must be a list of policy names, such as [auditors], not ${describe(value)}`;
  }
  return undefined;
}

/**
 * Adds a problem for every name in an entry's `access` that no policy has.
 * @internal
 */
export function checkAccessNames(
  entries: ReadonlyArray<{ access?: readonly string[]; where: string }>,
  policies: readonly LocatedPolicy[],
  problems: string[],
): void {
  const names = policies.map((p) => p.name);
  const known = names.length > 0 ? `the policies are ${names.join(", ")}` : "no policies are declared";
  for (const entry of entries) {
    for (const name of entry.access ?? []) {
      if (!names.includes(name)) {
        problems.push(`${entry.where}: access names '${name}', which is not a policy (${known})`);
      }
    }
  }
}

/**
 * Adds a problem for every policy name given twice (in the file and in code).
 * @internal
 */
export function rejectDuplicatePolicies(policies: readonly LocatedPolicy[], problems: string[]): void {
  const seen = new Map<string, LocatedPolicy>();
  for (const policy of policies) {
    const first = seen.get(policy.name);
    if (first)
      problems.push(
        `${policy.where}: policy '${policy.name}' is already declared at ${first.where}: keep one`,
      );
    else seen.set(policy.name, policy);
  }
}

/**
 * Who holds each policy: the emails of the entries naming it, sorted ignoring case (so reordering
 * the list changes nothing), `[]` for a policy nobody holds.
 * @internal
 */
export function policyHolders(
  policies: readonly LocatedPolicy[],
  entries: ReadonlyArray<{ email: string; access?: readonly string[] }>,
): Record<string, string[]> {
  const byName = (a: string, b: string) =>
    a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);
  return Object.fromEntries(
    policies.map((p) => [
      p.name,
      entries
        .filter((e) => e.access?.includes(p.name))
        .map((e) => e.email)
        .sort(byName),
    ]),
  );
}

/**
 * The AccessPolicies to declare: one per policy somebody holds, each permission's users exactly
 * `[{or: ["email=<holder>", ...]}]`. A policy nobody holds is left out (so a declared one is deleted):
 * a policy is never sent with no users, since what the service then grants is not documented.
 * @internal
 */
export function policyDeclarations(
  policies: readonly LocatedPolicy[],
  entries: ReadonlyArray<{ email: string; access?: readonly string[] }>,
): PolicyDeclaration[] {
  const holders = policyHolders(policies, entries);
  return policies
    .filter((p) => holders[p.name].length > 0)
    .map((p) => {
      const users = [{ or: holders[p.name].map((email) => `email=${email}`) }];
      return {
        name: p.name,
        holders: holders[p.name],
        inputs: {
          ...p.template,
          accessPermissions: p.template.accessPermissions.map((permission) => ({
            ...permission,
            userAttributes: users,
          })),
        },
      };
    });
}
