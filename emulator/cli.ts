#!/usr/bin/env node
import { startEmulator, type EmulatorOptions } from "./index";

const USAGE = `usage: datatrails-emulator [--port N] [--host ADDR] [--state FILE] [--seed N] [--switches JSON]
                           [--tenancy tenant/<uuid>] [--tenancy-name NAME]

Starts a local DataTrails emulator and prints one JSON line
{"url","clientId","clientSecret","token","tenancy"} when ready. Stops on SIGINT or SIGTERM.`;

/** Thrown for a bad command line; the message is meant for the user. */
export class UsageError extends Error {}

function integerArg(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a non-negative integer, got "${value}"`);
  return Number(value);
}

/**
 * Parses the command line into emulator options.
 * @returns undefined when help was asked for
 * @throws UsageError for an unknown flag or a bad value
 */
export function parseArgs(argv: readonly string[]): EmulatorOptions | undefined {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return undefined;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port":
        options.port = integerArg(flag, takeValue());
        break;
      case "--host":
        options.host = takeValue();
        break;
      case "--state":
        options.statePath = takeValue();
        break;
      case "--seed":
        options.seed = integerArg(flag, takeValue());
        break;
      case "--switches": {
        const text = takeValue();
        try {
          options.switches = JSON.parse(text) as EmulatorOptions["switches"];
        } catch {
          throw new UsageError(`--switches needs a JSON object, got ${text}`);
        }
        break;
      }
      case "--tenancy":
        options.tenancy = takeValue();
        break;
      case "--tenancy-name":
        options.tenancyName = takeValue();
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | undefined;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`datatrails-emulator: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options);
  const { url, clientId, clientSecret, token } = emulator;
  const tenancy = emulator.tenancy().identity;
  process.stdout.write(`${JSON.stringify({ url, clientId, clientSecret, token, tenancy })}\n`);
  const shutdown = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`datatrails-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
