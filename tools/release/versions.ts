// Where the sources of a release state a version or the plugin's download location: schema.json
// (from package.json by gen-schema) and every generated SDK (from schema.json by gen-sdk). All must
// say what package.json says; a test and `npm run release` compare them.
import * as fs from "fs";
import * as path from "path";

/** One statement of the version or download location, and where it is. */
export interface Statement {
  /** File (relative to the repository) and place in it. */
  where: string;
  /** What it says, or undefined when the file does not say it. */
  value: string | undefined;
}

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), "utf8");
}

function json(root: string, file: string): Record<string, unknown> {
  return JSON.parse(read(root, file)) as Record<string, unknown>;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function first(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}

/** Every place the sources under `root` state the release's version. */
export function versionStatements(root: string): Statement[] {
  const nodeSdk = json(root, "sdk/nodejs/package.json");
  return [
    { where: "schema.json version", value: str(json(root, "schema.json").version) },
    { where: "sdk/nodejs/package.json version", value: str(nodeSdk.version) },
    {
      where: "sdk/nodejs/package.json pulumi.version",
      value: str((nodeSdk.pulumi as Record<string, unknown>)?.version),
    },
    {
      where: "sdk/python/pyproject.toml project.version",
      value: first(read(root, "sdk/python/pyproject.toml"), /^\s*version = "([^"]+)"/m),
    },
    {
      where: "sdk/python/pulumi_datatrails/pulumi-plugin.json version",
      value: str(json(root, "sdk/python/pulumi_datatrails/pulumi-plugin.json").version),
    },
    {
      where: "sdk/python/pulumi_datatrails/_utilities.py get_version()",
      value: first(
        read(root, "sdk/python/pulumi_datatrails/_utilities.py"),
        /def get_version\(\):\s*return "([^"]+)"/,
      ),
    },
    {
      where: "sdk/go/datatrails/pulumi-plugin.json version",
      value: str(json(root, "sdk/go/datatrails/pulumi-plugin.json").version),
    },
    {
      where: "sdk/go/datatrails/internal/pulumiUtilities.go resource version",
      value: first(
        read(root, "sdk/go/datatrails/internal/pulumiUtilities.go"),
        /semver\.MustParse\("([^"]+)"\)/,
      ),
    },
  ];
}

/** Every place the sources under `root` state where the CLI downloads the plugin from. */
export function downloadUrlStatements(root: string): Statement[] {
  const server = (file: string): string | undefined => str(json(root, file).server);
  return [
    { where: "schema.json pluginDownloadURL", value: str(json(root, "schema.json").pluginDownloadURL) },
    {
      where: "sdk/nodejs/package.json pulumi.server",
      value: str((json(root, "sdk/nodejs/package.json").pulumi as Record<string, unknown>)?.server),
    },
    {
      where: "sdk/nodejs/utilities.ts resource options",
      value: first(read(root, "sdk/nodejs/utilities.ts"), /pluginDownloadURL: "([^"]+)"/),
    },
    {
      where: "sdk/python/pulumi_datatrails/pulumi-plugin.json server",
      value: server("sdk/python/pulumi_datatrails/pulumi-plugin.json"),
    },
    {
      where: "sdk/python/pulumi_datatrails/_utilities.py get_plugin_download_url()",
      value: first(
        read(root, "sdk/python/pulumi_datatrails/_utilities.py"),
        /def get_plugin_download_url\(\):\s*return "([^"]+)"/,
      ),
    },
    {
      where: "sdk/go/datatrails/pulumi-plugin.json server",
      value: server("sdk/go/datatrails/pulumi-plugin.json"),
    },
    {
      where: "sdk/go/datatrails/internal/pulumiUtilities.go resource options",
      value: first(
        read(root, "sdk/go/datatrails/internal/pulumiUtilities.go"),
        /pulumi\.PluginDownloadURL\("([^"]+)"\)/,
      ),
    },
  ];
}

/** The Go SDK's module path (sdk/go/go.mod). */
export function goModulePath(root: string): string | undefined {
  return first(read(root, "sdk/go/go.mod"), /^module (\S+)$/m);
}

/** The statements that do not say `expected` (none: no drift). */
export function drift(statements: Statement[], expected: string): Statement[] {
  return statements.filter((s) => s.value !== expected);
}
