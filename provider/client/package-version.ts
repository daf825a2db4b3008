/**
 * This package's name and version: the one place that reads them, for the client's User-Agent and the
 * plugin's `GetPluginInfo` alike.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DataTrailsError } from "./errors";

/** The package's npm name (the plugin's Pulumi package is `datatrails`). */
export const NPM_PACKAGE_NAME = "pulumi-datatrails-invites";

/**
 * The package root: the nearest folder above `from` whose package.json is named
 * pulumi-datatrails-invites. Searching upward works from the sources (`provider/client`), the compiled
 * files (`dist/provider/client`) and an installed `node_modules` copy alike.
 *
 * @param from - Where to start looking. @default this file's folder
 * @returns The folder, or `undefined` when no such package.json is found.
 */
export function packageRoot(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (readPackageJson(dir)?.name === NPM_PACKAGE_NAME) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

const versions = new Map<string, string>();

/**
 * The package's version, from `root`'s package.json; read once per root.
 *
 * @param root - The package root. @default {@link packageRoot}
 * @throws DataTrailsError naming the file when it is missing or has no version.
 */
export function packageVersion(root: string | undefined = packageRoot()): string {
  if (root === undefined) {
    throw new DataTrailsError(
      `no package.json named ${NPM_PACKAGE_NAME} above ${__dirname}: reinstall ${NPM_PACKAGE_NAME}`,
    );
  }
  const known = versions.get(root);
  if (known !== undefined) {
    return known;
  }
  const version = readPackageJson(root)?.version;
  if (typeof version !== "string") {
    throw new DataTrailsError(
      `${path.join(root, "package.json")} is missing or has no version: reinstall ${NPM_PACKAGE_NAME}, ` +
        "or in a checkout run `npm ci`",
    );
  }
  versions.set(root, version);
  return version;
}

function readPackageJson(dir: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      name?: unknown;
      version?: unknown;
    };
  } catch {
    // No (readable) package.json here.
    return undefined;
  }
}
