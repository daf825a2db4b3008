// The AccessPolicy, declared once: its inputs (and the object types of its lists), outputs, type
// tokens and handler module. Its rules are the policy lifecycle's (policy-lifecycle.ts): every input
// changes in place by one PATCH, nothing replaces it.
import {
  describe,
  GRANTING_PERMISSION_FIELDS,
  MAX_POLICY_CREATE_NAME_LENGTH,
  MAX_POLICY_DESCRIPTION_LENGTH,
} from "../../client";
import type { ArgsOf, InputsOf, KindSpec, ListField, StringsField } from "./types";

// Counted in code points, as the API's maxLength is.
function textReason(name: string, max: number, nonEmpty: boolean): (value: unknown) => string | undefined {
  return (value) => {
    if (typeof value !== "string") return `${name} must be a string, not ${describe(value)}`;
    if (nonEmpty && value.trim() === "") return `${name} must not be empty: give the name the web UI shows`;
    const length = [...value].length;
    return length > max
      ? `${name} must be at most ${max} characters (it has ${length}): shorten it`
      : undefined;
  };
}

const strings = (docs: string): StringsField => ({ type: "strings", change: "update", docs });

/** The object type of a filter clause: `{or: [...]}`. */
const FILTER = {
  type: "list",
  change: "update",
  itemType: {
    token: "datatrails:index:PolicyFilter",
    docs: "One clause of a filter: any of its terms may match; every clause of a list must match.",
  },
  items: {
    or: {
      type: "strings",
      required: "or must hold at least one term, e.g. attributes.arc_display_type=Audit",
      docs: "The terms, any of which may match: `attributes.<name>=<value>`, `!=`, `*` as a wildcard; `email=<address>` or `subject=<client id>` for users.",
    },
  },
} as const satisfies Omit<ListField, "docs">;

const PERMISSION_ITEMS = {
  subjects: strings("Other tenancies (`tenant/<uuid>`) given this permission: sharing outside the tenancy."),
  behaviours: strings("Behaviours the permission allows, e.g. `RecordEvidence`."),
  userAttributes: {
    ...FILTER,
    docs: 'Who inside the tenancy gets the permission: `[{or: ["email=alice@example.com", "subject=<client id>"]}]`.',
  },
  assetAttributesRead: strings("Asset attributes that may be read (`*` for all)."),
  assetAttributesWrite: strings("Asset attributes that may be written (only those also readable count)."),
  eventArcDisplayTypeRead: strings("Event types (`arc_display_type`) that may be read (`*` for all)."),
  eventArcDisplayTypeWrite: strings("Event types (`arc_display_type`) that may be recorded (`*` for all)."),
  includeAttributes: strings("Attributes included in what is shared (`*` for all)."),
} as const;

const FIELDS = {
  displayName: {
    type: "string",
    rule: textReason("displayName", MAX_POLICY_CREATE_NAME_LENGTH, true),
    required: "displayName is required: give the name the web UI shows for the policy",
    change: "update",
    docs: `The policy's name as the web UI shows it (at most ${MAX_POLICY_CREATE_NAME_LENGTH} characters).`,
  },
  description: {
    type: "string",
    rule: textReason("description", MAX_POLICY_DESCRIPTION_LENGTH, false),
    change: "update",
    docs: `What the policy is for (at most ${MAX_POLICY_DESCRIPTION_LENGTH} characters).`,
  },
  filters: {
    ...FILTER,
    required:
      "filters is required: give at least one clause such as {or: [attributes.arc_display_type=Audit]} (the assets the policy covers)",
    docs: "Which assets the policy covers: every clause must match, any term of a clause may.",
  },
  accessPermissions: {
    type: "list",
    change: "update",
    required:
      "accessPermissions is required: give at least one permission (what the policy grants, and to whom)",
    itemType: {
      token: "datatrails:index:AccessPermission",
      docs: "What a policy grants, and to whom. At least one of the read, write or include lists must be non-empty.",
    },
    items: PERMISSION_ITEMS,
    itemRule: (item) =>
      GRANTING_PERMISSION_FIELDS.some((name) => Array.isArray(item[name]) && item[name].length > 0)
        ? undefined
        : `grants nothing: give at least one non-empty list among ${GRANTING_PERMISSION_FIELDS.join(", ")}`,
    docs: "What the policy grants, and to whom (at least one permission).",
  },
} as const satisfies KindSpec["fields"];

/**
 * The `AccessPolicy` kind: one attribute-based access policy of the tenancy, changed in place.
 * @internal
 */
export const ACCESS_POLICY = {
  name: "AccessPolicy",
  tokens: {
    dynamic: "pulumi-nodejs:dynamic/datatrails:AccessPolicy",
    native: "datatrails:index:AccessPolicy",
  },
  handlerModule: "pulumi-datatrails-invites/dynamic-provider/access-policy",
  docs: "One access policy of a DataTrails tenancy: which assets it covers (`filters`) and what it grants to whom (`accessPermissions`). Every input changes in place, by one PATCH carrying exactly the fields that differ; an `up` with nothing changed sends nothing (each write records an event on every matching asset). Deleting it deletes the policy (already gone counts as done). Import id: `access_policies/<uuid>`.",
  fields: FIELDS,
  outputs: {
    identity: { type: "string", docs: "The policy's identity (`access_policies/<uuid>`)." },
    tenant: {
      type: "string",
      docs: "The tenancy holding the policy (`tenant/<uuid>`), as DataTrails set it.",
    },
    displayName: { type: "string", docs: "The name as DataTrails stored it." },
    description: { type: "string", docs: 'The description as DataTrails stored it ("" for none).' },
    filters: {
      type: "array",
      items: { token: FILTER.itemType.token, typeName: "PolicyFilter" },
      docs: "The filters as DataTrails stored them.",
    },
    accessPermissions: {
      type: "array",
      items: { token: FIELDS.accessPermissions.itemType.token, typeName: "AccessPermissionRecord" },
      docs: "The permissions as DataTrails stored them (every list present, `[]` for none).",
    },
  },
} as const satisfies KindSpec<"AccessPolicy">;

/** Inputs of the `AccessPolicy` resource as the provider receives them (resolved values). */
export type AccessPolicyInputs = InputsOf<typeof FIELDS>;

/** The arguments of the `AccessPolicy` resource, every input of its table. */
export type AccessPolicyFieldArgs = ArgsOf<typeof FIELDS>;
