// Building a release (`npm run release`, scripts/release.ts) and reading one (test/release).
export {
  artifactFiles,
  PLUGIN_NAME,
  PLUGIN_PLATFORMS,
  pythonVersion,
  RELEASE_DIR,
  releaseArtifacts,
  type PluginPlatform,
  type ReleaseArtifacts,
} from "./artifacts";
export { checksumsOf, filesUnder, formatChecksums, parseChecksums, sha256File } from "./checksums";
export { runCommand, type CommandOptions } from "./commands";
export {
  LAUNCHER,
  pluginPackageJson,
  stagePlugin,
  tarPlugin,
  WINDOWS_LAUNCHER,
  WINDOWS_LAUNCHER_TEXT,
} from "./plugin";
export {
  buildPythonSdk,
  copyGoModule,
  packNodeSdk,
  PYTHON_BUILD_REQUIREMENTS,
  pythonBuildVenv,
} from "./sdks";
export { downloadUrlStatements, drift, goModulePath, versionStatements, type Statement } from "./versions";
