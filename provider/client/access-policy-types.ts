/**
 * The Access Policies API as the client shows it: camelCase records, with the one table that maps each
 * field to its wire (snake_case) name.
 */

/** One clause of a filter: any of its terms may match; the clauses of a list must all match. */
export interface PolicyFilter {
  /** Terms such as `attributes.arc_display_type=Audit`, `email=alice@example.com`; any may match. */
  or: string[];
}

/** A permission's string lists (everything but `userAttributes`), camelCase. */
export type PermissionListField =
  | "subjects"
  | "behaviours"
  | "includeAttributes"
  | "assetAttributesRead"
  | "assetAttributesWrite"
  | "eventArcDisplayTypeRead"
  | "eventArcDisplayTypeWrite";

/**
 * Each string list of a permission and its wire name. The one place the mapping is declared: the wire
 * mapping and the input checks read it.
 */
export const PERMISSION_LIST_FIELDS: ReadonlyArray<readonly [PermissionListField, string]> = [
  ["subjects", "subjects"],
  ["behaviours", "behaviours"],
  ["includeAttributes", "include_attributes"],
  ["assetAttributesRead", "asset_attributes_read"],
  ["assetAttributesWrite", "asset_attributes_write"],
  ["eventArcDisplayTypeRead", "event_arc_display_type_read"],
  ["eventArcDisplayTypeWrite", "event_arc_display_type_write"],
];

/** The lists of which a permission must carry at least one non-empty (what it grants). */
export const GRANTING_PERMISSION_FIELDS: readonly PermissionListField[] = [
  "assetAttributesRead",
  "assetAttributesWrite",
  "eventArcDisplayTypeRead",
  "eventArcDisplayTypeWrite",
  "includeAttributes",
];

/** A permission of an access policy: who gets it and what it grants. */
export type AccessPermission = Partial<Record<PermissionListField, string[]>> & {
  /** Who inside the tenancy gets it: `{or: ["email=<address>", "subject=<client id>"]}` clauses. */
  userAttributes?: PolicyFilter[];
};

/** A permission as the client returns it: every list present (`[]` when the service sent none). */
export type AccessPermissionRecord = Record<PermissionListField, string[]> & {
  /** Who inside the tenancy gets it. */
  userAttributes: PolicyFilter[];
};

/** What is sent to create an access policy. */
export interface AccessPolicyInput {
  /** Name shown in the web UI (at most 128 characters on create). */
  displayName: string;
  /** Description (at most 4096 characters). */
  description?: string;
  /** Which assets the policy covers (at least one clause): the outer list AND, each `or` list OR. */
  filters: PolicyFilter[];
  /** What it grants, and to whom (at least one). */
  accessPermissions: AccessPermission[];
}

/**
 * The fields a PATCH changes: exactly the keys given (a `mask` names them), so `description: ""`
 * clears the description. Arrays are replaced whole.
 */
export type AccessPolicyChanges = Partial<AccessPolicyInput>;

/** The editable fields of a policy, camelCase, and their wire names (the `mask` paths). */
export const POLICY_FIELDS: ReadonlyArray<readonly [keyof AccessPolicyInput, string]> = [
  ["displayName", "display_name"],
  ["description", "description"],
  ["filters", "filters"],
  ["accessPermissions", "access_permissions"],
];

/** An access policy, as the client returns it. */
export interface AccessPolicyRecord {
  /** `access_policies/<uuid>`. */
  identity: string;
  /** Name shown in the web UI. */
  displayName: string;
  /** Description; `""` when none. */
  description: string;
  /** Which assets it covers. */
  filters: PolicyFilter[];
  /** What it grants, and to whom. */
  accessPermissions: AccessPermissionRecord[];
  /** `tenant/<uuid>` of the tenancy, set by the service. */
  tenant: string;
}

/** The `order_by` values of the policy list. */
export const POLICY_ORDERS = ["DEFAULT", "DISPLAY_NAME"] as const;

/** How policies are ordered: creation order (`DEFAULT`) or by display name. */
export type PolicyOrder = (typeof POLICY_ORDERS)[number];

/** Filters, order and paging of the policy list. */
export interface ListAccessPoliciesOptions {
  /** Only policies with exactly this display name. */
  displayName?: string;
  /** Only policies with exactly this description. */
  description?: string;
  /** Order of the list. @default "DEFAULT" (the service's) */
  orderBy?: PolicyOrder;
  /** Entries per page requested from the service. @default 100 */
  pageSize?: number;
}

/** Paging of the assets a policy matches. */
export interface ListPolicyAssetsOptions {
  /** Entries per page requested from the service. @default 100 */
  pageSize?: number;
}

/** An asset a policy matches, as the client returns it. */
export interface AssetRecord {
  /** `assets/<uuid>`. */
  identity: string;
  /** Attributes by name: strings, or the service's dict and list values as sent. */
  attributes: Record<string, unknown>;
  /** Behaviours enabled on the asset. */
  behaviours: string[];
  /** Whether the asset is public. */
  public: boolean;
  /** `tenant/<uuid>` of the tenancy that created it; `""` when not sent. */
  tenantIdentity: string;
}
