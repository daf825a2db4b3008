/**
 * The native provider plugin's entry point, run by `plugin/pulumi-resource-datatrails` as
 * `node dist/provider/plugin/main.js <engine address>`: serves {@link DataTrailsProvider} with the
 * configuration RPCs wired to the dynamic provider's `configure()` and settings.
 */
import { packageVersion } from "../client";
import { setUserLog } from "../resource/session";
import { STDERR_LOG } from "../resource/tenancy-pin";
import { checkConfig, configSourceOf, diffConfig } from "./config";
import { engineLog } from "./engine-log";
import { DataTrailsProvider, providers } from "./provider";
import { loadSchema } from "./schema";
import { serveProvider, type ConfigHooks } from "./server";

/** Configure, CheckConfig and DiffConfig for the plugin process (config from the engine, env from ours). */
export const configHooks: ConfigHooks = {
  async configure(args, variables) {
    const source = configSourceOf(args, variables);
    const req = {
      config: {
        get: (key: string) => source.get(key),
        require: (key: string) => {
          const value = source.get(key);
          if (value === undefined) throw new Error(`datatrails provider config ${key} is not set`);
          return value;
        },
      },
    };
    // One provider process serves every kind, as one dynamic-provider host does: each kind's
    // configure joins the session the first one started (one tenancy listing, one cap read).
    for (const { handlers } of Object.values(providers)) await handlers.configure(req);
  },
  checkConfig: (_olds, news) => checkConfig(news, process.env),
  diffConfig,
};

/**
 * Starts the plugin: prints the gRPC port on stdout and serves until the engine ends the process.
 *
 * @param args - The command line after the script (the engine's address first).
 */
export function run(args: string[]): Promise<void> {
  // What the provider tells the user goes to the engine that started the plugin (its first argument).
  if (args[0] !== undefined) setUserLog(engineLog(args[0], STDERR_LOG));
  return serveProvider(new DataTrailsProvider(packageVersion(), loadSchema()), args, configHooks);
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    // Startup failures (no schema, a port that cannot be bound) end the plugin with the reason.
    console.error(`datatrails plugin: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
