import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import * as handlers from "../../provider/resource/handlers";

/** A `ConfigureRequest` as the dynamic-provider host builds it from stack config. */
export function configRequest(values: Record<string, string>): ConfigureRequest {
  return {
    config: {
      get: (key: string) => values[key],
      require: (key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  };
}

/** Configures the handlers module against an emulator with a static admin token. */
export async function configureFor(
  emu: { url: string; token: string },
  extra: Record<string, string> = {},
): Promise<void> {
  await handlers.configure(
    configRequest({ "datatrails:url": emu.url, "datatrails:token": emu.token, ...extra }),
  );
}

/** Environment variables the provider reads; tests clear them so the machine's own cannot leak in. */
export const PROVIDER_ENV = [
  "DATATRAILS_URL",
  "DATATRAILS_CLIENT_ID",
  "DATATRAILS_CLIENT_SECRET",
  "DATATRAILS_APPREG_CLIENT",
  "DATATRAILS_APPREG_SECRET",
  "DATATRAILS_TOKEN",
  "DATATRAILS_TOKEN_FILE",
  "DATATRAILS_TENANCY",
  "DATATRAILS_RETRY_BUDGET_SECONDS",
  "DATATRAILS_REQUEST_TIMEOUT_SECONDS",
];

/** Runs `fn` with the provider's environment variables replaced by `env`, restoring them after. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(PROVIDER_ENV.map((k) => [k, process.env[k]]));
  for (const k of PROVIDER_ENV) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Paths of every `undefined` found in a value (Pulumi rejects them in outputs). */
export function undefinedPaths(value: unknown, at = "$"): string[] {
  if (value === undefined) return [at];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    undefinedPaths(v, `${at}.${k}`),
  );
}
