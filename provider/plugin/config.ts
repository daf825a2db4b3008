/**
 * The native provider's configuration as the engine sends it (Configure, CheckConfig, DiffConfig),
 * turned into the `ConfigSource` the dynamic provider's `resolveSettings` reads, so both shells give
 * stack config and environment the same precedence. Pure functions: no RPC, no API call.
 */
import { DataTrailsConfigError } from "../client";
import { CONFIG_SETTINGS, SETTING_NAMES, type SettingName } from "../resource/config-keys";
import { UNKNOWN } from "../resource/fields";
import { resolveSettings, type ConfigSource } from "../resource/settings";

/** The engine's mark of a secret value inside a `google.protobuf.Struct` (`sig.Secret`). */
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** Provider configuration as it travels: un-namespaced keys (`url`, `clientSecret`), any JSON value. */
export type ConfigArgs = Record<string, unknown>;

/** A config value with any secret wrapping removed; `undefined` for absent, null or not yet known. */
function plain(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE) return plain(record.value);
  }
  return value === null || value === UNKNOWN ? undefined : value;
}

/** A config value as the string stack config would hold (numbers and booleans spelled out). */
function text(value: unknown): string | undefined {
  const v = plain(value);
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  // Objects and arrays are no setting's type: hand over their JSON so the setting's check names it.
  return JSON.stringify(v);
}

/** True when some setting's value is not known yet (a preview of a provider built from outputs). */
export function hasUnknownSetting(args: ConfigArgs): boolean {
  return SETTING_NAMES.some((name) => {
    const value = args[name];
    const inner =
      value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY]
        ? (value as Record<string, unknown>).value
        : value;
    return inner === UNKNOWN;
  });
}

/**
 * The provider's config as a `ConfigSource` keyed like stack config (`datatrails:url`). `args` is the
 * request's Struct (un-namespaced keys; secrets possibly wrapped); `variables` the legacy map
 * (`datatrails:url` -> string) an engine without `args` sends instead.
 */
export function configSourceOf(
  args: ConfigArgs | undefined,
  variables: ReadonlyMap<string, string>,
): ConfigSource {
  const values = new Map<string, string>();
  for (const name of SETTING_NAMES) {
    const key = CONFIG_SETTINGS[name].key;
    const value = args !== undefined ? text(args[name]) : variables.get(key);
    if (value !== undefined) values.set(key, value);
  }
  return { get: (key) => values.get(key) };
}

/** A CheckConfig failure: no property, so the engine never prints the (possibly secret) value. */
export interface ConfigFailure {
  /** Always `""`: the reason names the config key itself. */
  property: "";
  /** What is wrong, naming the key and the fix. */
  reason: string;
}

/**
 * Checks provider config the way the first `check()` of the dynamic provider does: resolves the
 * settings (stack config, then the environment) and reports why they are unusable. Values not known
 * yet are not judged.
 */
export function checkConfig(news: ConfigArgs, env: NodeJS.ProcessEnv): ConfigFailure[] {
  if (hasUnknownSetting(news)) return [];
  try {
    resolveSettings(configSourceOf(news, new Map()), env);
    return [];
  } catch (err) {
    if (err instanceof DataTrailsConfigError) return [{ property: "", reason: err.message }];
    throw err;
  }
}

/** What DiffConfig answers. */
export interface ConfigDiff {
  /** Whether any setting differs. */
  changes: boolean;
  /** The settings that differ (un-namespaced names). */
  diffs: SettingName[];
}

/**
 * Compares old and new provider config. A change never replaces the provider: a replaced provider
 * would replace every Invite it manages, re-sending their emails, while every setting (URL,
 * credentials, tuning) is only how to reach the same tenancy.
 */
export function diffConfig(olds: ConfigArgs, news: ConfigArgs): ConfigDiff {
  const diffs = SETTING_NAMES.filter((name) => {
    const newValue = news[name];
    const inner = plain(newValue);
    if (inner === undefined && newValue !== undefined && newValue !== null) return true; // unknown
    return text(olds[name]) !== text(newValue);
  });
  return { changes: diffs.length > 0, diffs };
}
