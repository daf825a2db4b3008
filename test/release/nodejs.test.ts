// The Node.js SDK from its npm tarball alone: a fresh project outside the repository installs the
// tarball and @pulumi/pulumi from npm, the plugin comes from its tarball, and
// examples/typescript-native's program runs through the real CLI against the emulator.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/repo-root";
import {
  builtRelease,
  copyExampleWithoutPluginPath,
  upPreviewRefreshDestroy,
  useSandbox,
} from "../helpers/release";

/** The @pulumi/pulumi the repository tests against (its devDependency). */
function pulumiSdkVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return pkg.devDependencies["@pulumi/pulumi"];
}

describe("release: the Node.js SDK tarball in a fresh TypeScript project", function () {
  this.timeout(10 * 60_000);
  const { sandbox, emu } = useSandbox("nodejs");
  const release = builtRelease();
  let dir = "";

  before(async function () {
    this.timeout(10 * 60_000);
    const s = sandbox();
    await s.installPlugin();
    dir = copyExampleWithoutPluginPath("typescript-native", path.join(s.dir, "projects", "nodejs"), [
      "index.ts",
      "tsconfig.json",
    ]);
    const tarball = path.join(s.dir, release.names.nodeSdk);
    fs.copyFileSync(release.file(release.names.nodeSdk), tarball);
    const pkg = {
      name: "datatrails-invites-release-nodejs",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": pulumiSdkVersion(), "pulumi-datatrails": `file:${tarball}` },
      // @pulumi/pulumi runs TypeScript through the project's own ts-node and typescript.
      devDependencies: { "@types/node": "^22.0.0", "ts-node": "10.9.2", typescript: "5.9.3" },
    };
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    await s.exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  });

  it("the project resolves pulumi-datatrails from the installed tarball at the release's version", () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(dir, "node_modules", "pulumi-datatrails", "package.json"), "utf8"),
    ) as { version: string; pulumi: { version: string; server: string } };
    expect(installed.version).to.equal(release.info.version);
    expect(installed.pulumi).to.deep.include({ version: release.info.version });
    expect(fs.existsSync(path.join(dir, "node_modules", "pulumi-datatrails", "index.js"))).to.equal(true);
  });

  it("examples/typescript-native with no plugins: entry: up, preview --expect-no-changes, refresh, destroy", async () => {
    const s = sandbox();
    const project = await s.stack(dir);
    const outputs = await upPreviewRefreshDestroy(project, emu(), ["alice@example.com"]);
    expect(outputs.status).to.equal("pending");
    expect(outputs.invitesForAlice).to.deep.equal([outputs.identity]);
  });
});
