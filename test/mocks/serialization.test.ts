// Runs in its own mocha invocation: setMocks replaces Pulumi's runtime for the whole process.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { startEmulator } from "../../emulator";
import { Invite } from "../../provider";
import type { ProviderInputs, ProviderOutputs } from "../../provider/resource/handlers";
import { EmulatorControl } from "../../emulator";
import { installMocks, registrations, type Registration } from "../helpers/mocks";
import { configRequest } from "../helpers/provider";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => {
  handler: () => ResourceProvider<ProviderInputs, ProviderOutputs>;
};

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const TOKEN = "program-side-token-5f3c9e";
const CLIENT_SECRET = "program-side-client-secret-91ab";

describe("the serialized provider (built the way Pulumi builds it)", function () {
  this.timeout(60_000);
  let serialized = "";
  let registered: Registration[] = [];

  before(async () => {
    // Credentials the program process can see: none may reach the serialized provider.
    process.env.DATATRAILS_TOKEN = TOKEN;
    process.env.DATATRAILS_CLIENT_SECRET = CLIENT_SECRET;
    pulumi.runtime.setAllConfig({ "datatrails:token": TOKEN, "datatrails:clientSecret": CLIENT_SECRET }, [
      "datatrails:token",
      "datatrails:clientSecret",
    ]);
    await installMocks();
    const invite = new Invite("alice", { email: "alice@example.com", message: "hi" });
    await new Promise<void>((resolve) => invite.urn.apply(() => resolve()));
    registered = registrations.filter((r) => r.name === "alice");
    serialized = registered[0].inputs.__provider as string;
  });

  after(() => {
    delete process.env.DATATRAILS_TOKEN;
    delete process.env.DATATRAILS_CLIENT_SECRET;
  });

  it("registers the type pulumi-nodejs:dynamic/datatrails:Invite with only the declared inputs", () => {
    expect(registered.map((r) => r.type)).to.deep.equal(["pulumi-nodejs:dynamic/datatrails:Invite"]);
    expect(Object.keys(registered[0].inputs).sort()).to.deep.equal(["__provider", "email", "message"]);
  });

  it("is plain code: a module loading the handlers by name, with no credential and no secret envelope", () => {
    expect(serialized).to.match(/exports\.handler = /);
    expect(serialized).to.include(JSON.stringify("pulumi-datatrails-invites/dynamic-provider"));
    expect(serialized).not.to.include(TOKEN);
    expect(serialized).not.to.include(CLIENT_SECRET);
    expect(serialized).not.to.include(SECRET_SIG);
  });

  it("loads back and runs create, read and delete against the emulator", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const control = new EmulatorControl(emu.url);
      const provider = requireFromString(serialized).handler();
      await provider.configure?.(configRequest({ "datatrails:url": emu.url, "datatrails:token": emu.token }));
      const checked = await provider.check?.(
        {} as ProviderInputs,
        { email: " bob@example.com " } as ProviderInputs,
      );
      const inputs = checked?.inputs as ProviderInputs;
      const res = await provider.create(inputs);
      expect(res.outs?.status).to.equal("pending");
      const read = await provider.read?.(res.id, res.outs);
      expect(read?.id).to.equal(res.id);
      await provider.delete?.(res.id, read?.props as ProviderOutputs);
      expect((await control.state()).invites).to.deep.equal([]);
      expect(await control.calls()).to.include(
        `DELETE /archivist/iam/v1/invites/${res.id.slice("invites/".length)}`,
      );
    } finally {
      await emu.stop();
    }
  });
});
