import * as fs from "fs";
import {
  DataTrailsConfigError,
  normalizeBaseUrl,
  type Credentials,
  type DataTrailsClientOptions,
} from "../client";

/** Stack configuration keys the provider reads (fully namespaced, as `configure()` sees them). */
export const CONFIG_KEYS = {
  url: "datatrails:url",
  clientId: "datatrails:clientId",
  clientSecret: "datatrails:clientSecret",
  token: "datatrails:token",
  tokenFile: "datatrails:tokenFile",
  retryBudgetSeconds: "datatrails:retryBudgetSeconds",
  requestTimeoutSeconds: "datatrails:requestTimeoutSeconds",
} as const;

/** Environment variables the provider falls back to when stack config gives no value. */
export const ENV_NAMES = {
  url: ["DATATRAILS_URL"],
  clientId: ["DATATRAILS_CLIENT_ID", "DATATRAILS_APPREG_CLIENT"],
  clientSecret: ["DATATRAILS_CLIENT_SECRET", "DATATRAILS_APPREG_SECRET"],
  token: ["DATATRAILS_TOKEN"],
  tokenFile: ["DATATRAILS_TOKEN_FILE"],
  retryBudgetSeconds: ["DATATRAILS_RETRY_BUDGET_SECONDS"],
  requestTimeoutSeconds: ["DATATRAILS_REQUEST_TIMEOUT_SECONDS"],
} as const;

/**
 * The service URL used when neither `datatrails:url` nor `DATATRAILS_URL` is set.
 * @default "https://app.datatrails.ai"
 */
export const DEFAULT_URL = "https://app.datatrails.ai";

/** Where the provider's settings came from, resolved once per provider process. */
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

/** The part of a Pulumi `ConfigureRequest.config` the provider needs. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

interface RawSettings {
  url?: string;
  retryBudgetSeconds?: string;
  requestTimeoutSeconds?: string;
}

interface RawCredentials {
  token?: string;
  tokenFile?: string;
  clientId?: string;
  clientSecret?: string;
}

const NO_CREDENTIALS_HELP = [
  "No DataTrails credentials were found. Provide one of:",
  "  - client credentials (an app registration that is a tenancy administrator):",
  "      pulumi config set datatrails:clientId <id>",
  "      pulumi config set --secret datatrails:clientSecret <secret>",
  "    or the environment variables DATATRAILS_CLIENT_ID and DATATRAILS_CLIENT_SECRET",
  "    (also accepted: DATATRAILS_APPREG_CLIENT and DATATRAILS_APPREG_SECRET);",
  "  - a bearer token: pulumi config set --secret datatrails:token <token>, or DATATRAILS_TOKEN;",
  "  - a token file (a bare token or an 'Authorization: Bearer <token>' line, mode 0600):",
  "      pulumi config set datatrails:tokenFile <path>, or DATATRAILS_TOKEN_FILE.",
  "Stack config wins over the environment.",
].join("\n");

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function fromConfig(config: ConfigSource | undefined): RawCredentials & RawSettings {
  if (!config) return {};
  return {
    url: nonEmpty(config.get(CONFIG_KEYS.url)),
    retryBudgetSeconds: nonEmpty(config.get(CONFIG_KEYS.retryBudgetSeconds)),
    requestTimeoutSeconds: nonEmpty(config.get(CONFIG_KEYS.requestTimeoutSeconds)),
    token: nonEmpty(config.get(CONFIG_KEYS.token)),
    tokenFile: nonEmpty(config.get(CONFIG_KEYS.tokenFile)),
    clientId: nonEmpty(config.get(CONFIG_KEYS.clientId)),
    clientSecret: nonEmpty(config.get(CONFIG_KEYS.clientSecret)),
  };
}

function fromEnv(env: NodeJS.ProcessEnv): RawCredentials & RawSettings {
  const first = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const value = nonEmpty(env[name]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  return {
    url: first(ENV_NAMES.url),
    retryBudgetSeconds: first(ENV_NAMES.retryBudgetSeconds),
    requestTimeoutSeconds: first(ENV_NAMES.requestTimeoutSeconds),
    token: first(ENV_NAMES.token),
    tokenFile: first(ENV_NAMES.tokenFile),
    clientId: first(ENV_NAMES.clientId),
    clientSecret: first(ENV_NAMES.clientSecret),
  };
}

function hasAnyCredential(raw: RawCredentials): boolean {
  return (
    raw.token !== undefined ||
    raw.tokenFile !== undefined ||
    raw.clientId !== undefined ||
    raw.clientSecret !== undefined
  );
}

function pickCredentials(raw: RawCredentials, source: string): Credentials {
  if (raw.token !== undefined) return { kind: "token", token: raw.token };
  if (raw.tokenFile !== undefined) {
    checkTokenFile(raw.tokenFile, source);
    return { kind: "tokenFile", path: raw.tokenFile };
  }
  if (raw.clientId !== undefined && raw.clientSecret !== undefined) {
    return { kind: "clientCredentials", clientId: raw.clientId, clientSecret: raw.clientSecret };
  }
  const [given, missing] =
    raw.clientId !== undefined ? ["clientId", "clientSecret"] : ["clientSecret", "clientId"];
  throw new DataTrailsConfigError(
    `datatrails:${given} is set in the ${source} but datatrails:${missing} is not: client credentials need both ` +
      `(set datatrails:${missing}, or DATATRAILS_${missing === "clientId" ? "CLIENT_ID" : "CLIENT_SECRET"}).`,
  );
}

function checkTokenFile(path: string, source: string): void {
  let content: string;
  try {
    if (fs.statSync(path).isDirectory()) {
      throw new DataTrailsConfigError(
        `datatrails:tokenFile (from the ${source}) names ${path}, which is a directory: ` +
          `point datatrails:tokenFile / DATATRAILS_TOKEN_FILE at the file holding the token.`,
      );
    }
    content = fs.readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof DataTrailsConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new DataTrailsConfigError(
      `datatrails:tokenFile (from the ${source}) names ${path}, which cannot be read (${code}): ` +
        `create it with the bearer token, or point datatrails:tokenFile / DATATRAILS_TOKEN_FILE at the right file.`,
    );
  }
  if (content.trim() === "") {
    throw new DataTrailsConfigError(
      `datatrails:tokenFile (from the ${source}) names ${path}, which is empty: ` +
        `write the token (or an 'Authorization: Bearer <token>' line) into it.`,
    );
  }
}

/**
 * Resolves the provider's settings. The URL comes from stack config, else `DATATRAILS_URL`, else
 * {@link DEFAULT_URL}. Credentials come wholly from stack config when it names any, else wholly from
 * the environment, so a token left in a shell never overrides the stack's app registration.
 *
 * @throws DataTrailsConfigError listing every way to provide credentials when there are none.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const stack = fromConfig(config);
  const environment = fromEnv(env);
  const base = {
    url: checkedUrl(stack.url, environment.url),
    ...seconds("retryBudgetSeconds", stack.retryBudgetSeconds ?? environment.retryBudgetSeconds),
    ...seconds("requestTimeoutSeconds", stack.requestTimeoutSeconds ?? environment.requestTimeoutSeconds),
  };
  if (hasAnyCredential(stack)) {
    return { ...base, credentials: pickCredentials(stack, "stack config"), credentialSource: "stack config" };
  }
  if (hasAnyCredential(environment)) {
    return {
      ...base,
      credentials: pickCredentials(environment, "environment"),
      credentialSource: "environment",
    };
  }
  throw new DataTrailsConfigError(NO_CREDENTIALS_HELP);
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

/** Client options for these settings; warnings (e.g. a token file others can read) go to stderr. */
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
