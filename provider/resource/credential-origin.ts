/**
 * A credential goes only where it came from. Every provider process inherits the same environment,
 * so a provider whose URL comes from its own settings (stack config, or a provider resource's `url`)
 * while its credentials come from the environment would hand the environment's secret to another
 * host. Pure: the decision on where the URL and the credentials came from, no request.
 */
import { DEFAULT_URL, normalizeBaseUrl } from "../client";
import { CONFIG_KEYS, CONFIG_SETTINGS, configSetCommand, ENV_NAMES } from "./config-keys";

/** Where a provider's URL and credentials came from, as the decision needs it. */
export interface CredentialOrigin {
  /** `datatrails:url` / the provider's `url`, when its own settings name one. */
  configuredUrl: string | undefined;
  /** `DATATRAILS_URL`, when the environment names one. */
  environmentUrl: string | undefined;
  /** Which source supplied the credentials. */
  credentialSource: "stack config" | "environment";
}

/** A URL as checked and spelled by the client, or `undefined` when it is not a usable one. */
function normalized(url: string): string | undefined {
  try {
    return normalizeBaseUrl(url);
  } catch {
    return undefined;
  }
}

/** A URL for a message: never a malformed one's text, which may carry a password. */
function shown(url: string): string {
  return normalized(url) ?? "a URL that is not usable";
}

/**
 * Why these credentials must not be sent to this URL, or `undefined` when they may. Refused exactly
 * when the credentials come from the environment while the provider's own settings name a URL other
 * than the environment's own (`DATATRAILS_URL`, or the default URL when that is unset). Credentials of
 * the provider's own go to its URL, else `DATATRAILS_URL`, else the default, as before.
 *
 * @returns The refusal, naming both URLs and how to give credentials for the configured one.
 */
export function credentialOriginProblem(origin: CredentialOrigin): string | undefined {
  const { configuredUrl, environmentUrl, credentialSource } = origin;
  if (credentialSource !== "environment" || configuredUrl === undefined) return undefined;
  const envOwn = environmentUrl ?? DEFAULT_URL;
  // The same service however it is spelled (case of scheme and host, a trailing slash).
  const configured = normalized(configuredUrl);
  if (configured !== undefined && configured === normalized(envOwn)) return undefined;
  const target = shown(configuredUrl);
  const envWhere =
    environmentUrl === undefined ? `the default URL (${ENV_NAMES.url[0]} is unset)` : ENV_NAMES.url[0];
  const s = CONFIG_SETTINGS;
  return [
    `${CONFIG_KEYS.url} (stack config or the provider's url) is ${target}, but the ` +
      `credentials come from the environment, which is for ${shown(envOwn)} (${envWhere}): ` +
      `refusing to send the environment's credentials to another URL. Nothing was sent.`,
    `Give credentials for ${target} in this provider's own settings:`,
    `  ${configSetCommand("clientId", "<id>")} and ${configSetCommand("clientSecret", "<secret>")}`,
    `  (or ${configSetCommand("token", "<token>")}, or ${configSetCommand("tokenFile", "<path>")}); on an ` +
      `explicit provider resource, its clientId and clientSecret (or token, or tokenFile) arguments.`,
    `Or, if the environment's credentials are meant for ${target}, set ` +
      `${s.url.env[0]}=${target} beside them.`,
  ].join("\n");
}
