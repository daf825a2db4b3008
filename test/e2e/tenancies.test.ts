// Layer 4, several tenancies and never the wrong one: Pulumi YAML, Python and TypeScript (generated
// Node.js SDK) programs that declare the default provider (stack config) and an explicit `datatrails`
// provider, run by the real CLI against two emulators (two tenancies); the tenancy pin refusing an up
// before any write; and environment credentials never sent to a URL other than the environment's own,
// proved with a recording proxy.
import { expect } from "chai";
import * as path from "path";
import { startEmulator, type RequestLogEntry, type RunningEmulator } from "../../emulator";
import { ensurePythonVenv, installNodeSdk, usePluginFromRepo } from "../../tools/native";
import type { CommandResult, ExportedResource, PulumiProject } from "../../tools/project";
import { REPO_ROOT } from "../../tools/repo-root";
import { callsAbout, inviteMutations } from "../helpers/e2e";
import { useProjects } from "../helpers/projects";
import { startRecordingProxy } from "../helpers/recording-proxy";

const example = (name: string): string => path.join(REPO_ROOT, "examples", name);

/** The engine's mark of a secret in an exported state. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The line a provider prints (through the engine's log) about the tenancy it writes to. */
function tenancyLine(emu: RunningEmulator, pinned: boolean): string {
  const { identity, display_name } = emu.tenancy();
  const how = pinned ? "pinned by datatrails:tenancy" : "not pinned";
  return `datatrails: writing to tenancy "${display_name}" (${identity}) at ${emu.url} (${how}).`;
}

function text(r: CommandResult): string {
  return `${r.stdout}\n${r.stderr}`;
}

describe("e2e: several tenancies in one program, the tenancy pin, and where credentials go", function () {
  this.timeout(15 * 60_000);
  const projects = useProjects();
  /** The default provider's tenancy (stack config). */
  const production = (): RunningEmulator => projects.emu;
  /** The explicit provider's tenancy. */
  let staging: RunningEmulator;

  before(async () => {
    staging = await startEmulator({ port: 0, tenancyName: "Staging" });
  });
  after(() => staging?.stop());
  beforeEach(() => {
    staging.reset();
    production().setTenancy({ display_name: "Production" });
  });

  /** The explicit provider's settings, in the project's own config (its secret as a secret). */
  async function configureStaging(s: PulumiProject, pinned = true): Promise<void> {
    await s.setConfig("stagingUrl", staging.url);
    await s.setConfig("stagingClientId", staging.clientId);
    await s.setConfig("stagingClientSecret", staging.clientSecret, true);
    if (pinned) await s.setConfig("stagingTenancy", staging.tenancyIdentity);
  }

  function emails(emu: RunningEmulator): string[] {
    return emu
      .state()
      .invites.map((i) => i.email)
      .sort();
  }

  function identityOf(emu: RunningEmulator, email: string): string {
    return emu.state().invites.find((i) => i.email === email)?.identity ?? "";
  }

  /** Every request of `log` that names one of these invites (by UUID) or emails. */
  function mentions(log: RequestLogEntry[], others: string[]): string[] {
    return others.flatMap((o) =>
      o.includes("@")
        ? log.filter((r) => JSON.stringify(r.query).includes(o)).map((r) => `${r.method} ${r.path}`)
        : callsAbout(log, o),
    );
  }

  /** The explicit provider's state: its secrets are ciphertext, never the plain text. */
  async function expectProviderSecretsEncrypted(s: PulumiProject): Promise<void> {
    const exported = await s.exportText();
    expect(exported).to.not.include(staging.clientSecret);
    expect(exported).to.not.include(production().clientSecret);
    const provider = (
      JSON.parse(exported) as { deployment: { resources: ExportedResource[] } }
    ).deployment.resources.find(
      (r) => r.type === "pulumi:providers:datatrails" && r.urn.endsWith("::staging"),
    );
    const secret = provider?.inputs?.clientSecret as Record<string, unknown> | undefined;
    expect(secret, "the explicit provider's clientSecret input").to.have.property(SECRET_SIG);
    expect(secret).to.have.property("ciphertext").that.is.a("string");
    expect(provider?.inputs?.clientId).to.equal(staging.clientId);
  }

  /** up, a clean preview, refresh and destroy: each tenancy sees only its own invite. */
  async function expectOwnTenancies(s: PulumiProject): Promise<void> {
    const up = await s.up();
    expect(emails(production())).to.deep.equal(["alice@example.com"]);
    expect(emails(staging)).to.deep.equal(["bob@example.com"]);
    const alice = identityOf(production(), "alice@example.com");
    const bob = identityOf(staging, "bob@example.com");
    // Each provider process says which tenancy it writes to.
    expect(text(up)).to.include(tenancyLine(production(), false)).and.include(tenancyLine(staging, true));

    production().clearRequests();
    staging.clearRequests();
    const preview = await s.preview(true);
    // What a pull request's preview shows: both tenancies, before anything is written.
    expect(text(preview))
      .to.include(tenancyLine(production(), false))
      .and.include(tenancyLine(staging, true));
    await s.refresh();
    await s.preview(true);
    expect(mentions(production().requests(), [bob, "bob@example.com"])).to.deep.equal([]);
    expect(mentions(staging.requests(), [alice, "alice@example.com"])).to.deep.equal([]);
    // Each refreshed its own (from one listing of its tenancy), and both invites are still in state.
    expect(production().requests()).to.not.deep.equal([]);
    expect(staging.requests()).to.not.deep.equal([]);
    const ids = (await s.resources()).map((r) => r.id);
    expect(ids).to.include(alice).and.include(bob);
    expect(inviteMutations(production().requests())).to.deep.equal([]);
    expect(inviteMutations(staging.requests())).to.deep.equal([]);

    await expectProviderSecretsEncrypted(s);
    await s.destroy();
    expect(inviteMutations(production().requests())).to.deep.equal([`DELETE ${alice}`]);
    expect(inviteMutations(staging.requests())).to.deep.equal([`DELETE ${bob}`]);
  }

  /** The native plugin (a Pulumi YAML program) and the dynamic provider (a TypeScript one). */
  const SHELLS = [
    ["native", "yaml"],
    ["dynamic", "basic"],
  ] as const;

  /** `preview`, then `up`, each of which must fail: what they printed. */
  async function refusedRuns(s: PulumiProject, label: string): Promise<string[]> {
    const outputs: string[] = [];
    for (const run of [
      () => s.preview(false, [], { allowFailure: true }),
      () => s.up([], { allowFailure: true }),
    ]) {
      const result = await run();
      expect(result.code, label).to.not.equal(0);
      outputs.push(text(result));
    }
    return outputs;
  }

  /** The function call through the explicit provider answers its tenancy's invites; then the lifecycle. */
  async function expectFunctionAndOwnTenancies(s: PulumiProject): Promise<void> {
    await configureStaging(s);
    await s.up();
    expect((await s.outputs()).stagingEmails).to.deep.equal(["bob@example.com"]);
    await s.destroy();
    await expectOwnTenancies(s);
  }

  it("YAML: each invite, function call and import goes to its own provider's tenancy; refresh and destroy touch only their own", async () => {
    const s = await projects.stack("multi-yaml", { source: example("multi-tenancy-yaml") });
    usePluginFromRepo(s.dir);
    await configureStaging(s);
    await s.up();
    const bob = identityOf(staging, "bob@example.com");
    const outputs = await s.outputs();
    expect(outputs.aliceIdentity).to.equal(identityOf(production(), "alice@example.com"));
    expect(outputs.bobIdentity).to.equal(bob);
    // listInvites through the explicit provider: the staging tenancy's invites, no other.
    expect((outputs.stagingInvites as { email: string }[]).map((i) => i.email)).to.deep.equal([
      "bob@example.com",
    ]);

    // pulumi import --provider: an invite made by hand in staging, adopted through the staging provider.
    const carol = staging.createInvite({ email: "carol@example.com" });
    production().clearRequests();
    staging.clearRequests();
    const providerUrn =
      (await s.resources()).find(
        (r) => r.type === "pulumi:providers:datatrails" && r.urn.endsWith("::staging"),
      )?.urn ?? "";
    await s.run([
      "import",
      "datatrails:index:Invite",
      "carol",
      "email:carol@example.com",
      "--provider",
      `staging=${providerUrn}`,
      "--yes",
      "--protect=false",
      "--stack",
      s.opts.stack,
    ]);
    const imported = (await s.resources()).find((r) => r.urn.endsWith("::carol"));
    expect(imported?.id).to.equal(carol.identity);
    expect(imported).to.have.property("provider").that.includes(providerUrn);
    expect(mentions(production().requests(), [carol.identity, "carol@example.com"])).to.deep.equal([]);
    expect(mentions(staging.requests(), [carol.identity, "carol@example.com"])).to.not.deep.equal([]);
    expect(inviteMutations(staging.requests())).to.deep.equal([]);

    await s.destroy();
    expect(emails(production())).to.deep.equal([]);
    expect(emails(staging)).to.deep.equal([]);
  });

  it("YAML: preview shows both tenancies, refresh and destroy touch only their own, the explicit provider's secret stays a secret", async () => {
    const s = await projects.stack("multi-yaml-life", { source: example("multi-tenancy-yaml") });
    usePluginFromRepo(s.dir);
    await configureStaging(s);
    await expectOwnTenancies(s);
  });

  it("Python: the default provider from the environment (GitOps) and an explicit one with credentials of its own", async () => {
    const venv = ensurePythonVenv();
    // Every plugin process inherits these: the explicit provider, which names credentials, must use
    // only its own.
    const s = await projects.stack("multi-python", {
      source: example("multi-tenancy-python"),
      pathPrefix: [venv],
      stackSettings: "url",
      env: {
        DATATRAILS_URL: production().url,
        DATATRAILS_CLIENT_ID: production().clientId,
        DATATRAILS_CLIENT_SECRET: production().clientSecret,
      },
    });
    usePluginFromRepo(s.dir);
    await expectFunctionAndOwnTenancies(s);
  });

  it("TypeScript on the generated Node.js SDK's Provider: each invite and function call in its own tenancy", async () => {
    const s = await projects.stack("multi-ts", { source: example("multi-tenancy-typescript") });
    usePluginFromRepo(s.dir);
    installNodeSdk(s.dir);
    await expectFunctionAndOwnTenancies(s);
  });

  it("a pinned tenancy that is not the credentials' refuses preview and up, naming both, with no write (native and dynamic)", async () => {
    const other = "tenant/11111111-2222-4333-8444-555555555555";
    for (const [shell, source] of SHELLS) {
      const label = `pin-${shell}`;
      const s = await projects.stack(label, {
        source: example(source),
        config: { "datatrails:tenancy": { value: other } },
      });
      if (source === "yaml") usePluginFromRepo(s.dir);
      for (const output of await refusedRuns(s, label)) {
        expect(output).to.include(`datatrails:tenancy pins this provider to tenancy ${other}`);
        expect(output).to.include(`belong to tenancy "Production" (${production().tenancyIdentity})`);
      }
      expect(
        production()
          .requests()
          .filter((r) => r.method !== "GET" && !r.path.endsWith("/appidp/token")),
        label,
      ).to.deep.equal([]);
      expect(production().state().invites, label).to.deep.equal([]);
    }
  });

  it("environment credentials are never sent to a URL the provider's own settings name (recording proxy); GitOps still works", async () => {
    const proxy = await startRecordingProxy(staging.url);
    try {
      // The environment's credentials and URL are production's; stack config names the proxy.
      const env = {
        DATATRAILS_URL: production().url,
        DATATRAILS_CLIENT_ID: production().clientId,
        DATATRAILS_CLIENT_SECRET: production().clientSecret,
        DATATRAILS_TOKEN: production().token,
      };
      for (const [shell, source] of SHELLS) {
        const label = `cross-${shell}`;
        const s = await projects.stack(label, { source: example(source), stackSettings: "none", env });
        await s.setConfig("datatrails:url", proxy.url);
        if (source === "yaml") usePluginFromRepo(s.dir);
        for (const output of await refusedRuns(s, label)) {
          expect(output).to.include(
            `datatrails:url (stack config or the provider's url) is ${proxy.url}, but the credentials come from the environment, which is for ${production().url} (DATATRAILS_URL)`,
          );
          expect(output).to.include(`Give credentials for ${proxy.url}`);
        }
      }
      // Nothing at all reached the other URL, least of all the environment's credential.
      expect(proxy.requests).to.deep.equal([]);
      expect(inviteMutations(production().requests())).to.deep.equal([]);

      // GitOps: the same URL in stack config and DATATRAILS_URL, credentials in the environment.
      const gitops = await projects.stack("gitops", {
        source: example("yaml"),
        stackSettings: "none",
        env: { DATATRAILS_URL: proxy.url, DATATRAILS_TOKEN: staging.token },
      });
      await gitops.setConfig("datatrails:url", proxy.url);
      usePluginFromRepo(gitops.dir);
      await gitops.up();
      expect(emails(staging)).to.deep.equal(["alice@example.com", "dana@example.com"]);
      // The proxy records what it is sent: here the credential the environment gave for its own URL.
      expect(proxy.requests.map((r) => r.authorization)).to.include(`Bearer ${staging.token}`);
      expect(proxy.requests.some((r) => `${r.authorization}${r.body}`.includes(production().token))).to.equal(
        false,
      );
      expect(proxy.requests.some((r) => r.body.includes(production().clientSecret))).to.equal(false);
      await gitops.destroy();
    } finally {
      await proxy.close();
    }
  });
});
