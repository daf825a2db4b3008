// Layer 4: stack configuration, secrets and input validation through the real engine.
import { expect } from "chai";
import { TOKEN_PATH } from "../../emulator";
import { changesOf, filesUnder, inviteMutations, rejectionOf, useE2E } from "../helpers/e2e";

describe("e2e: configuration, secrets and validation", function () {
  this.timeout(10 * 60_000);
  const e2e = useE2E();

  it("refreshes and destroys with credentials rotated in stack config, never showing a secret", async () => {
    const { emu } = e2e;
    const s = await e2e.stack("rotate", {
      credentials: "client",
      invitees: [{ email: "quinn@example.com" }, { email: "ruth@example.com" }],
    });
    const up = await s.up();
    const ids = up.outputs.identities.value as Record<string, string>;
    expect(
      emu.requests().filter((r) => r.path === TOKEN_PATH && r.status === 200),
    ).to.have.length.greaterThan(0);
    const exports = [await s.exportJson()];

    await s.stack.removeAllConfig(["datatrails:clientId", "datatrails:clientSecret"]);
    await s.stack.setConfig("datatrails:token", { value: emu.token, secret: true });
    emu.clearRequests();
    const refresh = await s.refresh();
    expect(changesOf(refresh.summary.resourceChanges)).to.deep.equal({});
    exports.push(await s.exportJson());
    const destroy = await s.destroy();
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 3 });
    exports.push(await s.exportJson());

    const log = emu.requests();
    // The provider used the token now in config: no client-credentials exchange after the rotation.
    expect(log.filter((r) => r.path === TOKEN_PATH)).to.deep.equal([]);
    expect(log.every((r) => r.status >= 200 && r.status < 300)).to.equal(true, JSON.stringify(log));
    expect(inviteMutations(log).sort()).to.deep.equal(
      [`DELETE ${ids["quinn@example.com"]}`, `DELETE ${ids["ruth@example.com"]}`].sort(),
    );
    expect(emu.state().invites).to.deep.equal([]);

    const secrets = { clientSecret: emu.clientSecret, token: emu.token };
    const places: [string, string][] = [
      ...exports.map((json, i): [string, string] => [`exportStack #${i + 1}`, json]),
      ["engine output of up, refresh and destroy", s.output.join("")],
      ...filesUnder(s.backend.dir)
        .filter((f) => !f.file.includes(`${"/home/"}`))
        .map((f): [string, string] => [f.file, f.text]),
    ];
    expect(s.output.join("")).to.include("quinn@example.com"); // the output was collected
    for (const [where, text] of places) {
      for (const [name, secret] of Object.entries(secrets)) {
        expect(text.includes(secret), `${name} in plain text in ${where}`).to.equal(false);
      }
    }
  });

  it("fails preview on bad inputs, naming email and message, before any API request", async () => {
    const s = await e2e.stack("bad-input", {
      invitees: [{ email: "not-an-email" }, { email: "sam@example.com", message: "x".repeat(300) }],
    });
    e2e.emu.clearRequests();
    const err = await rejectionOf(s.preview());
    const text = `${err.message}\n${s.output.join("")}`;
    expect(text).to.match(/email "not-an-email" has no '@'/);
    expect(text).to.match(/message .*300.*256/);
    expect(e2e.emu.requests()).to.deep.equal([]);
  });

  it("fails preview listing every way to give credentials when there are none", async () => {
    const s = await e2e.stack("no-credentials", {
      credentials: "none",
      invitees: [{ email: "tess@example.com" }],
    });
    e2e.emu.clearRequests();
    const err = await rejectionOf(s.preview());
    const text = `${err.message}\n${s.output.join("")}`;
    for (const way of [
      "datatrails:clientId",
      "datatrails:clientSecret",
      "datatrails:token",
      "DATATRAILS_TOKEN",
    ]) {
      expect(text).to.include(way);
    }
    expect(e2e.emu.requests()).to.deep.equal([]);
  });
});
