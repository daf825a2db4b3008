// What only Pulumi's dynamic-provider host shows of the Invite (layer 3): the serialized provider
// (`__provider`) handed back with the checked inputs and every recorded output, and that no secret
// reaches it, the answers or the host's output. Every behaviour both shells share is a scenario of
// test/plugin/parity.test.ts.
import { expect } from "chai";
import { EmulatorControl, type RunningEmulator } from "../../emulator";
import { hostError, HostPool, providerSource, type Host } from "../../tools/host";
import { useEmulator } from "../helpers/emulator";
import { checkedCreate } from "../helpers/host";

describe("Invite provider through Pulumi's dynamic-provider host (gRPC, layer 3)", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  let provider: string;
  const pool = new HostPool();
  useEmulator({ port: 0 }, (started) => {
    emu = started;
    control = new EmulatorControl(started.url);
  });
  before(async () => {
    provider = await providerSource();
  });
  after(() => pool.stopAll());
  afterEach(() => pool.release());

  /** A fresh host (one deployment) configured with `token` as a secret, as the engine sends it. */
  async function configuredHost(token: string = emu.token): Promise<Host> {
    const host = await pool.take();
    await host.configure({ "datatrails:url": emu.url, "datatrails:token": token }, ["datatrails:token"]);
    return host;
  }

  it("hands the serialized provider back with the checked inputs and every recorded output", async () => {
    const host = await configuredHost();
    const { id, outs, inputs } = await checkedCreate(host, { email: "  carol@example.com \t" });
    expect(inputs.__provider).to.equal(provider);
    expect(outs.__provider).to.equal(provider);
    expect((await host.update(id, outs, { ...inputs, adopt: true })).properties.__provider).to.equal(
      provider,
    );
    expect((await host.read(id, outs)).properties.__provider).to.equal(provider);
    // The host's stderr reaches the engine's log: it says which tenancy the deployment writes to,
    // and nothing else.
    expect(host.stderr).to.match(
      /^datatrails: writing to tenancy "[^"]+" \(tenant\/[0-9a-f-]{36}\) at http:\/\/127\.0\.0\.1:\d+ \(not pinned\)\.\n$/,
    );
  });

  it("never shows the token in output, responses, errors or __provider", async () => {
    const secret = "sekrit-admin-token-5a1f0c8e9d";
    await control.addToken(secret, true);
    // Out of band before this host lists the tenancy (a deployment reuses its listings).
    await control.inviteOutOfBand("mia@example.com");
    const host = await configuredHost(secret);
    const seen: unknown[] = [provider];

    const checked = await host.check({}, { email: "liam@example.com", message: "hello" });
    seen.push(checked);
    const created = await checkedCreate(host, { email: "liam@example.com" });
    seen.push(created);
    seen.push(await host.diff(created.id, created.outs, { ...created.inputs, message: "changed" }));
    seen.push(await host.read(created.id, created.outs));
    seen.push(await hostError(host.create({ email: "mia@example.com" })));
    await host.delete(created.id, created.outs);

    // A rejected token must not be echoed either.
    const rejected = "sekrit-unknown-token-77b2e4";
    const stranger = await configuredHost(rejected);
    const unauthorized = await hostError(stranger.create({ email: "noah@example.com" }));
    expect(unauthorized.details).to.include("401");
    seen.push(unauthorized);

    const text = JSON.stringify(seen, (_k, v: unknown) =>
      v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
    );
    expect(text).to.include("liam@example.com");
    for (const [name, value] of [
      ["responses and errors", text],
      ["host stdout", host.stdout],
      ["host stderr", host.stderr],
      ["second host stdout", stranger.stdout],
      ["second host stderr", stranger.stderr],
    ]) {
      expect(value, name).not.to.include(secret);
      expect(value, name).not.to.include(rejected);
    }
  });
});
