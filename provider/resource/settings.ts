import {
  DataTrailsConfigError,
  DEFAULT_URL,
  normalizeBaseUrl,
  selectCredentials,
  TENANCY_IDENTITY,
  tokenFileProblem,
  type Credentials,
  type DataTrailsClientOptions,
  type TokenFileProblem,
} from "../client";
import {
  CONFIG_KEYS,
  CONFIG_SETTINGS,
  ENV_NAMES,
  noCredentialsHelp,
  SETTING_NAMES,
  type NumericName,
  type SettingName,
} from "./config-keys";
import { credentialOriginProblem } from "./credential-origin";
import { TENANCY_DEFAULTS, type TenancyOptions } from "./tenancy";

/**
 * Where the provider's settings came from, resolved once per provider process.
 * @internal
 */
export interface ProviderSettings {
  /** DataTrails base URL. */
  url: string;
  /** The credentials to use. */
  credentials: Credentials;
  /** Which source supplied the credentials (stack config wins over the environment). */
  credentialSource: "stack config" | "environment";
  /**
   * The tenancy the credentials must belong to (`tenant/<uuid>`), with the setting that pinned it
   * (`datatrails:tenancy` or `DATATRAILS_TENANCY`); absent when not pinned.
   */
  pin?: { tenancy: string; setting: string };
  /** Total time one operation may spend retrying, in seconds (client default when absent). */
  retryBudgetSeconds?: number;
  /** Time allowed for one request, in seconds (client default when absent). */
  requestTimeoutSeconds?: number;
  /** How long one listing of the tenancy is reused, in seconds (tenancy default when absent). */
  listingMaxAgeSeconds?: number;
  /** Requests in flight at once (client default when absent). */
  maxRequestsInFlight?: number;
}

const NUMERIC_NAMES = SETTING_NAMES.filter((name): name is NumericName => "number" in CONFIG_SETTINGS[name]);

/**
 * The part of a Pulumi `ConfigureRequest.config` the provider needs.
 * @internal
 */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Every setting as given by one source (trimmed; empty counts as absent). */
type Raw = { [N in SettingName]?: string };

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function fromConfig(config: ConfigSource | undefined): Raw {
  if (!config) return {};
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, nonEmpty(config.get(CONFIG_KEYS[name]))]));
}

function fromEnv(env: NodeJS.ProcessEnv): Raw {
  const first = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const value = nonEmpty(env[name]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, first(ENV_NAMES[name])]));
}

function pickCredentials(raw: Raw, source: string): Credentials | undefined {
  const choice = selectCredentials(raw);
  if (choice.kind === "none") return undefined;
  if (choice.kind === "incomplete") {
    const { given, missing } = choice;
    throw new DataTrailsConfigError(
      `${CONFIG_KEYS[given]} is set in the ${source} but ${CONFIG_KEYS[missing]} is not: client credentials need both ` +
        `(set ${CONFIG_KEYS[missing]}, or ${ENV_NAMES[missing][0]}).`,
    );
  }
  if (choice.credentials.kind === "tokenFile") {
    const problem = tokenFileProblem(choice.credentials.path);
    if (problem) throw tokenFileError(choice.credentials.path, source, problem);
  }
  return choice.credentials;
}

/** A token file problem named by the setting that points at the file. */
function tokenFileError(path: string, source: string, problem: TokenFileProblem): DataTrailsConfigError {
  const setting = `${CONFIG_KEYS.tokenFile} / ${ENV_NAMES.tokenFile[0]}`;
  const fix =
    problem.kind === "directory"
      ? `which is a directory: point ${setting} at the file holding the token.`
      : problem.kind === "unreadable"
        ? `which cannot be read (${problem.code}): create it with the bearer token, or point ${setting} at the right file.`
        : "which is empty: write the token (or an 'Authorization: Bearer <token>' line) into it.";
  return new DataTrailsConfigError(`${CONFIG_KEYS.tokenFile} (from the ${source}) names ${path}, ${fix}`);
}

/**
 * Resolves the provider's settings. The URL comes from stack config, else `DATATRAILS_URL`, else
 * {@link DEFAULT_URL}. Credentials come wholly from stack config when it names any, else wholly from
 * the environment, so a token left in a shell never overrides the stack's app registration.
 *
 * @throws DataTrailsConfigError listing every way to provide credentials when there are none.
 * @internal
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const stack = fromConfig(config);
  const environment = fromEnv(env);
  const pin = checkedTenancy(stack.tenancy, environment.tenancy);
  const base = {
    url: checkedUrl(stack.url, environment.url),
    ...(pin !== undefined ? { pin } : {}),
    ...Object.fromEntries(
      NUMERIC_NAMES.flatMap((name) => {
        const raw = stack[name] ?? environment[name];
        return raw === undefined ? [] : [[name, checkedNumber(name, raw)]];
      }),
    ),
  };
  // Stack config wins wholly: credentials are never mixed from the two sources.
  const fromStack = pickCredentials(stack, "stack config");
  if (fromStack) return { ...base, credentials: fromStack, credentialSource: "stack config" };
  const fromEnvironment = pickCredentials(environment, "environment");
  if (!fromEnvironment) throw new DataTrailsConfigError(noCredentialsHelp());
  const refusal = credentialOriginProblem({
    configuredUrl: stack.url,
    environmentUrl: environment.url,
    credentialSource: "environment",
  });
  if (refusal !== undefined) throw new DataTrailsConfigError(refusal, CONFIG_KEYS.url);
  return { ...base, credentials: fromEnvironment, credentialSource: "environment" };
}

/** The pinned tenancy, checked here so that a malformed one is refused before any request. */
function checkedTenancy(
  fromStack: string | undefined,
  fromEnv: string | undefined,
): { tenancy: string; setting: string } | undefined {
  const raw = fromStack ?? fromEnv;
  if (raw === undefined) return undefined;
  const setting = fromStack !== undefined ? CONFIG_KEYS.tenancy : ENV_NAMES.tenancy[0];
  if (TENANCY_IDENTITY.test(raw)) return { tenancy: raw, setting };
  const bareUuid = TENANCY_IDENTITY.test(`tenant/${raw}`);
  throw new DataTrailsConfigError(
    `${setting} is ${JSON.stringify(raw)}: give the tenancy's identity as DataTrails writes it, ` +
      (bareUuid
        ? `with its prefix: tenant/${raw}`
        : "tenant/<uuid> (e.g. tenant/08838336-c357-460d-902a-3aba9528dd22); " +
          "GET /archivist/v1/tenancies/self answers it for your credentials"),
    CONFIG_KEYS.tenancy,
  );
}

/** The URL to use, checked here so that a bad one is reported by its config key and source. */
function checkedUrl(fromStack: string | undefined, fromEnv: string | undefined): string {
  const raw = fromStack ?? fromEnv;
  if (raw === undefined) return DEFAULT_URL;
  const where = fromStack !== undefined ? `${CONFIG_KEYS.url} (stack config)` : `${ENV_NAMES.url[0]}`;
  try {
    normalizeBaseUrl(raw, CONFIG_KEYS.url);
  } catch (err) {
    if (!(err instanceof DataTrailsConfigError)) throw err;
    // The client's message names its own option; say which setting holds the URL instead.
    const problem = err.message.replace(/^Invalid DataTrails client option "[^"]*": /, "");
    throw new DataTrailsConfigError(`${where} is not a usable DataTrails URL: ${problem}`, CONFIG_KEYS.url);
  }
  return raw;
}

/** A numeric setting's value, checked against its rule in the config table. */
function checkedNumber(name: NumericName, raw: string): number {
  const rule = CONFIG_SETTINGS[name].number;
  const value = Number(raw);
  const low = rule.minExclusive ? value <= rule.min : value < rule.min;
  if (!Number.isFinite(value) || low || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    const kind = rule.integer ? "a whole number" : "a number";
    const range = `${rule.minExclusive ? "between" : "from"} ${rule.min} ${rule.minExclusive ? "and" : "to"} ${rule.max}`;
    throw new DataTrailsConfigError(
      `${CONFIG_KEYS[name]} (or ${ENV_NAMES[name][0]}) is ${JSON.stringify(raw)}: give ${kind} of ${rule.unit} ${range}, e.g. ${rule.example}`,
      CONFIG_KEYS[name],
    );
  }
  return value;
}

/**
 * Client options for these settings; warnings (e.g. a token file others can read) go to stderr.
 * @internal
 */
export function clientOptionsFor(settings: ProviderSettings): DataTrailsClientOptions {
  const c = settings.credentials;
  const { requestTimeoutSeconds: timeout, maxRequestsInFlight: maxInFlight } = settings;
  const transport = {
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
  };
  return {
    url: settings.url,
    ...(c.kind === "token" ? { token: c.token } : {}),
    ...(c.kind === "tokenFile" ? { tokenFile: c.path } : {}),
    ...(c.kind === "clientCredentials" ? { clientId: c.clientId, clientSecret: c.clientSecret } : {}),
    ...(settings.retryBudgetSeconds !== undefined
      ? { retry: { budgetMs: settings.retryBudgetSeconds * 1000 } }
      : {}),
    ...(Object.keys(transport).length > 0 ? { transport } : {}),
    logger: { warn: (message: string) => console.warn(`warning: ${message}`) },
  };
}

/**
 * How the deployment's view of the tenancy is reused, for these settings.
 * @internal
 */
export function tenancyOptionsFor(settings: ProviderSettings): TenancyOptions {
  return {
    ...TENANCY_DEFAULTS,
    ...(settings.listingMaxAgeSeconds !== undefined
      ? { listingMaxAgeMs: settings.listingMaxAgeSeconds * 1000 }
      : {}),
  };
}
