/**
 * Nothing of this package makes Node print a warning on the Node line the suite runs on (CI runs this
 * layer on Node 22, 24 and 26): loading the package (node-fetch 3 is an ES module, loaded with
 * `require()`), sending requests through its default fetch, and a create and delete through Pulumi's
 * dynamic-provider host. Through the packed package and `pulumi up`, test/e2e/package.test.ts checks
 * the same.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { HostPool } from "../../tools/host";
import { REPO_ROOT } from "../../tools/repo-root";
import { checkedCreate } from "../helpers/host";
import { LOAD_AND_LIST, nodeWarnings } from "../helpers/warnings";

const run = promisify(execFile);

describe(`warnings: none from this package on Node ${process.versions.node}`, function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  const pool = new HostPool({}, 1);

  before(async () => {
    emu = await startEmulator({ port: 0 });
  });
  after(async () => {
    await pool.stopAll();
    await emu?.stop();
  });

  it("loading the package and sending requests prints nothing on stderr", async () => {
    const { stdout, stderr } = await run(process.execPath, ["--trace-warnings", "-e", LOAD_AND_LIST], {
      cwd: REPO_ROOT,
      env: { ...process.env, EMU_URL: emu.url, EMU_TOKEN: emu.token, NODE_OPTIONS: "" },
    });
    expect(stdout).to.equal("0");
    expect(stderr).to.equal("");
  });

  it("the dynamic-provider host prints no warning while it creates and deletes an invite", async () => {
    const host = await pool.take();
    await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token });
    const created = await checkedCreate(host, { email: "quiet@example.com" });
    await host.delete(created.id, created.outs);
    expect(emu.state().invites).to.deep.equal([]);
    expect(nodeWarnings(host.stderr)).to.deep.equal([]);
  });
});
