/**
 * The Pulumi package schema of the native provider, built from the same tables the dynamic provider
 * reads: the provider config from `CONFIG_SETTINGS` (keys, secrecy, environment fallbacks), the
 * Invite's inputs from `INVITE_FIELDS`. `schema.json` at the package root is this object, written by
 * `npm run gen:schema`; a test keeps the two equal.
 */
import { INVITE_FIELDS, MAX_EMAIL_LENGTH, MAX_MESSAGE_LENGTH, MEMBER_FIELDS } from "../client";
import { CONFIG_SETTINGS, type SettingName } from "../resource/config-keys";
import { INVITE_DEFAULTS } from "../resource/inputs";
import { MEMBER_DEFAULTS } from "../resource/member-inputs";
import type { MemberOutputs } from "../resource/member-outputs";
import type { InviteInfo, InviteOutputs } from "../resource/outputs";

/** The package name: resource tokens are `datatrails:index:<Name>`, config keys `datatrails:<key>`. */
export const PACKAGE_NAME = "datatrails";

/** Type tokens the plugin serves. */
export const TOKENS = {
  /** The Invite resource. */
  invite: "datatrails:index:Invite",
  /** The Member resource. */
  member: "datatrails:index:Member",
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
  items?: { $ref: string } | { type: "string" };
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
  return Object.fromEntries(
    (Object.keys(CONFIG_SETTINGS) as SettingName[]).map((name) => [name, settingSpec(name)]),
  );
}

/** The Invite's inputs, by the one field list `check()` validates. */
const INPUT_DOCS: { readonly [F in (typeof INVITE_FIELDS)[number]]: PropertySpec } = {
  email: {
    type: "string",
    description: `The invitee's email address (trimmed; at most ${MAX_EMAIL_LENGTH} characters). Changing it replaces the invite.`,
  },
  message: {
    type: "string",
    description: `Text inserted into the invitation email (at most ${MAX_MESSAGE_LENGTH} characters). Changing it re-sends the invite.`,
  },
  adopt: {
    type: "boolean",
    description: `Take over a pending invite that already exists for this email instead of failing; no second email is sent. Default ${INVITE_DEFAULTS.adopt}.`,
  },
  renewExpired: {
    type: "boolean",
    description: `Replace an invite that expired unaccepted on the next update. Default ${INVITE_DEFAULTS.renewExpired}.`,
  },
};

/** The outputs programs see: every recorded output but the declared copies `diff` keeps for itself. */
type PublicOutput = Exclude<keyof InviteOutputs, "declaredEmail" | "declaredMessage">;

const OUTPUT_DOCS: { readonly [K in PublicOutput]: PropertySpec & { required: boolean } } = {
  identity: {
    type: "string",
    description: "The invite's identity (`invites/<uuid>`), or the member's when no invite was needed.",
    required: true,
  },
  email: {
    type: "string",
    description: "The invitee's email address as DataTrails stored it.",
    required: true,
  },
  message: { type: "string", description: 'The message sent with the invite ("" for none).', required: true },
  expiryTime: {
    type: "string",
    description: "When the invite expires (RFC 3339 UTC); absent when the person was already a member.",
    required: false,
  },
  status: {
    type: "string",
    description: "`pending`, `expired` (after a refresh past the expiry) or `accepted` (the person joined).",
    required: true,
  },
  adopted: {
    type: "boolean",
    description: "Whether this resource took over (or was imported from) an invite that already existed.",
    required: true,
  },
  memberIdentity: {
    type: "string",
    description: "The member's identity once the person has joined; absent before.",
    required: false,
  },
  adopt: { type: "boolean", description: "The `adopt` switch in effect.", required: true },
  renewExpired: { type: "boolean", description: "The `renewExpired` switch in effect.", required: true },
};

/** The Member's inputs, by the one field list its `check()` validates (the Invite's plus two). */
const MEMBER_INPUT_DOCS: { readonly [F in (typeof MEMBER_FIELDS)[number]]: PropertySpec } = {
  email: {
    type: "string",
    description: `The person's email address (trimmed; at most ${MAX_EMAIL_LENGTH} characters).`,
  },
  message: {
    type: "string",
    description: `Text inserted into the invitation email (at most ${MAX_MESSAGE_LENGTH} characters).`,
  },
  adopt: {
    type: "boolean",
    description: `Take over a pending invite that already exists for this email instead of failing. Default ${MEMBER_DEFAULTS.adopt}.`,
  },
  renewExpired: {
    type: "boolean",
    description: `Replace an invite that expired unaccepted on the next update. Default ${MEMBER_DEFAULTS.renewExpired}.`,
  },
  owner: {
    type: "boolean",
    description: `Once the person has joined, they hold the OWNER role exactly when this is true. Default ${MEMBER_DEFAULTS.owner}.`,
  },
  onRemove: {
    type: "string",
    description: `What removing this resource does to someone who joined: \`keep\` forgets them (their access stays), \`deactivate\` deactivates their membership. A pending invite is always withdrawn. Default \`${MEMBER_DEFAULTS.onRemove}\`.`,
  },
};

type PublicMemberOutput = Exclude<keyof MemberOutputs, "declaredEmail" | "declaredMessage">;

const MEMBER_OUTPUT_DOCS: { readonly [K in PublicMemberOutput]: PropertySpec & { required: boolean } } = {
  email: { type: "string", description: "The email address as DataTrails stored it.", required: true },
  message: { type: "string", description: 'The message sent with the invite ("" for none).', required: true },
  status: { type: "string", description: "`invited`, `expired`, `active` or `inactive`.", required: true },
  inviteIdentity: {
    type: "string",
    description: "The invite sent or adopted (`invites/<uuid>`); absent when none was needed.",
    required: false,
  },
  memberIdentity: {
    type: "string",
    description: "The membership (`members/<uuid>`) once the person has joined; absent before.",
    required: false,
  },
  roles: {
    type: "array",
    items: { type: "string" },
    description: "The roles the member holds (empty until they have joined).",
    required: true,
  },
  displayName: {
    type: "string",
    description: "The member's display name; absent until they have joined.",
    required: false,
  },
  expiryTime: {
    type: "string",
    description: "When the invite expires (RFC 3339 UTC); absent once the person is a member.",
    required: false,
  },
  adopted: {
    type: "boolean",
    description: "Whether this resource took over (or was imported from) an invite that already existed.",
    required: true,
  },
  owner: { type: "boolean", description: "The `owner` switch in effect.", required: true },
  onRemove: { type: "string", description: "The `onRemove` switch in effect.", required: true },
  adopt: { type: "boolean", description: "The `adopt` switch in effect.", required: true },
  renewExpired: { type: "boolean", description: "The `renewExpired` switch in effect.", required: true },
};

const INFO_DOCS: { readonly [K in keyof InviteInfo]: PropertySpec } = {
  identity: { type: "string", description: "`invites/<uuid>`." },
  email: { type: "string", description: "The invitee's email address." },
  message: { type: "string", description: 'Text of the invitation ("" for none).' },
  expiryTime: { type: "string", description: "When it expires, RFC 3339 UTC." },
  status: { type: "string", description: "`pending` until the expiry time passes, then `expired`." },
};

function withoutRequired(
  docs: Record<string, PropertySpec & { required: boolean }>,
): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(docs).map(([key, { required: _required, ...spec }]) => [key, spec]),
  );
}

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
    },
    resources: {
      [TOKENS.invite]: {
        description:
          "One person invited into a DataTrails tenancy. Creating it sends the invitation email (unless the person is already a member, or holds a pending invite you adopt); deleting it withdraws a pending invite but never removes a member. A new email or message replaces it. Import ids: `invites/<uuid>` (or the bare uuid), `email:<address>` (the newest pending invite for that address, or the membership when the person has joined), `members/<uuid>`.",
        inputProperties: { ...INPUT_DOCS },
        requiredInputs: ["email"],
        properties: withoutRequired(OUTPUT_DOCS),
        required: Object.entries(OUTPUT_DOCS)
          .filter(([, spec]) => spec.required)
          .map(([key]) => key),
      },
      [TOKENS.member]: {
        description:
          "One person declared from invite to membership. Creating it takes over the member with that email (reactivating them if needed, no email sent) or invites the person; once they have joined, their roles follow `owner`, and removing the resource applies `onRemove`. Import ids: `members/<uuid>`, `email:<address>` (the membership, else the newest pending invite), `invites/<uuid>`.",
        inputProperties: { ...MEMBER_INPUT_DOCS },
        requiredInputs: ["email"],
        properties: withoutRequired(MEMBER_OUTPUT_DOCS),
        required: Object.entries(MEMBER_OUTPUT_DOCS)
          .filter(([, spec]) => spec.required)
          .map(([key]) => key),
      },
    },
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
