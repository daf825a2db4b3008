import { randomUUID } from "node:crypto";
import { formatRfc3339 } from "./clock";
import type { FilterClause } from "./access-filter";

/** The list fields of a permission, in the order the API documents them. */
export const PERMISSION_LISTS = [
  "subjects",
  "behaviours",
  "include_attributes",
  "asset_attributes_read",
  "asset_attributes_write",
  "event_arc_display_type_read",
  "event_arc_display_type_write",
] as const;

/** A permission list field other than `user_attributes`. */
export type PermissionList = (typeof PERMISSION_LISTS)[number];

/** The lists of which a permission must carry at least one (what it grants). */
export const GRANTING_LISTS: readonly PermissionList[] = [
  "asset_attributes_read",
  "asset_attributes_write",
  "event_arc_display_type_read",
  "event_arc_display_type_write",
  "include_attributes",
];

/** A permission as the Access Policies API sends it (`v1Permission`); every list is present. */
export type WirePermission = Record<PermissionList, string[]> & {
  /** Who inside the tenancy gets it: `{or: ["email=<address>", "subject=<client id>"]}` clauses. */
  user_attributes: FilterClause[];
};

/** An access policy as the API sends it (`v1IAMAccessPolicy`). */
export interface WireAccessPolicy {
  /** `access_policies/<uuid>`. */
  identity: string;
  /** Name shown in the web UI. */
  display_name: string;
  /** Description; `""` when none. */
  description: string;
  /** Which assets it covers. */
  filters: FilterClause[];
  /** What it grants, and to whom. */
  access_permissions: WirePermission[];
  /** `tenant/<uuid>` of the tenancy, set by the service. */
  tenant: string;
}

/** An asset as the API sends it (`v2AssetResponse`); attribute values are strings. */
export interface WireAsset {
  /** `assets/<uuid>`. */
  identity: string;
  /** Behaviours enabled on the asset. */
  behaviours: string[];
  /** Attributes by name. */
  attributes: Record<string, string>;
  /** Always `CONFIRMED` here. */
  confirmation_status: string;
  /** Always `TRACKED` here. */
  tracked: string;
  /** Always `{}` here. */
  access_policy: Record<string, never>;
  /** Always `""` here. */
  owner: string;
  /** When the asset was added, RFC 3339. */
  at_time: string;
  /** Always `MERKLE_LOG` here. */
  proof_mechanism: string;
  /** Always `""` here. */
  chain_id: string;
  /** Whether the asset is public (public assets match no policy). */
  public: boolean;
  /** `tenant/<uuid>` of the tenancy. */
  tenant_identity: string;
}

/** What changed an asset's access: the event DataTrails records on every asset a policy matches. */
export type AccessEventKind = "access_policy_created" | "access_policy_updated";

/** An audit event on an asset, as the control API lists it (the service's own shape is unknown). */
export interface WireAssetEvent {
  /** `assets/<uuid>/events/<uuid>`. */
  identity: string;
  /** `assets/<uuid>`. */
  asset_identity: string;
  /** What happened. */
  kind: AccessEventKind;
  /** `access_policies/<uuid>` of the policy created or updated. */
  access_policy: string;
  /** When, RFC 3339. */
  at_time: string;
}

/** A policy as stored (the wire fields, without identity and tenant). */
export interface StoredPolicy {
  /** UUID. */
  id: string;
  /** Display name. */
  displayName: string;
  /** Description. */
  description: string;
  /** Filters. */
  filters: FilterClause[];
  /** Permissions. */
  permissions: WirePermission[];
  /** Creation order. */
  seq: number;
}

/** An asset as stored. */
export interface StoredAsset {
  /** UUID. */
  id: string;
  /** Attributes by name. */
  attributes: Record<string, string>;
  /** Behaviours. */
  behaviours: string[];
  /** Whether public. */
  public: boolean;
  /** When added, epoch ms. */
  atMs: number;
  /** Creation order. */
  seq: number;
}

/** An audit event as stored. */
export interface StoredAssetEvent {
  /** UUID. */
  id: string;
  /** The asset's UUID. */
  assetId: string;
  /** The policy's UUID. */
  policyId: string;
  /** What happened. */
  kind: AccessEventKind;
  /** When, epoch ms. */
  atMs: number;
}

/** What an access store holds, for the state file. */
export interface AccessSnapshot {
  /** Policies in creation order. */
  policies: StoredPolicy[];
  /** Assets in creation order. */
  assets: StoredAsset[];
  /** Audit events in the order they were recorded. */
  events: StoredAssetEvent[];
  /** Next creation number. */
  nextSeq: number;
}

function copyClauses(clauses: readonly FilterClause[]): FilterClause[] {
  return clauses.map((c) => ({ or: [...c.or] }));
}

/** A deep copy of a permission. */
export function copyPermission(p: WirePermission): WirePermission {
  const lists = Object.fromEntries(PERMISSION_LISTS.map((f) => [f, [...p[f]]])) as Record<
    PermissionList,
    string[]
  >;
  return { ...lists, user_attributes: copyClauses(p.user_attributes) };
}

function copyPolicy(p: StoredPolicy): StoredPolicy {
  return { ...p, filters: copyClauses(p.filters), permissions: p.permissions.map(copyPermission) };
}

/** Converts a stored policy to its wire shape. */
export function wirePolicy(p: StoredPolicy, tenant: string): WireAccessPolicy {
  return {
    identity: `access_policies/${p.id}`,
    display_name: p.displayName,
    description: p.description,
    filters: copyClauses(p.filters),
    access_permissions: p.permissions.map(copyPermission),
    tenant,
  };
}

/** Converts a stored asset to its wire shape. */
export function wireAsset(a: StoredAsset, tenant: string): WireAsset {
  return {
    identity: `assets/${a.id}`,
    behaviours: [...a.behaviours],
    attributes: { ...a.attributes },
    confirmation_status: "CONFIRMED",
    tracked: "TRACKED",
    access_policy: {},
    owner: "",
    at_time: formatRfc3339(a.atMs),
    proof_mechanism: "MERKLE_LOG",
    chain_id: "",
    public: a.public,
    tenant_identity: tenant,
  };
}

/** Converts a stored event to its wire shape. */
export function wireAssetEvent(e: StoredAssetEvent): WireAssetEvent {
  return {
    identity: `assets/${e.assetId}/events/${e.id}`,
    asset_identity: `assets/${e.assetId}`,
    kind: e.kind,
    access_policy: `access_policies/${e.policyId}`,
    at_time: formatRfc3339(e.atMs),
  };
}

/** Access policies, assets and their audit events. Knows nothing of HTTP, switches or persistence. */
export class AccessStore {
  private policies = new Map<string, StoredPolicy>();
  private assets = new Map<string, StoredAsset>();
  private events: StoredAssetEvent[] = [];
  private nextSeq = 1;

  /** Every policy in creation order. */
  allPolicies(): StoredPolicy[] {
    return [...this.policies.values()];
  }

  /** Every asset in creation order. */
  allAssets(): StoredAsset[] {
    return [...this.assets.values()];
  }

  /** The policy with this UUID, if stored. */
  policy(id: string): StoredPolicy | undefined {
    return this.policies.get(id.toLowerCase());
  }

  /** The asset with this UUID, if stored. */
  asset(id: string): StoredAsset | undefined {
    return this.assets.get(id.toLowerCase());
  }

  /** Stores a new policy with a fresh UUID. */
  addPolicy(fields: Omit<StoredPolicy, "id" | "seq">): StoredPolicy {
    const policy: StoredPolicy = {
      ...copyPolicy({ ...fields, id: "", seq: 0 }),
      id: randomUUID(),
      seq: this.nextSeq++,
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  /** Removes a policy. @returns whether it was stored */
  deletePolicy(id: string): boolean {
    return this.policies.delete(id.toLowerCase());
  }

  /** Stores a new asset with a fresh UUID. */
  addAsset(fields: Omit<StoredAsset, "id" | "seq">): StoredAsset {
    const asset: StoredAsset = {
      ...fields,
      attributes: { ...fields.attributes },
      behaviours: [...fields.behaviours],
      id: randomUUID(),
      seq: this.nextSeq++,
    };
    this.assets.set(asset.id, asset);
    return asset;
  }

  /** Records an audit event on an asset. */
  addEvent(assetId: string, policyId: string, kind: AccessEventKind, atMs: number): StoredAssetEvent {
    const event: StoredAssetEvent = { id: randomUUID(), assetId, policyId, kind, atMs };
    this.events.push(event);
    return event;
  }

  /** The audit events of one asset, oldest first. */
  eventsOf(assetId: string): StoredAssetEvent[] {
    const id = assetId.toLowerCase();
    return this.events.filter((e) => e.assetId === id).map((e) => ({ ...e }));
  }

  /** Forgets everything. */
  clear(): void {
    this.policies.clear();
    this.assets.clear();
    this.events = [];
    this.nextSeq = 1;
  }

  /** A deep copy of the contents. */
  snapshot(): AccessSnapshot {
    return {
      policies: this.allPolicies().map(copyPolicy),
      assets: this.allAssets().map((a) => ({
        ...a,
        attributes: { ...a.attributes },
        behaviours: [...a.behaviours],
      })),
      events: this.events.map((e) => ({ ...e })),
      nextSeq: this.nextSeq,
    };
  }

  /** Replaces the contents with a snapshot. */
  restore(snapshot: AccessSnapshot): void {
    this.clear();
    for (const p of snapshot.policies) this.policies.set(p.id, copyPolicy(p));
    for (const a of snapshot.assets) {
      this.assets.set(a.id, { ...a, attributes: { ...a.attributes }, behaviours: [...a.behaviours] });
    }
    this.events = snapshot.events.map((e) => ({ ...e }));
    this.nextSeq = snapshot.nextSeq;
  }
}
