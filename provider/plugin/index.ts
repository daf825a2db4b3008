/**
 * The native provider plugin (`plugin/pulumi-resource-datatrails`): the dynamic provider's handlers
 * served over Pulumi's provider protocol, with a package schema, so every Pulumi language can use
 * them and `pulumi import` works.
 *
 * @packageDocumentation
 */
export { checkConfig, configSourceOf, diffConfig, hasUnknownSetting } from "./config";
export type { ConfigArgs, ConfigDiff, ConfigFailure } from "./config";
export {
  EMAIL_PREFIX,
  IMPORT_ID_FORMS,
  parseImportId,
  type ImportableResource,
  type ImportTarget,
} from "./import-id";
export {
  importInvite,
  importMember,
  inputsFor,
  memberInputsFor,
  type Imported,
  type ImportedInvite,
  type ImportedMember,
} from "./import";
export { configHooks, run } from "./main";
export { engineLog } from "./engine-log";
export { DataTrailsProvider, typeOfUrn } from "./provider";
export { loadSchema, packageVersion, PACKAGE_ROOT, SCHEMA_FILE } from "./schema";
export { buildSchema, PACKAGE_NAME, TOKENS, type PackageSchema, type PropertySpec } from "./schema-spec";
export { serveProvider, type ConfigHooks } from "./server";
