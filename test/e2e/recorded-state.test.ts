// Layer 4: stacks written by every released version, imported with `pulumi stack import`, refresh
// and preview clean (`--expect-no-changes`) through the real CLI, with nothing sent to the tenancy
// they were recorded against (test/fixtures/state/).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { copyProject, PulumiProject } from "../../tools/project";
import { createBackend, ensurePulumiCli, type Backend } from "../../tools/pulumi";
import { REPO_ROOT } from "../../tools/repo-root";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "state");

describe("e2e: recorded stacks refresh and preview clean through the real CLI", function () {
  this.timeout(15 * 60_000);
  let backend: Backend;
  let emu: RunningEmulator;

  before(function () {
    this.timeout(40 * 60_000); // a cold CLI build
    ensurePulumiCli();
  });

  for (const version of ["0.1.0", "f6c0758"]) {
    it(`a stack written by ${version}: stack import, refresh, preview --expect-no-changes; no write sent`, async () => {
      backend = createBackend(`recorded-${version}`);
      const statePath = path.join(backend.dir, "tenancy.json");
      fs.copyFileSync(path.join(FIXTURES, "tenancy.json"), statePath);
      emu = await startEmulator({ port: 0, statePath });
      try {
        const project = new PulumiProject({
          dir: copyProject(path.join(FIXTURES, "project"), path.join(backend.dir, "project")),
          backend,
          stack: "dev",
        });
        // A token file keeps the provider's config free of secrets, so the recorded default provider
        // can be given this deployment's config as plain values (its recorded config named the
        // emulator the stack was recorded against).
        const tokenFile = path.join(backend.dir, "token");
        fs.writeFileSync(tokenFile, emu.token, { mode: 0o600 });
        const config = {
          "datatrails:url": emu.url,
          "datatrails:tokenFile": tokenFile,
          "recorded:version": version,
        };
        await project.init();
        for (const [key, value] of Object.entries(config)) {
          // A token file's path names no secret (the CLI would guess otherwise from the key).
          await project.run(["config", "set", "--stack", "dev", "--plaintext", key, value]);
        }
        const stack = JSON.parse(fs.readFileSync(path.join(FIXTURES, `stack-${version}.json`), "utf8")) as {
          deployment: { resources: Array<{ type: string; inputs?: object; outputs?: object }> };
        };
        for (const r of stack.deployment.resources.filter(
          (r) => r.type === "pulumi:providers:pulumi-nodejs",
        )) {
          r.inputs = config;
          r.outputs = config;
        }
        await project.importState(JSON.stringify(stack));
        const control = new EmulatorControl(emu.url);
        await project.refresh();
        await project.preview(true);
        expect((await control.calls()).filter((c) => !c.startsWith("GET "))).to.deep.equal([]);
        const recorded = await project.resources();
        expect(recorded.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/datatrails:"))).to.have.length(
          version === "0.1.0" ? 3 : 6,
        );
      } finally {
        await emu.stop();
        if (!process.env.E2E_KEEP_BACKENDS) backend.remove();
      }
    });
  }
});
