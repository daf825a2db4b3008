import {
  DataTrailsConfigError,
  DEFAULT_URL,
  normalizeBaseUrl,
  selectCredentials,
  tokenFileProblem,
  type Credentials,
  type DataTrailsClientOptions,
  type TokenFileProblem,
} from "../client";
import { CONFIG_KEYS, ENV_NAMES, noCredentialsHelp, type SettingName } from "./config-keys";

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
  /** Total time one operation may spend retrying, in seconds (client default when absent). */
  retryBudgetSeconds?: number;
  /** Time allowed for one request, in seconds (client default when absent). */
  requestTimeoutSeconds?: number;
}

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

const SETTING_NAMES = Object.keys(CONFIG_KEYS) as SettingName[];

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
  const base = {
    url: checkedUrl(stack.url, environment.url),
    ...seconds("retryBudgetSeconds", stack.retryBudgetSeconds ?? environment.retryBudgetSeconds),
    ...seconds("requestTimeoutSeconds", stack.requestTimeoutSeconds ?? environment.requestTimeoutSeconds),
  };
  // Stack config wins wholly: credentials are never mixed from the two sources.
  const fromStack = pickCredentials(stack, "stack config");
  if (fromStack) return { ...base, credentials: fromStack, credentialSource: "stack config" };
  const fromEnvironment = pickCredentials(environment, "environment");
  if (fromEnvironment) return { ...base, credentials: fromEnvironment, credentialSource: "environment" };
  throw new DataTrailsConfigError(noCredentialsHelp());
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

function seconds(
  key: "retryBudgetSeconds" | "requestTimeoutSeconds",
  raw: string | undefined,
): Partial<ProviderSettings> {
  if (raw === undefined) return {};
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new DataTrailsConfigError(
      `${CONFIG_KEYS[key]} (or ${ENV_NAMES[key][0]}) is ${JSON.stringify(raw)}: give a number of seconds between 0 and 3600, e.g. 60`,
    );
  }
  return { [key]: value };
}

/**
 * Client options for these settings; warnings (e.g. a token file others can read) go to stderr.
 * @internal
 */
export function clientOptionsFor(settings: ProviderSettings): DataTrailsClientOptions {
  const c = settings.credentials;
  return {
    url: settings.url,
    ...(c.kind === "token" ? { token: c.token } : {}),
    ...(c.kind === "tokenFile" ? { tokenFile: c.path } : {}),
    ...(c.kind === "clientCredentials" ? { clientId: c.clientId, clientSecret: c.clientSecret } : {}),
    ...(settings.retryBudgetSeconds !== undefined
      ? { retry: { budgetMs: settings.retryBudgetSeconds * 1000 } }
      : {}),
    ...(settings.requestTimeoutSeconds !== undefined
      ? { transport: { timeoutMs: settings.requestTimeoutSeconds * 1000 } }
      : {}),
    logger: { warn: (message: string) => console.warn(`warning: ${message}`) },
  };
}
