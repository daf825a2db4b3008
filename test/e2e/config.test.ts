// Layer 4: stack configuration, secrets and input validation through the real engine.
import { expect } from "chai";
import { TOKEN_PATH } from "../../emulator";
import { Invite } from "../../provider";
import { changesOf, filesUnder, inviteMutations, useE2E } from "../helpers/e2e";
import { rejection } from "../helpers/assert";
import { besidesTenancyLookup } from "../helpers/emulator";

describe("e2e: configuration, secrets and validation", function () {
  this.timeout(10 * 60_000);
  const e2e = useE2E();

  it("refreshes and destroys with credentials rotated in stack config, never showing a secret", async () => {
    const { emu } = e2e;
    const tokenCalls = (): number => emu.requests().filter((r) => r.path === TOKEN_PATH).length;
    const s = await e2e.stack("rotate", {
      credentials: "client",
      invitees: [{ email: "quinn@example.com" }, { email: "ruth@example.com" }],
    });
    const up = await s.up();
    const ids = up.outputs.identities.value as Record<string, string>;
    expect(tokenCalls(), "up exchanged the client credentials").to.be.greaterThan(0);
    const exports = [await s.exportJson()];
    // The client secret is recorded (the default provider's inputs), encrypted.
    expect(exports[0]).to.match(/"datatrails:clientSecret":\s*\{[^}]*"ciphertext"/);

    await s.stack.removeAllConfig(["datatrails:clientId", "datatrails:clientSecret"]);
    await s.stack.setConfig("datatrails:token", { value: emu.token, secret: true });
    emu.clearRequests();
    // New credentials must not re-send anyone's invite.
    await s.preview({ expectNoChanges: true });

    // Without the program, the engine configures the provider with the config recorded at the last
    // `up` (the default provider's inputs in state): this refresh still uses the client credentials.
    const stale = await s.refresh();
    expect(changesOf(stale.summary.resourceChanges)).to.deep.equal({});
    expect(
      tokenCalls(),
      "refresh without the program used the recorded client credentials",
    ).to.be.greaterThan(0);

    // With the program, the provider gets the stack config as it is now: the token, no exchange.
    emu.clearRequests();
    const refresh = await s.refresh({ runProgram: true });
    expect(changesOf(refresh.summary.resourceChanges)).to.deep.equal({});
    exports.push(await s.exportJson());
    const destroy = await s.destroy({ runProgram: true });
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 4 }); // 2 invites, the component, the stack
    exports.push(await s.exportJson());

    const log = emu.requests();
    expect(log.filter((r) => r.path === TOKEN_PATH)).to.deep.equal([]);
    expect(log.every((r) => r.status >= 200 && r.status < 300)).to.equal(true, JSON.stringify(log));
    expect(inviteMutations(log).sort()).to.deep.equal(
      [`DELETE ${ids["quinn@example.com"]}`, `DELETE ${ids["ruth@example.com"]}`].sort(),
    );
    expect(emu.state().invites).to.deep.equal([]);

    // Secrets: not in any export, nor the engine's output, nor any file of the backend (state,
    // history, backups, the stack's config file, PULUMI_HOME with the engine's logs).
    const secrets = { clientSecret: emu.clientSecret, token: emu.token };
    const output = s.output.join("");
    expect(output).to.include("quinn@example.com"); // the output was collected
    const places: [string, string][] = [
      ...exports.map((json, i): [string, string] => [`exportStack #${i + 1}`, json]),
      ["engine output of up, preview, refresh and destroy", output],
      ...filesUnder(s.backend.dir).map((f): [string, string] => [f.file, f.text]),
    ];
    for (const [where, text] of places) {
      for (const [name, secret] of Object.entries(secrets)) {
        const at = text.indexOf(secret);
        const context = at < 0 ? "" : `: ...${text.slice(Math.max(0, at - 200), at + secret.length + 40)}...`;
        expect(at, `${name} in plain text in ${where}${context}`).to.equal(-1);
      }
    }
  });

  it("fails preview on a bad invitee list, naming each entry's email and message, before any API request", async () => {
    const s = await e2e.stack("bad-list", {
      invitees: [{ email: "not-an-email", message: "x".repeat(300) }, { email: "sam@example.com" }],
    });
    e2e.emu.clearRequests();
    const err = await rejection(s.preview());
    const text = `${err.message}\n${s.output.join("")}`;
    expect(text).to.match(/invitees\[0\]: email "not-an-email" has no '@': write it as local-part@domain/);
    // One wording for field rules everywhere (check(), Invitees, the client): the length and the limit.
    expect(text).to.match(
      /invitees\[0\]: message is 300 characters long; DataTrails accepts at most 256: shorten it/,
    );
    expect(e2e.emu.requests()).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal([]);
  });

  it("fails preview in the provider's Check, naming email and message, before any API request", async () => {
    // Both problems on one resource: the engine ends the preview at the first resource whose Check
    // fails, and which of two concurrently registered resources that is varies from run to run.
    const program = async () => {
      const bad = new Invite("bad", { email: "not-an-email", message: "x".repeat(300) });
      return { status: bad.status };
    };
    const s = await e2e.stack("bad-input", { program });
    e2e.emu.clearRequests();
    const err = await rejection(s.preview());
    const text = `${err.message}\n${s.output.join("")}`;
    expect(text).to.match(/property email value .* has a problem: email "not-an-email" has no '@'/);
    expect(text).to.match(
      /property message value .* has a problem: message is 300 characters long; .* at most 256/,
    );
    // The provider was configured (one tenancy lookup, a GET, with its token), and sent nothing else.
    expect(besidesTenancyLookup(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal([]);
  });

  it("fails preview listing every way to give credentials when there are none", async () => {
    const s = await e2e.stack("no-credentials", {
      credentials: "none",
      invitees: [{ email: "tess@example.com" }],
    });
    e2e.emu.clearRequests();
    const err = await rejection(s.preview());
    const text = `${err.message}\n${s.output.join("")}`;
    if (process.env.E2E_DEBUG) console.log(text);
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
