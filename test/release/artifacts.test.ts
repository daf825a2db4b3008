// What `npm run release` wrote, read as its users' tools read it: exactly the artifacts of
// package.json's version, SHA256SUMS over every file, the plugin tarball's layout, and each
// package's own metadata at the release's version and download location.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pluginDownloadUrl, repositoryUrl } from "../../provider/plugin";
import {
  artifactFiles,
  checksumsOf,
  filesUnder,
  LAUNCHER,
  parseChecksums,
  PLUGIN_PLATFORMS,
  RELEASE_DIR,
  sha256File,
  WINDOWS_LAUNCHER,
} from "../../tools/release";
import { REPO_ROOT } from "../../tools/repo-root";
import { builtRelease } from "../helpers/release";

function untar(tarball: string, into: string): void {
  fs.mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", into]);
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

/** A file of a wheel (a zip), read with Python's zipfile. */
function fromWheel(wheel: string, member: string): string {
  return execFileSync(
    "python3",
    [
      "-c",
      "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
      wheel,
      member,
    ],
    { encoding: "utf8" },
  );
}

describe("release: the artifacts npm run release wrote", function () {
  this.timeout(120_000);
  const release = builtRelease();
  const { version, repository } = release.info;
  const names = release.names;
  let tmp = "";
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "datatrails-artifacts-"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("release/ holds exactly the artifacts of package.json's version, and SHA256SUMS covers every file", () => {
    const artifacts = artifactFiles(names);
    expect(fs.readdirSync(RELEASE_DIR).sort()).to.deep.equal([...artifacts, names.checksums].sort());
    const listed = parseChecksums(fs.readFileSync(release.file(names.checksums), "utf8"));
    expect(listed).to.deep.equal(checksumsOf(RELEASE_DIR, artifacts));
    expect(Object.keys(listed)).to.include(`${names.goModule}/go.mod`);
  });

  it("one plugin tarball per platform, the same bytes (JavaScript: only node is needed)", () => {
    const sums = new Set(PLUGIN_PLATFORMS.map((p) => sha256File(release.file(names.plugins[p]))));
    expect(sums.size).to.equal(1);
    expect(names.plugins["windows-amd64"]).to.equal(
      `pulumi-resource-datatrails-v${version}-windows-amd64.tar.gz`,
    );
  });

  it("the plugin tarball: launchers at the root, the compiled provider, schema.json, production node_modules", () => {
    const dir = path.join(tmp, "plugin");
    untar(release.file(names.plugins["linux-amd64"]), dir);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(
      [
        LAUNCHER,
        WINDOWS_LAUNCHER,
        "dist",
        "node_modules",
        "package-lock.json",
        "package.json",
        "schema.json",
      ].sort(),
    );
    expect(fs.statSync(path.join(dir, LAUNCHER)).mode & 0o111).to.not.equal(0);
    const cmd = fs.readFileSync(path.join(dir, WINDOWS_LAUNCHER), "utf8");
    expect(cmd).to.include('node "%~dp0dist\\provider\\plugin\\main.js" %*');
    expect(cmd.split("\r\n").length, "CRLF line ends").to.be.greaterThan(2);
    expect(fs.existsSync(path.join(dir, "dist", "provider", "plugin", "main.js"))).to.equal(true);
    expect(filesUnder(path.join(dir, "dist")).filter((f) => !f.endsWith(".js"))).to.deep.equal([]);
    expect(fs.readFileSync(path.join(dir, "schema.json"), "utf8")).to.equal(
      fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8"),
    );
    expect(json(path.join(dir, "package.json"))).to.include({ version });
    // @pulumi/pulumi (a peer dependency of the npm package) at the version the repository tests with;
    // no development dependency.
    const root = json(path.join(REPO_ROOT, "package.json")) as { devDependencies: Record<string, string> };
    expect(json(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"))).to.include({
      version: root.devDependencies["@pulumi/pulumi"],
    });
    for (const dev of ["mocha", "typescript", "eslint", "chai"]) {
      expect(fs.existsSync(path.join(dir, "node_modules", dev)), dev).to.equal(false);
    }
  });

  it("the npm package is this package at the version, carrying the plugin and the schema", () => {
    const dir = path.join(tmp, "npm");
    untar(release.file(names.npmPackage), dir);
    expect(json(path.join(dir, "package", "package.json"))).to.include({
      name: "pulumi-datatrails-invites",
      version,
    });
    expect(fs.existsSync(path.join(dir, "package", "plugin", LAUNCHER))).to.equal(true);
    expect(json(path.join(dir, "package", "schema.json"))).to.include({
      version,
      pluginDownloadURL: pluginDownloadUrl(repository),
    });
  });

  it("the Node.js SDK package: compiled, at the version, naming the download location and the repository", () => {
    const dir = path.join(tmp, "node-sdk");
    untar(release.file(names.nodeSdk), dir);
    const pkg = json(path.join(dir, "package", "package.json"));
    expect(pkg).to.include({ name: "pulumi-datatrails", version, repository: repositoryUrl(repository) });
    expect(pkg.pulumi).to.deep.equal({
      resource: true,
      name: "datatrails",
      version,
      server: pluginDownloadUrl(repository),
    });
    for (const file of ["index.js", "index.d.ts", "invite.js", "member.js"]) {
      expect(fs.existsSync(path.join(dir, "package", file)), file).to.equal(true);
    }
  });

  it("the Python wheel and sdist: pulumi_datatrails at the version, with the plugin's version and download location", () => {
    const metadata = fromWheel(
      release.file(names.pythonWheel),
      `pulumi_datatrails-${version}.dist-info/METADATA`,
    );
    expect(metadata).to.match(new RegExp(`^Version: ${version.replace(/\./g, "\\.")}$`, "m"));
    expect(metadata).to.match(/^Requires-Dist: pulumi<4\.0\.0,>=3\.0\.0$/m);
    expect(
      JSON.parse(fromWheel(release.file(names.pythonWheel), "pulumi_datatrails/pulumi-plugin.json")),
    ).to.deep.equal({ resource: true, name: "datatrails", version, server: pluginDownloadUrl(repository) });
    const dir = path.join(tmp, "sdist");
    untar(release.file(names.pythonSdist), dir);
    expect(fs.readFileSync(path.join(dir, `pulumi_datatrails-${version}`, "PKG-INFO"), "utf8")).to.include(
      `Version: ${version}\n`,
    );
  });

  it("the Go module folder is sdk/go: go.mod naming the module <repository>/sdk/go, the datatrails package", () => {
    const folder = release.file(names.goModule);
    expect(filesUnder(folder)).to.deep.equal(filesUnder(path.join(REPO_ROOT, "sdk", "go")));
    expect(fs.readFileSync(path.join(folder, "go.mod"), "utf8")).to.match(
      new RegExp(`^module github\\.com/${repository.owner}/${repository.repo}/sdk/go$`, "m"),
    );
    expect(json(path.join(folder, "datatrails", "pulumi-plugin.json"))).to.include({ version });
  });
});
