// The names of a release's artifacts, from its version alone: what `npm run release` writes into
// release/, what the release workflow attaches and publishes, and what the artifact tests install.
import * as path from "path";
import { REPO_ROOT } from "../repo-root";

/** Where `npm run release` writes (ignored by git). */
export const RELEASE_DIR = path.join(REPO_ROOT, "release");

/** The platforms a plugin tarball is named for (`pulumi plugin install` asks for its own). */
export const PLUGIN_PLATFORMS = [
  "linux-amd64",
  "linux-arm64",
  "darwin-amd64",
  "darwin-arm64",
  "windows-amd64",
] as const;

/** One of {@link PLUGIN_PLATFORMS}. */
export type PluginPlatform = (typeof PLUGIN_PLATFORMS)[number];

/** The plugin's name: the CLI runs `pulumi-resource-<name>`. */
export const PLUGIN_NAME = "datatrails";

/** The file names of one release's artifacts, all directly under release/. */
export interface ReleaseArtifacts {
  /** `npm pack` of this package (the dynamic providers, the plugin, the emulator). */
  npmPackage: string;
  /** The plugin, one tarball per platform, as `pulumi plugin install` and the CLI's download expect. */
  plugins: Record<PluginPlatform, string>;
  /** The Node.js SDK (`pulumi-datatrails`), built and packed. */
  nodeSdk: string;
  /** The Python SDK (`pulumi_datatrails`) as a wheel. */
  pythonWheel: string;
  /** The Python SDK as a source distribution. */
  pythonSdist: string;
  /** The Go SDK: a folder holding the module (go.mod and the `datatrails` package). */
  goModule: string;
  /** sha256 of every file above, in `sha256sum -c` form. */
  checksums: string;
}

/**
 * The Python (PEP 440) spelling of a SemVer version, as the wheel's and sdist's names carry it:
 * `1.2.3` stays, `1.2.3-alpha.4` becomes `1.2.3a4`, `-beta.N` `bN`, `-rc.N` `rcN`.
 *
 * @throws Error for any other pre-release form, naming the ones that map.
 */
export function pythonVersion(version: string): string {
  const match = /^(\d+\.\d+\.\d+)(?:-(alpha|beta|rc)\.(\d+))?$/.exec(version);
  if (!match) {
    throw new Error(
      `version ${version} has no Python spelling here: use X.Y.Z or X.Y.Z-alpha.N, -beta.N, -rc.N`,
    );
  }
  const [, base, pre, n] = match;
  if (!pre) return base;
  return `${base}${{ alpha: "a", beta: "b", rc: "rc" }[pre as "alpha" | "beta" | "rc"]}${n}`;
}

/** The artifacts of the release of `version`. */
export function releaseArtifacts(version: string): ReleaseArtifacts {
  const py = pythonVersion(version);
  return {
    npmPackage: `pulumi-datatrails-invites-${version}.tgz`,
    plugins: Object.fromEntries(
      PLUGIN_PLATFORMS.map((p) => [p, `pulumi-resource-${PLUGIN_NAME}-v${version}-${p}.tar.gz`]),
    ) as Record<PluginPlatform, string>,
    nodeSdk: `pulumi-datatrails-${version}.tgz`,
    pythonWheel: `pulumi_datatrails-${py}-py3-none-any.whl`,
    pythonSdist: `pulumi_datatrails-${py}.tar.gz`,
    goModule: `pulumi-datatrails-go-v${version}`,
    checksums: "SHA256SUMS",
  };
}

/** Every artifact of a release but the checksum file, in the order the release builds them. */
export function artifactFiles(names: ReleaseArtifacts): string[] {
  return [
    names.npmPackage,
    ...PLUGIN_PLATFORMS.map((p) => names.plugins[p]),
    names.nodeSdk,
    names.pythonWheel,
    names.pythonSdist,
    names.goModule,
  ];
}
