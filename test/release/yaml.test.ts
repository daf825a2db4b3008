// The plugin from its release tarball alone: `pulumi plugin install --file` into a fresh PULUMI_HOME,
// then a Pulumi YAML program that names no plugin path, run by the real CLI against the emulator.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { LAUNCHER } from "../../tools/release";
import {
  builtRelease,
  copyExampleWithoutPluginPath,
  upPreviewRefreshDestroy,
  useSandbox,
} from "../helpers/release";

interface PluginEntry {
  name: string;
  kind: string;
  version: string;
}

describe("release: the plugin tarball installed with pulumi plugin install --file, from Pulumi YAML", function () {
  this.timeout(10 * 60_000);
  const { sandbox, emu } = useSandbox("yaml");
  const release = builtRelease();

  before(async function () {
    this.timeout(5 * 60_000);
    await sandbox().installPlugin();
  });

  it("lands in the fresh PULUMI_HOME's plugin cache, and pulumi plugin ls lists it", async () => {
    const s = sandbox();
    const listed = JSON.parse(await s.exec("pulumi", ["plugin", "ls", "--json"], s.dir)) as PluginEntry[];
    expect(listed.map(({ name, kind, version }) => ({ name, kind, version }))).to.deep.equal([
      { name: "datatrails", kind: "resource", version: release.info.version },
    ]);
    const installed = path.join(s.env.PULUMI_HOME, "plugins", `resource-datatrails-v${release.info.version}`);
    expect(
      fs.statSync(path.join(installed, LAUNCHER)).mode & 0o111,
      "the launcher is executable",
    ).to.not.equal(0);
    // No other copy could serve it: nothing on PATH is a datatrails plugin.
    for (const dir of s.env.PATH.split(path.delimiter)) {
      expect(fs.existsSync(path.join(dir, LAUNCHER)), dir).to.equal(false);
    }
  });

  it("examples/yaml with no plugins: entry: up, preview --expect-no-changes, refresh, destroy", async () => {
    const s = sandbox();
    const dir = copyExampleWithoutPluginPath("yaml", path.join(s.dir, "projects", "yaml"), []);
    expect(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).to.not.include("plugins");
    const project = await s.stack(dir);
    const outputs = await upPreviewRefreshDestroy(project, emu(), ["alice@example.com", "dana@example.com"]);
    expect(outputs).to.include({ aliceStatus: "pending", danaStatus: "invited" });
  });
});
