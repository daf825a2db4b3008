/**
 * Who may read what, as pure functions over policies and assets: a policy covers the non-public assets
 * its filters match; each of its permissions whose `user_attributes` match a person grants that person
 * the listed attributes (`*`: all) and event types of those assets.
 */
import { assetRecord, clausesMatch, type FilterClause, type MatchOptions } from "./access-filter";
import type { WirePermission } from "./access-store";

/** A person inside the tenancy: an invited user by email, or an app registration by client id. */
export interface Person {
  /** The user's email. */
  email?: string;
  /** The app registration's client id. */
  subject?: string;
}

/** The unknowns of rights evaluation (from the switches). */
export interface RightsOptions {
  /** Whether `email=` terms compare case-sensitively. */
  emailCaseSensitive: boolean;
  /** What a permission without `user_attributes` grants inside the tenancy. */
  noUserAttributes: "nobody" | "everyone";
}

/** The parts of a policy rights depend on. */
export interface PolicyRules {
  /** Which assets it covers. */
  filters: readonly FilterClause[];
  /** What it grants, and to whom. */
  permissions: readonly WirePermission[];
}

/** The parts of an asset rights depend on. */
export interface AssetFacts {
  /** `assets/<uuid>`. */
  identity: string;
  /** Attributes by name. */
  attributes: Readonly<Record<string, string>>;
  /** Public assets match no filter. */
  public: boolean;
}

/** What one person may do with one asset. */
export interface AssetGrant {
  /** `assets/<uuid>`. */
  asset: string;
  /** The readable attributes and their values. */
  attributes: Record<string, string>;
  /** Names of attributes the person may write (only readable ones count). */
  writable_attributes: string[];
  /** Event types (`arc_display_type`) the person may read; `*` for all. */
  event_types_read: string[];
  /** Event types the person may write; `*` for all. */
  event_types_write: string[];
}

/** Whether a policy's filters select an asset: never a public asset, never with no filters. */
export function policyCovers(filters: readonly FilterClause[], asset: AssetFacts): boolean {
  return !asset.public && filters.length > 0 && clausesMatch(filters, assetRecord(asset.attributes));
}

/** Whether a permission applies to a person. */
export function permissionApplies(
  permission: WirePermission,
  person: Person,
  options: RightsOptions,
): boolean {
  if (permission.user_attributes.length === 0) return options.noUserAttributes === "everyone";
  const record: Record<string, string> = {};
  if (person.email !== undefined) record.email = person.email;
  if (person.subject !== undefined) record.subject = person.subject;
  const match: MatchOptions = options.emailCaseSensitive ? {} : { caseInsensitiveKeys: new Set(["email"]) };
  return clausesMatch(permission.user_attributes, record, match);
}

function union(into: Set<string>, names: readonly string[]): void {
  for (const name of names) into.add(name);
}

/**
 * Every asset a person may read through the policies, in asset order, with what they may read and
 * write of it. Assets no permission of theirs covers, or of which they may read nothing, are left out.
 */
export function grantsFor(
  person: Person,
  policies: readonly PolicyRules[],
  assets: readonly AssetFacts[],
  options: RightsOptions,
): AssetGrant[] {
  const grants: AssetGrant[] = [];
  for (const asset of assets) {
    const read = new Set<string>();
    const write = new Set<string>();
    const eventsRead = new Set<string>();
    const eventsWrite = new Set<string>();
    for (const policy of policies) {
      if (!policyCovers(policy.filters, asset)) continue;
      for (const permission of policy.permissions) {
        if (!permissionApplies(permission, person, options)) continue;
        union(read, permission.asset_attributes_read);
        union(write, permission.asset_attributes_write);
        union(eventsRead, permission.event_arc_display_type_read);
        union(eventsWrite, permission.event_arc_display_type_write);
      }
    }
    const all = read.has("*");
    const attributes = Object.fromEntries(
      Object.entries(asset.attributes).filter(([name]) => all || read.has(name)),
    );
    if (Object.keys(attributes).length === 0 && eventsRead.size === 0) continue;
    // A write only counts if the attribute is also readable.
    const writable = Object.keys(asset.attributes).filter(
      (name) => (write.has("*") || write.has(name)) && Object.hasOwn(attributes, name),
    );
    grants.push({
      asset: asset.identity,
      attributes,
      writable_attributes: writable,
      event_types_read: [...eventsRead].sort(),
      event_types_write: [...eventsWrite].sort(),
    });
  }
  return grants;
}
