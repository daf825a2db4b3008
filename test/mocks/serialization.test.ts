// Runs in its own mocha invocation: setMocks replaces Pulumi's runtime for the whole process.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { startEmulator } from "../../emulator";
import { Invite } from "../../provider";
import type { ProviderInputs, ProviderOutputs } from "../../provider/resource/handlers";
import { EmulatorControl } from "../../emulator";
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
  const registered: Record<string, unknown>[] = [];
  const types: string[] = [];
  let serialized = "";

  before(async () => {
    // Credentials the program process can see: none may reach the serialized provider.
    process.env.DATATRAILS_TOKEN = TOKEN;
    process.env.DATATRAILS_CLIENT_SECRET = CLIENT_SECRET;
    pulumi.runtime.setAllConfig({ "datatrails:token": TOKEN, "datatrails:clientSecret": CLIENT_SECRET }, [
      "datatrails:token",
      "datatrails:clientSecret",
    ]);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.inputs);
          types.push(args.type);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    const invite = new Invite("alice", { email: "alice@example.com", message: "hi" });
    await new Promise<void>((resolve) => invite.urn.apply(() => resolve()));
    serialized = registered[0].__provider as string;
  });

  after(() => {
    delete process.env.DATATRAILS_TOKEN;
    delete process.env.DATATRAILS_CLIENT_SECRET;
  });

  it("registers the type pulumi-nodejs:dynamic/datatrails:Invite with only the declared inputs", () => {
    expect(types).to.deep.equal(["pulumi-nodejs:dynamic/datatrails:Invite"]);
    expect(Object.keys(registered[0]).sort()).to.deep.equal(["__provider", "email", "message"]);
  });

  it("is plain code: no credential and no secret envelope", () => {
    expect(serialized).to.be.a("string");
    expect(serialized).not.to.include(TOKEN);
    expect(serialized).not.to.include(CLIENT_SECRET);
    expect(serialized).not.to.include(SECRET_SIG);
    console.log(`      serialized provider: ${Buffer.byteLength(serialized)} bytes per resource`);
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
