/**
 * Every setting the provider reads: its stack config key, the environment variables it falls back
 * to, and how messages talk about it. Settings, the "no credentials" help and `check()`'s hints for
 * misplaced credentials all derive from this one table.
 */

/**
 * How one setting is read and named.
 */
interface ConfigSetting {
  /** The fully namespaced stack config key, as `configure()` sees it. */
  readonly key: string;
  /** Environment variables read when stack config has no value, preferred first. */
  readonly env: readonly string[];
  /** Set it with `pulumi config set --secret`. */
  readonly secret: boolean;
  /**
   * Whether the setting says where and as whom to connect (credentials, URL), as opposed to tuning.
   * An Invite input named like one of these is pointed at the config key instead.
   */
  readonly connection: boolean;
  /** Other lower-case input names that mean this setting when misplaced on an Invite. */
  readonly misplacedAs: readonly string[];
  /** For a number: the values accepted, and an example given in the error for any other. */
  readonly number?: NumberRule;
}

/**
 * The values a numeric setting accepts.
 * @internal
 */
export interface NumberRule {
  /** Smallest value accepted. */
  readonly min: number;
  /** Whether `min` itself is refused (a duration of 0 s would never succeed). */
  readonly minExclusive: boolean;
  /** Largest value accepted. */
  readonly max: number;
  /** Whether only whole numbers are accepted. */
  readonly integer: boolean;
  /** What the value counts, for messages: "seconds", "requests". */
  readonly unit: string;
  /** A sensible value, shown in the error. */
  readonly example: number;
}

/**
 * The provider's settings, by field of `ProviderSettings` / credentials.
 * @internal
 */
export const CONFIG_SETTINGS = {
  url: { key: "datatrails:url", env: ["DATATRAILS_URL"], secret: false, connection: true, misplacedAs: [] },
  clientId: {
    key: "datatrails:clientId",
    env: ["DATATRAILS_CLIENT_ID", "DATATRAILS_APPREG_CLIENT"],
    secret: false,
    connection: true,
    misplacedAs: [],
  },
  clientSecret: {
    key: "datatrails:clientSecret",
    env: ["DATATRAILS_CLIENT_SECRET", "DATATRAILS_APPREG_SECRET"],
    secret: true,
    connection: true,
    misplacedAs: ["secret"],
  },
  token: {
    key: "datatrails:token",
    env: ["DATATRAILS_TOKEN"],
    secret: true,
    connection: true,
    misplacedAs: [],
  },
  tokenFile: {
    key: "datatrails:tokenFile",
    env: ["DATATRAILS_TOKEN_FILE"],
    secret: false,
    connection: true,
    misplacedAs: [],
  },
  tenancy: {
    key: "datatrails:tenancy",
    env: ["DATATRAILS_TENANCY"],
    secret: false,
    connection: true,
    misplacedAs: [],
  },
  retryBudgetSeconds: {
    key: "datatrails:retryBudgetSeconds",
    env: ["DATATRAILS_RETRY_BUDGET_SECONDS"],
    secret: false,
    connection: false,
    misplacedAs: [],
    number: { min: 0, minExclusive: true, max: 3600, integer: false, unit: "seconds", example: 60 },
  },
  requestTimeoutSeconds: {
    key: "datatrails:requestTimeoutSeconds",
    env: ["DATATRAILS_REQUEST_TIMEOUT_SECONDS"],
    secret: false,
    connection: false,
    misplacedAs: [],
    number: { min: 0, minExclusive: true, max: 3600, integer: false, unit: "seconds", example: 60 },
  },
  listingMaxAgeSeconds: {
    key: "datatrails:listingMaxAgeSeconds",
    env: ["DATATRAILS_LISTING_MAX_AGE_SECONDS"],
    secret: false,
    connection: false,
    misplacedAs: [],
    // 0 shares only listings still in flight: every lookup sees the tenancy as of its own request.
    number: { min: 0, minExclusive: false, max: 3600, integer: false, unit: "seconds", example: 30 },
  },
  maxRequestsInFlight: {
    key: "datatrails:maxRequestsInFlight",
    env: ["DATATRAILS_MAX_REQUESTS_IN_FLIGHT"],
    secret: false,
    connection: false,
    misplacedAs: [],
    number: { min: 1, minExclusive: false, max: 256, integer: true, unit: "requests", example: 8 },
  },
} as const satisfies Record<string, ConfigSetting>;

/**
 * A setting's name: `url`, `clientId`, ...
 * @internal
 */
export type SettingName = keyof typeof CONFIG_SETTINGS;

/**
 * Every setting's name, in the table's order.
 * @internal
 */
export const SETTING_NAMES = Object.keys(CONFIG_SETTINGS) as SettingName[];

/**
 * The settings that are numbers: those with a `number` rule.
 * @internal
 */
export type NumericName = {
  [N in SettingName]: (typeof CONFIG_SETTINGS)[N] extends { number: NumberRule } ? N : never;
}[SettingName];

/**
 * Stack configuration keys the provider reads (fully namespaced, as `configure()` sees them).
 * @internal
 */
export const CONFIG_KEYS = Object.fromEntries(
  SETTING_NAMES.map((name) => [name, CONFIG_SETTINGS[name].key]),
) as {
  readonly [N in SettingName]: (typeof CONFIG_SETTINGS)[N]["key"];
};

/**
 * Environment variables the provider falls back to when stack config gives no value.
 * @internal
 */
export const ENV_NAMES = Object.fromEntries(
  SETTING_NAMES.map((name) => [name, CONFIG_SETTINGS[name].env]),
) as {
  readonly [N in SettingName]: (typeof CONFIG_SETTINGS)[N]["env"];
};

/**
 * `pulumi config set [--secret] <key> [<value>]` for a setting.
 * @internal
 */
export function configSetCommand(name: SettingName, value?: string): string {
  const setting: ConfigSetting = CONFIG_SETTINGS[name];
  const command = `pulumi config set ${setting.secret ? "--secret " : ""}${setting.key}`;
  return value === undefined ? command : `${command} ${value}`;
}

/**
 * The config key an Invite input names by mistake (`clientSecret`, `secret`, `url`, ... ignoring
 * case), or `undefined` when it names no connection setting.
 * @internal
 */
export function misplacedConfigKey(input: string): SettingName | undefined {
  const lower = input.toLowerCase();
  return SETTING_NAMES.find((name) => {
    const setting: ConfigSetting = CONFIG_SETTINGS[name];
    return setting.connection && (name.toLowerCase() === lower || setting.misplacedAs.includes(lower));
  });
}

function envList(name: SettingName): string {
  return CONFIG_SETTINGS[name].env.join(" and ");
}

/**
 * Every way to give credentials, for the error raised when there are none.
 * @internal
 */
export function noCredentialsHelp(): string {
  const s = CONFIG_SETTINGS;
  return [
    "No DataTrails credentials were found. Provide one of:",
    "  - client credentials (an app registration that is a tenancy administrator):",
    `      ${configSetCommand("clientId", "<id>")}`,
    `      ${configSetCommand("clientSecret", "<secret>")}`,
    `    or the environment variables ${s.clientId.env[0]} and ${s.clientSecret.env[0]}`,
    `    (also accepted: ${s.clientId.env.slice(1).join(", ")} and ${s.clientSecret.env.slice(1).join(", ")});`,
    `  - a bearer token: ${configSetCommand("token", "<token>")}, or ${envList("token")};`,
    "  - a token file (a bare token or an 'Authorization: Bearer <token>' line, mode 0600):",
    `      ${configSetCommand("tokenFile", "<path>")}, or ${envList("tokenFile")}.`,
    "Stack config wins over the environment.",
  ].join("\n");
}
