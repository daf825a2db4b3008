import { expect } from "chai";
import { startEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import { hostError, HostPool, providerSource, type Host } from "../../tools/host";
import { besidesTenancyLookup } from "../helpers/emulator";
import { checkedCreate } from "../helpers/host";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const INVITE_ID = /^invites\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OUTPUT_KEYS = [
  "identity",
  "email",
  "message",
  "expiryTime",
  "status",
  "adopted",
  "memberIdentity",
  "adopt",
  "renewExpired",
  "declaredEmail",
  "declaredMessage",
];

describe("Invite provider through Pulumi's dynamic-provider host (gRPC, layer 3)", function () {
  this.timeout(60_000);

  let emu: Emulator;
  let control: EmulatorControl;
  let provider: string;
  const pool = new HostPool();

  before(async () => {
    emu = await startEmulator({ port: 0 });
    control = new EmulatorControl(emu.url);
    provider = await providerSource();
  });
  after(async () => {
    await pool.stopAll();
    await emu?.stop();
  });
  beforeEach(async () => {
    await control.reset();
  });
  afterEach(async () => {
    await pool.release();
  });

  /** A fresh host (one deployment) configured with `token` as a secret, as the engine sends it. */
  async function configuredHost(
    token: string = emu.token,
    extra: Record<string, string> = {},
  ): Promise<Host> {
    const host = await pool.take();
    await host.configure(
      {
        "datatrails:url": emu.url,
        "datatrails:token": token,
        "datatrails:retryBudgetSeconds": "5",
        ...extra,
      },
      ["datatrails:token"],
    );
    return host;
  }

  async function posts(): Promise<string[]> {
    return (await control.calls()).filter((c) => c.startsWith("POST "));
  }

  describe("Configure and Check", () => {
    it("reports every bad property at once without any API request", async () => {
      const host = await configuredHost();
      const result = await host.check(
        {},
        { email: "not-an-email", message: "x".repeat(257), nickname: "al" },
      );
      expect(result.failures.map((f) => f.property).sort()).to.deep.equal(["email", "message", "nickname"]);
      const reasons = result.failures.map((f) => f.reason).join("\n");
      expect(reasons).to.include("256");
      expect(reasons).to.include("'nickname' is not an Invite input");
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });

    it("trims the email and keeps __provider in the checked inputs", async () => {
      const host = await configuredHost();
      const result = await host.check({}, { email: "  alice@example.com \t" });
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs.email).to.equal("alice@example.com");
      expect(result.inputs.__provider).to.equal(provider);
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });

    it("fails Check listing every way to give credentials when there are none", async () => {
      // The pool's hosts never inherit DATATRAILS_* variables from the test process.
      const host = await pool.take();
      await host.configure({ "datatrails:url": emu.url }, []);
      const err = await hostError(host.check({}, { email: "alice@example.com" }));
      for (const way of [
        "datatrails:clientId",
        "datatrails:clientSecret",
        "datatrails:token",
        "datatrails:tokenFile",
        "DATATRAILS_CLIENT_ID",
        "DATATRAILS_CLIENT_SECRET",
        "DATATRAILS_TOKEN",
        "DATATRAILS_TOKEN_FILE",
      ]) {
        expect(err.details).to.include(way);
      }
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });
  });

  describe("Diff", () => {
    it("plans replacements and switch updates without any API request", async () => {
      const host = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(host, {
        email: "bob@example.com",
        message: "welcome",
      });
      await control.clearRequests();

      const message = await host.diff(id, outs, { ...inputs, message: "welcome aboard" });
      expect(message).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: true });
      expect(message.replaces).to.deep.equal(["message"]);

      const email = await host.diff(id, outs, { ...inputs, email: "robert@example.com" });
      expect(email).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: false });
      expect(email.replaces).to.deep.equal(["email"]);

      const same = await host.diff(id, outs, inputs);
      expect(same).to.include({ changes: "DIFF_NONE", deleteBeforeReplace: false });
      expect(same.replaces).to.deep.equal([]);

      const adopt = await host.diff(id, outs, { ...inputs, adopt: true });
      expect(adopt).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: false });
      expect(adopt.replaces).to.deep.equal([]);

      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });

    it("records a new adopt switch with Update, sending nothing", async () => {
      const host = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(host, { email: "bob@example.com" });
      await control.clearRequests();
      const updated = await host.update(id, outs, { ...inputs, adopt: true });
      expect(updated.properties).to.include({ identity: id, adopt: true, status: "pending" });
      expect(updated.properties.__provider).to.equal(provider);
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });
  });

  describe("against a service that normalises what it stores", () => {
    const declared = { email: "Olivia.Smith@Example.COM", message: "  Welcome   to\n the team " };

    beforeEach(async () => {
      await control.setSwitches({ normalizeStored: true });
    });

    it("plans nothing after create although the service lower-cased the email and collapsed the message", async () => {
      const host = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(host, declared);
      expect(outs).to.include({ email: "olivia.smith@example.com", message: "Welcome to the team" });
      expect(outs).to.include({ declaredEmail: declared.email, declaredMessage: declared.message });
      const plan = await host.diff(id, outs, inputs);
      expect(plan).to.include({ changes: "DIFF_NONE", deleteBeforeReplace: false });
      expect(plan.replaces).to.deep.equal([]);
    });

    it("plans nothing after a refresh, which keeps the declared copy beside the service's", async () => {
      const up = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(up, declared);
      const refresh = await configuredHost();
      const read = await refresh.read(id, outs);
      expect(read.properties).to.include({
        email: "olivia.smith@example.com",
        message: "Welcome to the team",
        declaredEmail: declared.email,
        declaredMessage: declared.message,
      });
      const plan = await refresh.diff(id, read.properties, inputs);
      expect(plan.changes).to.equal("DIFF_NONE");
    });

    it("still replaces on a real change of message, old invite first", async () => {
      const host = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(host, declared);
      const plan = await host.diff(id, outs, { ...inputs, message: "Welcome to the audit team" });
      expect(plan).to.include({ changes: "DIFF_SOME", deleteBeforeReplace: true });
      expect(plan.replaces).to.deep.equal(["message"]);
    });

    it("plans nothing for state written by 0.1.0, then records the declared copy on refresh", async () => {
      const host = await configuredHost();
      const { id, outs, inputs } = await checkedCreate(host, {
        email: "Peter@Example.com",
        message: "Hello",
      });
      const { declaredEmail: _e, declaredMessage: _m, ...v010 } = outs;
      expect(await posts()).to.have.length(1);
      await control.clearRequests();
      expect((await host.diff(id, v010, inputs)).changes).to.equal("DIFF_NONE");
      const refresh = await configuredHost();
      const read = await refresh.read(id, v010);
      expect(read.properties).to.include({ declaredEmail: "peter@example.com", declaredMessage: "Hello" });
      expect((await refresh.diff(id, read.properties, inputs)).changes).to.equal("DIFF_NONE");
      expect(await posts()).to.deep.equal([]);
    });
  });

  describe("Create", () => {
    it("creates a pending invite with one POST and records every output and __provider", async () => {
      const host = await configuredHost();
      const { id, outs } = await checkedCreate(host, { email: "carol@example.com", message: "hi" });
      expect(id).to.match(INVITE_ID);
      expect(outs).to.include({ identity: id, email: "carol@example.com", message: "hi", status: "pending" });
      expect(outs).to.include({ adopted: false, memberIdentity: null, adopt: false, renewExpired: true });
      expect(outs).to.have.all.keys([...OUTPUT_KEYS, "__provider"]);
      expect(outs.__provider).to.equal(provider);
      expect(await posts()).to.have.length(1);
      const state = await control.state();
      expect(state.invites.map((i) => i.identity)).to.deep.equal([id]);
      // The host's stderr reaches the engine's log: it says which tenancy the deployment writes to,
      // and nothing else.
      expect(host.stderr).to.match(
        /^datatrails: writing to tenancy "[^"]+" \(tenant\/[0-9a-f-]{36}\) at http:\/\/127\.0\.0\.1:\d+ \(not pinned\)\.\n$/,
      );
    });

    it("records an existing member as accepted without sending an invite", async () => {
      const host = await configuredHost();
      const member = await control.addMember("dave@example.com");
      const { id, outs } = await checkedCreate(host, { email: "dave@example.com" });
      expect(id).to.equal(member.identity);
      expect(outs).to.include({ status: "accepted", memberIdentity: member.identity });
      expect(await posts()).to.deep.equal([]);
    });

    it("refuses a pending invite it does not manage, naming the invite and adopt", async () => {
      const host = await configuredHost();
      const existing = await control.inviteOutOfBand("erin@example.com", "from the portal");
      const checked = await host.check({}, { email: "erin@example.com" });
      const err = await hostError(host.create(checked.inputs));
      expect(err.details).to.include(existing.identity);
      expect(err.details).to.include("adopt");
      expect(err.initFailure).to.equal(undefined);
      expect(await posts()).to.deep.equal([]);
      expect((await control.state()).invites).to.have.length(1);
    });

    it("adopts a pending invite when adopt is set, without sending another", async () => {
      const host = await configuredHost();
      const existing = await control.inviteOutOfBand("erin@example.com", "from the portal");
      const { id, outs } = await checkedCreate(host, { email: "erin@example.com", adopt: true });
      expect(id).to.equal(existing.identity);
      expect(outs).to.include({ adopted: true, adopt: true, status: "pending" });
      expect(await posts()).to.deep.equal([]);
    });

    it("stores exactly one invite when the create response is lost, and returns its id", async () => {
      const host = await configuredHost();
      await control.addFault({ route: "POST /invites", sequence: [{ type: "reset-after" }] });
      const { id, outs } = await checkedCreate(host, { email: "frank@example.com" });
      const stored = (await control.state()).invites.filter((i) => i.email === "frank@example.com");
      expect(stored.map((i) => i.identity)).to.deep.equal([id]);
      expect(outs).to.include({ identity: id, status: "pending" });
      // The one POST lost its answer (status 0 in the log) and was never sent again.
      const sent = (await control.requests()).filter((r) => r.method === "POST");
      expect(sent.map((r) => r.status)).to.deep.equal([0]);
    });
  });

  // `pulumi refresh` / `destroy` run in a new deployment, so in a new host unless a test says otherwise:
  // a host reuses its tenancy listings for a while, and an `up` host's listings predate an
  // out-of-band accept or revoke.
  describe("Read (refresh)", () => {
    it("keeps an accepted invite under the same id, as accepted", async () => {
      const up = await configuredHost();
      const { id, outs } = await checkedCreate(up, { email: "gina@example.com" });
      await control.accept(id);
      const refresh = await configuredHost();
      const read = await refresh.read(id, outs);
      expect(read.id).to.equal(id);
      expect(read.properties).to.include({ identity: id, status: "accepted" });
      expect(read.properties.memberIdentity).to.match(/^members\//);
      expect(read.properties.__provider).to.equal(provider);
    });

    it("keeps an accepted invite when the service's clock runs ahead of this machine's (same deployment)", async () => {
      // The provider's clock follows the service's Date header, which jumps an hour ahead at the first
      // answer. Listing ages must not be measured on that clock, or the create's listing would look an
      // hour younger and be reused. With listings reused for no time at all, the read after the accept
      // must list again and see the member.
      await control.advanceClock(3600);
      const host = await configuredHost(emu.token, { "datatrails:listingMaxAgeSeconds": "0" });
      const { id, outs } = await checkedCreate(host, { email: "gus@example.com" });
      await control.accept(id);
      await control.clearRequests();
      const read = await host.read(id, outs);
      const calls = await control.calls();
      expect(read.id, `dropped from state after only ${JSON.stringify(calls)}`).to.equal(id);
      expect(read.properties).to.include({ identity: id, status: "accepted" });
      expect(calls.filter((c) => c.startsWith("GET /archivist/iam/v1/invites")).length).to.be.greaterThan(0);
    });

    it("serves a read from the deployment's listing while it is young: an accept made meanwhile waits for the next deployment", async () => {
      const host = await configuredHost();
      const { id, outs } = await checkedCreate(host, { email: "gwen@example.com" });
      await control.accept(id);
      await control.clearRequests();
      const same = await host.read(id, outs);
      expect(same.properties).to.include({ status: "pending" });
      expect(await control.calls()).to.deep.equal([]);
      const next = await configuredHost();
      const read = await next.read(id, outs);
      expect(read.properties).to.include({ identity: id, status: "accepted" });
    });

    it("reports a revoked invite gone with an empty id", async () => {
      const up = await configuredHost();
      const { id, outs } = await checkedCreate(up, { email: "hank@example.com" });
      await control.revoke(id);
      const refresh = await configuredHost();
      const read = await refresh.read(id, outs);
      expect(read.id).to.equal("");
    });

    it("fails with the 403 rather than reporting the invite gone when the token is not an administrator", async () => {
      const up = await configuredHost();
      const { id, outs } = await checkedCreate(up, { email: "ivy@example.com" });
      const viewerToken = "viewer-token-0f3c9a7e";
      await control.addToken(viewerToken, false);
      const refresh = await configuredHost(viewerToken);
      const err = await hostError(refresh.read(id, outs));
      expect(err.details).to.include("403");
      expect(err.details).not.to.include(viewerToken);
      expect((await control.requests()).some((r) => r.status === 403)).to.equal(true);
    });
  });

  describe("Delete", () => {
    it("deletes a pending invite", async () => {
      const host = await configuredHost();
      const { id, outs } = await checkedCreate(host, { email: "jack@example.com" });
      await control.clearRequests();
      await host.delete(id, outs);
      const calls = await control.calls();
      expect(calls).to.have.length(1);
      expect(calls[0]).to.match(new RegExp(`^DELETE /archivist/.*/invites/${id.slice("invites/".length)}$`));
      expect((await control.state()).invites).to.deep.equal([]);
    });

    it("leaves an accepted invitee alone, without any API request", async () => {
      const up = await configuredHost();
      const { id, outs } = await checkedCreate(up, { email: "kate@example.com" });
      await control.accept(id);
      const destroy = await configuredHost();
      const read = await destroy.read(id, outs);
      expect(read.properties.status).to.equal("accepted");
      await control.clearRequests();
      await destroy.delete(read.id, read.properties);
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
      const members = (await control.state()).members;
      expect(members.map((m) => [m.email, m.active])).to.deep.equal([["kate@example.com", true]]);
    });
  });

  describe("secret hygiene", () => {
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
});
