/**
 * The native provider plugin (`plugin/pulumi-resource-datatrails`): the dynamic provider's handlers
 * served over Pulumi's provider protocol, with a package schema, so every Pulumi language can use
 * them and `pulumi import` works.
 *
 * @packageDocumentation
 */
export { checkConfig, configSourceOf, diffConfig, hasUnknownSetting } from "./config";
export type { ConfigArgs, ConfigDiff, ConfigFailure } from "./config";
export { EMAIL_PREFIX, IMPORT_ID_FORMS, parseImportId, type ImportTarget } from "./import-id";
export { importPerson, inputsFor, type Imported } from "./import";
export { configHooks, run } from "./main";
export {
  parseRepository,
  pluginDownloadUrl,
  publishedSchema,
  readPackageInfo,
  repositoryUrl,
  type GitHubRepository,
  type PackageInfo,
  type PublishedSchema,
} from "./package-info";
export { engineLog } from "./engine-log";
export { DataTrailsProvider, providers, typeOfUrn } from "./provider";
export { loadSchema, PACKAGE_ROOT, SCHEMA_FILE } from "./schema";
/** The plugin's version (`GetPluginInfo`): the package's, which the SDKs generated with `respectSchemaVersion` ask for. */
export { packageVersion } from "../client";
export { buildSchema, PACKAGE_NAME, TOKENS, type PackageSchema, type PropertySpec } from "./schema-spec";
export { serveProvider, type ConfigHooks } from "./server";
