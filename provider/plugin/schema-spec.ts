/**
 * The Pulumi package schema of the native provider, built from the same tables the dynamic provider
 * reads: the provider config from `CONFIG_SETTINGS` (keys, secrecy, environment fallbacks), each
 * resource from its kind's table (provider/resource/kinds/). `schema.json` at the package root is this object, written by
 * `npm run gen:schema`; a test keeps the two equal.
 */
import { CONFIG_SETTINGS, SETTING_NAMES, type SettingName } from "../resource/config-keys";
import { ALL_KINDS, type FieldSpec, type KindSpec, type ListField } from "../resource/kinds";
import type { InviteInfo } from "../resource/outputs";

/** The package name: resource tokens are `datatrails:index:<Name>`, config keys `datatrails:<key>`. */
export const PACKAGE_NAME = "datatrails";

/** The functions' type tokens (each resource's is in its kind's table). */
export const TOKENS = {
  /** Look one invite up by identity. */
  getInvite: "datatrails:index:getInvite",
  /** List the tenancy's invites. */
  listInvites: "datatrails:index:listInvites",
  /** The object type both functions return invites as. */
  inviteInfo: "datatrails:index:InviteInfo",
} as const;

/** A property of a schema object type. */
export interface PropertySpec {
  /** Primitive type, or `array`. */
  type?: "string" | "number" | "integer" | "boolean" | "array";
  /** A reference to an object type (`#/types/<token>`). */
  $ref?: string;
  /** Element type of an array. */
  items?: { $ref: string } | { type: "string" | "object" };
  /** Rendered into every generated SDK. */
  description: string;
  /** Marked secret by the SDKs and the engine. */
  secret?: boolean;
}

/** The schema's shape, as far as this package uses it. */
export interface PackageSchema {
  name: string;
  version: string;
  displayName: string;
  description: string;
  keywords: string[];
  license: string;
  meta: { moduleFormat: string };
  language: Record<string, Record<string, unknown>>;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  types: Record<
    string,
    { type: "object"; description: string; properties: Record<string, PropertySpec>; required: string[] }
  >;
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, PropertySpec>;
      requiredInputs: string[];
      properties: Record<string, PropertySpec>;
      required: string[];
    }
  >;
  functions: Record<
    string,
    {
      description: string;
      inputs: { properties: Record<string, PropertySpec>; required: string[] };
      outputs: { properties: Record<string, PropertySpec>; required: string[] };
    }
  >;
}

/**
 * How each setting is described in the schema. Keyed by every `SettingName`, so a setting added to
 * `CONFIG_SETTINGS` does not compile until it is described here (and then reaches schema.json through
 * `npm run gen:schema`, which the schema test insists on). Types come from the table itself: a
 * setting with a `number` rule is a number (an integer where the rule says so), any other a string.
 */
const SETTING_DOCS: { readonly [N in SettingName]: string } = {
  url: "DataTrails service URL; default https://app.datatrails.ai. `http://` only for loopback hosts.",
  clientId: "App registration (client credentials) id.",
  clientSecret: "App registration secret; set it with `--secret`.",
  token: "A ready bearer token; set it with `--secret`.",
  tokenFile:
    "A file holding a bare token or the line `Authorization: Bearer <token>` (keep it at mode 0600).",
  tenancy:
    "The tenancy the credentials must belong to, as DataTrails gives its identity (`tenant/<uuid>`): checked once per deployment, before the first write, which is refused on a mismatch.",
  retryBudgetSeconds: "Total time one operation may spend retrying, in seconds; default 120.",
  requestTimeoutSeconds: "Timeout of one request, in seconds; default 30.",
  listingMaxAgeSeconds:
    "How long reads share one listing of the tenancy's invites, in seconds; default 30 (0: only listings still in flight).",
  maxRequestsInFlight: "Most requests the provider has in flight at once; default 8.",
};

/** The schema type of a setting, from its rule in `CONFIG_SETTINGS`. */
function settingType(name: SettingName): "string" | "number" | "integer" {
  const setting = CONFIG_SETTINGS[name];
  if (!("number" in setting)) return "string";
  return setting.number.integer ? "integer" : "number";
}

function settingSpec(name: SettingName): PropertySpec {
  const setting = CONFIG_SETTINGS[name];
  const env = setting.env.join(" or ");
  return {
    type: settingType(name),
    // The provider itself falls back to the environment (so stack config and environment keep the
    // dynamic provider's precedence); no `defaultInfo`, which would make the SDKs read it instead.
    description: `${SETTING_DOCS[name]} When unset, the provider reads ${env}.`,
    ...(setting.secret ? { secret: true } : {}),
  };
}

function configProperties(): Record<string, PropertySpec> {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, settingSpec(name)]));
}

/** The schema type of an input, from its kind's table. */
function inputSpec(spec: FieldSpec): PropertySpec {
  switch (spec.type) {
    case "boolean":
      return { type: "boolean", description: `${spec.docs} Default ${spec.default}.` };
    case "enum":
      return { type: "string", description: `${spec.docs} Default \`${spec.default}\`.` };
    case "list":
      return {
        type: "array",
        items: spec.itemType ? { $ref: `#/types/${spec.itemType.token}` } : { type: "object" },
        description: spec.docs,
      };
    case "strings":
      return { type: "array", items: { type: "string" }, description: spec.docs };
    case "string":
      return { type: "string", description: spec.docs };
  }
}

/** The names of the fields a program must give. */
function requiredFields(fields: Readonly<Record<string, FieldSpec>>): string[] {
  return Object.entries(fields)
    .filter(([, spec]) => "required" in spec && spec.required !== undefined)
    .map(([name]) => name);
}

/** The object types of the kinds' lists (`itemType`), each from its element fields, nested ones too. */
function objectTypes(fields: Readonly<Record<string, FieldSpec>>): PackageSchema["types"] {
  const types: PackageSchema["types"] = {};
  for (const spec of Object.values(fields)) {
    if (spec.type !== "list") continue;
    const list: ListField = spec;
    Object.assign(types, objectTypes(list.items));
    if (list.itemType === undefined) continue;
    types[list.itemType.token] = {
      type: "object",
      description: list.itemType.docs,
      properties: Object.fromEntries(
        Object.entries(list.items).map(([name, item]) => [name, inputSpec(item)]),
      ),
      required: requiredFields(list.items),
    };
  }
  return types;
}

/**
 * A kind's resource in the schema, every part from its table. Its outputs are its outputs table, then
 * every switch in effect (recorded beside them, as the dynamic provider records them); the declared
 * copies `diff` keeps for itself are not among them.
 */
function resourceSpec(kind: KindSpec): PackageSchema["resources"][string] {
  const outputs = Object.entries(kind.outputs).map(([name, out]): [string, PropertySpec] => [
    name,
    {
      type: out.type,
      ...(out.type === "array"
        ? {
            items:
              out.items !== undefined ? { $ref: `#/types/${out.items.token}` } : { type: "string" as const },
          }
        : {}),
      description: out.docs,
    },
  ]);
  const switches = Object.entries(kind.fields)
    .filter(([, spec]) => spec.type === "boolean" || spec.type === "enum")
    .map(([name, spec]): [string, PropertySpec] => [
      name,
      {
        type: spec.type === "boolean" ? "boolean" : "string",
        description: `The \`${name}\` switch in effect.`,
      },
    ]);
  const properties = Object.fromEntries([...outputs, ...switches]);
  const optional = Object.keys(kind.outputs).filter((name) => kind.outputs[name].nullable === true);
  return {
    description: kind.docs,
    inputProperties: Object.fromEntries(
      Object.entries(kind.fields).map(([name, spec]) => [name, inputSpec(spec)]),
    ),
    requiredInputs: requiredFields(kind.fields),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
  };
}

const INFO_DOCS: { readonly [K in keyof InviteInfo]: PropertySpec } = {
  identity: { type: "string", description: "`invites/<uuid>`." },
  email: { type: "string", description: "The invitee's email address." },
  message: { type: "string", description: 'Text of the invitation ("" for none).' },
  expiryTime: { type: "string", description: "When it expires, RFC 3339 UTC." },
  status: { type: "string", description: "`pending` until the expiry time passes, then `expired`." },
};

const INFO_REF = `#/types/${TOKENS.inviteInfo}`;

/**
 * The package schema. Everything but the prose is derived from the TypeScript tables above and the
 * ones they are keyed by, so a new setting, input or output cannot be left out of it.
 *
 * @param version - The package's version (the plugin reports the same one).
 */
export function buildSchema(version: string): PackageSchema {
  const config = configProperties();
  return {
    name: PACKAGE_NAME,
    version,
    displayName: "DataTrails invites",
    description:
      "Declare who is invited into a DataTrails tenancy: invites sent, re-sent and withdrawn by Pulumi.",
    keywords: ["pulumi", "datatrails", "invites", "category/utility"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    language: {
      nodejs: {
        packageName: "pulumi-datatrails",
        packageDescription: "Pulumi SDK for the DataTrails invites provider (generated from schema.json).",
        dependencies: { "@pulumi/pulumi": "^3.0.0" },
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_datatrails",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
      },
    },
    config: { variables: config },
    provider: {
      description:
        "The DataTrails provider. Each setting comes from this provider's arguments (or the `datatrails:*` stack config of the default provider), else from the environment; credentials are taken wholly from one of the two.",
      inputProperties: config,
    },
    types: {
      [TOKENS.inviteInfo]: {
        type: "object",
        description: "An invite as `getInvite` and `listInvites` return it.",
        properties: { ...INFO_DOCS },
        required: Object.keys(INFO_DOCS),
      },
      ...ALL_KINDS.reduce<PackageSchema["types"]>(
        (all, kind) => ({ ...all, ...objectTypes(kind.fields) }),
        {},
      ),
    },
    resources: Object.fromEntries(ALL_KINDS.map((kind) => [kind.tokens.native, resourceSpec(kind)])),
    functions: {
      [TOKENS.getInvite]: {
        description:
          "Looks one invite up by identity (`invites/<uuid>` or the bare uuid). `invite` is absent when DataTrails has no such invite (accepted, revoked or purged).",
        inputs: {
          properties: { identity: { type: "string", description: "`invites/<uuid>` or the bare uuid." } },
          required: ["identity"],
        },
        outputs: {
          properties: {
            invite: { $ref: INFO_REF, description: "The invite; absent when it does not exist." },
          },
          required: [],
        },
      },
      [TOKENS.listInvites]: {
        description: "Lists the tenancy's invites (every page), optionally for one email address.",
        inputs: {
          properties: {
            email: { type: "string", description: "Only invites for this email address (case-insensitive)." },
          },
          required: [],
        },
        outputs: {
          properties: {
            invites: { type: "array", items: { $ref: INFO_REF }, description: "The invites." },
          },
          required: ["invites"],
        },
      },
    },
  };
}
