// Runs in the setMocks mocha invocation: getInvite and listInvites read stack config the way a
// program does (secrets included), so the runtime's config is set here.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { getInvite, listInvites } from "../../provider";
import { installMocks } from "../helpers/mocks";
import { withEnv } from "../helpers/provider";

describe("getInvite and listInvites (program-side lookups)", () => {
  let emu: RunningEmulator;
  before(async () => {
    await installMocks();
    emu = await startEmulator({ port: 0 });
  });
  after(async () => {
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset();
    pulumi.runtime.setAllConfig(
      {
        "datatrails:url": emu.url,
        "datatrails:clientId": emu.clientId,
        "datatrails:clientSecret": emu.clientSecret,
      },
      ["datatrails:clientSecret"],
    );
  });

  it("returns an invite as typed plain data, with its status", async () => {
    const made = emu.createInvite({ email: "ursula@example.com", message: "hi" });
    const found = await withEnv({}, () => getInvite(made.identity));
    expect(found).to.deep.equal({
      identity: made.identity,
      email: "ursula@example.com",
      message: "hi",
      expiryTime: made.expiry_time,
      status: "pending",
    });
  });

  it("resolves to undefined for an invite that no longer exists", async () => {
    const made = emu.createInvite({ email: "victor@example.com" });
    emu.revokeInvite(made.identity);
    expect(await withEnv({}, () => getInvite(made.identity))).to.equal(undefined);
  });

  it("lists every invite across pages, or those of one email, marking expired ones", async () => {
    emu.setSwitches({ maxPageSize: 2 });
    for (const name of ["wendy", "xavier", "yolanda"]) emu.createInvite({ email: `${name}@example.com` });
    emu.createInvite({ email: "zoe@example.com", ttlSeconds: 0 });
    const all = await withEnv({}, () => listInvites());
    expect(all.map((i) => i.email).sort()).to.deep.equal([
      "wendy@example.com",
      "xavier@example.com",
      "yolanda@example.com",
      "zoe@example.com",
    ]);
    expect(all.find((i) => i.email === "zoe@example.com")?.status).to.equal("expired");
    const one = await withEnv({}, () => listInvites({ email: "XAVIER@example.com" }));
    expect(one.map((i) => i.email)).to.deep.equal(["xavier@example.com"]);
  });
});
