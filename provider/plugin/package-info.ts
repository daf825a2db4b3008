/**
 * The one source of a release's identity: package.json's `version` and `repository`. The schema's
 * version and download location, the plugin's `GetPluginInfo`, every generated SDK and every
 * release artifact's name derive from what this file reads.
 */
import * as fs from "fs";
import * as path from "path";
import { DataTrailsError } from "../client";
import { buildSchema, type PackageSchema } from "./schema-spec";

/** A repository on GitHub. */
export interface GitHubRepository {
  owner: string;
  repo: string;
}

/** What a release is named by. */
export interface PackageInfo {
  /** package.json's version: the plugin's, the schema's and every SDK's. */
  version: string;
  /** Where the project lives (package.json's `repository`). */
  repository: GitHubRepository;
}

// GitHub's rules for owner and repository names (letters, digits, `-`; a repository also `.` and `_`).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The GitHub repository a package.json `repository` names: the shorthand `github:owner/repo` (or
 * `owner/repo`, which npm reads the same way), a GitHub URL (`https://`, `git+https://`, `git://`,
 * `git@github.com:`, with or without `.git`), or `{ type: "git", url }` holding one of those.
 *
 * @throws DataTrailsError naming the value and the forms accepted, for anything else.
 */
export function parseRepository(value: unknown): GitHubRepository {
  const raw =
    typeof value === "string"
      ? value
      : typeof value === "object" && value !== null && typeof (value as { url?: unknown }).url === "string"
        ? (value as { url: string }).url
        : undefined;
  const fail = (): never => {
    throw new DataTrailsError(
      `package.json repository ${JSON.stringify(value)} names no GitHub repository: ` +
        'set it to "github:<owner>/<repo>" (or https://github.com/<owner>/<repo>)',
    );
  };
  if (raw === undefined) return fail();
  const forms = [
    /^(?:github:)?([^/:@\s]+)\/([^/\s]+)$/,
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:git@)?github\.com\/([^/\s]+)\/([^/\s]+?)\/?$/,
    /^git@github\.com:([^/\s]+)\/([^/\s]+)$/,
  ];
  for (const form of forms) {
    const match = form.exec(raw.trim());
    if (!match) continue;
    const owner = match[1];
    const repo = match[2].replace(/\.git$/, "");
    if (OWNER.test(owner) && REPO.test(repo)) return { owner, repo };
  }
  return fail();
}

/** The repository's web address, as the schema's `repository` and the SDKs' metadata carry it. */
export function repositoryUrl(repository: GitHubRepository): string {
  return `https://github.com/${repository.owner}/${repository.repo}`;
}

/**
 * Where the Pulumi CLI downloads the plugin from: the repository's GitHub releases, asset
 * `pulumi-resource-datatrails-v<version>-<os>-<arch>.tar.gz` of the release tagged `v<version>`.
 */
export function pluginDownloadUrl(repository: GitHubRepository): string {
  return `github://api.github.com/${repository.owner}/${repository.repo}`;
}

/**
 * Reads the version and repository from `<root>/package.json`.
 *
 * @throws DataTrailsError naming the file and the missing or malformed field.
 */
export function readPackageInfo(root: string): PackageInfo {
  const file = path.join(root, "package.json");
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown; repository?: unknown };
  if (typeof pkg.version !== "string" || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(pkg.version)) {
    throw new DataTrailsError(`${file} has no semver version (${JSON.stringify(pkg.version)})`);
  }
  return { version: pkg.version, repository: parseRepository(pkg.repository) };
}

/** The schema as published: the tables' schema at the package's version, with its download location. */
export type PublishedSchema = Omit<PackageSchema, "meta"> & {
  meta: PackageSchema["meta"] & { supportPack: boolean };
  repository: string;
  pluginDownloadURL: string;
};

/**
 * The package schema for a release: {@link buildSchema}'s at `info.version`, with the repository,
 * the plugin's download location (which the generated SDKs carry, so the CLI installs the plugin
 * from the repository's releases), and `supportPack`, under which the Go SDK is generated as a
 * module of its own (`<repository>/sdk/go`, with its go.mod).
 */
export function publishedSchema(info: PackageInfo): PublishedSchema {
  const schema = buildSchema(info.version);
  return {
    ...schema,
    meta: { ...schema.meta, supportPack: true },
    repository: repositoryUrl(info.repository),
    pluginDownloadURL: pluginDownloadUrl(info.repository),
  };
}
