// Stacks written by every released version refresh and preview clean with nothing sent. The stack
// files under test/fixtures/state/ are what 0.1.0 (Invites without the declared copies) and the main
// branch before one lifecycle served both kinds (f6c0758: Invites and Members) recorded, with the
// tenancy they were recorded against (an emulator state file). Each recorded resource goes through
// Pulumi's real dynamic-provider host with the `__provider` its state holds, as a refresh and then a
// preview would send it: Read with the recorded outputs and inputs, Diff of the inputs against the
// recorded and against the refreshed outputs.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { startHost, type Props } from "../../tools/host";
import { REPO_ROOT } from "../../tools/repo-root";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "state");

interface RecordedResource {
  urn: string;
  type: string;
  id?: string;
  custom: boolean;
  inputs?: Props;
  outputs?: Props;
}

/** The DataTrails resources of a stack export (version 3). */
function recorded(file: string): RecordedResource[] {
  const stack = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as {
    deployment: { resources: RecordedResource[] };
  };
  return stack.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/datatrails:"));
}

const WITHOUT_PROVIDER = ({ __provider: _p, ...rest }: Props): Props => rest;

for (const [version, file, upgrade] of [
  ["0.1.0", "stack-0.1.0.json", true],
  ["f6c0758", "stack-f6c0758.json", false],
] as const) {
  describe(`a stack written by ${version} refreshes and previews clean, nothing sent`, function () {
    this.timeout(60_000);
    let emu: RunningEmulator;
    let control: EmulatorControl;
    let dir: string;

    before(async () => {
      // The emulator rewrites its state file: it gets a copy.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "recorded-state-"));
      const statePath = path.join(dir, "tenancy.json");
      fs.copyFileSync(path.join(FIXTURES, "tenancy.json"), statePath);
      emu = await startEmulator({ port: 0, statePath });
      control = new EmulatorControl(emu.url);
    });
    after(async () => {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("holds the resources the scenario needs", () => {
      const kinds = recorded(file).map((r) => r.type.split(":").pop());
      expect(kinds).to.include("Invite");
      if (!upgrade) expect(kinds).to.include("Member");
    });

    for (const resource of recorded(file)) {
      const name = resource.urn.split("::").pop() ?? "";
      const kind = resource.type.endsWith(":Member") ? "Member" : "Invite";
      it(`${name} (${kind}, ${String(resource.outputs?.status)})`, async () => {
        const outputs = resource.outputs ?? {};
        const inputs = resource.inputs ?? {};
        const id = resource.id ?? "";
        const host = await startHost({ resource: kind, provider: String(outputs.__provider) });
        try {
          await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, [
            "datatrails:token",
          ]);
          await control.clearRequests();
          // A preview without refresh compares the inputs with the recorded outputs.
          expect((await host.diff(id, outputs, inputs)).changes).to.equal("DIFF_NONE");
          const read = await host.read(id, outputs, inputs);
          expect(read.id).to.equal(id);
          // A refresh records what was recorded; 0.1.0 state gains the declared copy of its outputs.
          const upgraded = upgrade
            ? { ...outputs, declaredEmail: outputs.email, declaredMessage: outputs.message }
            : outputs;
          expect(WITHOUT_PROVIDER(read.properties)).to.deep.equal(WITHOUT_PROVIDER(upgraded));
          expect((await host.diff(id, read.properties, inputs)).changes).to.equal("DIFF_NONE");
          expect((await control.calls()).filter((c) => !c.startsWith("GET "))).to.deep.equal([]);
        } finally {
          await host.stop();
        }
      });
    }
  });
}
