// The Python SDK from its wheel alone: a fresh virtualenv with the wheel installed by pip (which
// takes `pulumi` from the package index, as the wheel requires it), the plugin from its tarball,
// and examples/python's program run by the real CLI against the emulator.
import { expect } from "chai";
import * as path from "path";
import {
  builtRelease,
  copyExampleWithoutPluginPath,
  upPreviewRefreshDestroy,
  useSandbox,
} from "../helpers/release";

describe("release: the Python SDK wheel in a fresh virtualenv", function () {
  this.timeout(10 * 60_000);
  const { sandbox, emu } = useSandbox("python");
  const release = builtRelease();
  let venvBin = "";

  before(async function () {
    this.timeout(10 * 60_000); // pip downloads pulumi and grpcio when its cache is cold
    const s = sandbox();
    await s.installPlugin();
    const venv = path.join(s.dir, "venv");
    await s.exec("python3", ["-m", "venv", venv], s.dir);
    venvBin = path.join(venv, "bin");
    await s.exec(
      path.join(venvBin, "python3"),
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        release.file(release.names.pythonWheel),
      ],
      s.dir,
    );
  });

  it("the wheel installs pulumi_datatrails at the release's version, with pulumi from the index", async () => {
    const s = sandbox();
    const out = await s.exec(
      path.join(venvBin, "python3"),
      [
        "-c",
        "import importlib.metadata as m, pulumi_datatrails as d; print(m.version('pulumi_datatrails'), m.version('pulumi'), d.__file__)",
      ],
      s.dir,
    );
    const [version, pulumi, file] = out.trim().split(" ");
    expect(version).to.equal(release.info.version);
    expect(pulumi).to.match(/^3\.\d+\.\d+$/);
    expect(file.startsWith(path.join(s.dir, "venv"))).to.equal(true);
  });

  it("examples/python with no plugins: entry: up, preview --expect-no-changes, refresh, destroy", async () => {
    const s = sandbox();
    const dir = copyExampleWithoutPluginPath("python", path.join(s.dir, "projects", "python"), [
      "__main__.py",
    ]);
    // The v3.68.0 Python host runs the python3 first on PATH: the virtualenv's.
    const project = await s.stack(dir, [venvBin]);
    const outputs = await upPreviewRefreshDestroy(project, emu(), ["alice@example.com", "bob@example.com"]);
    expect(outputs).to.deep.include({ statuses: { alice: "pending", bob: "pending" }, aliceInvites: 1 });
  });
});
