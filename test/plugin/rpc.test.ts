// The native plugin's own RPCs over gRPC (what the dynamic shell has no counterpart of): the config
// RPCs the Node provider server leaves out, Read with no recorded outputs (an import) for every ID
// form, and the errors for a type or function it does not serve.
import { expect } from "chai";
import { DataTrailsProvider, TOKENS, typeOfUrn } from "../../provider/plugin";
import { INVITE } from "../../provider/resource/kinds";
import {
  hostError,
  HostPool,
  NATIVE_URN,
  SECRET_SIGNATURE,
  SECRET_SIGNATURE_KEY,
  type Host,
} from "../../tools/host";
import { useEmulator } from "../helpers/emulator";
import { inviteMutations } from "../helpers/e2e";

const secret = (value: string) => ({ [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value });

describe("plugin: the native provider's own RPCs", function () {
  this.timeout(60_000);
  const running = useEmulator();
  const pool = new HostPool({ shell: "native" }, 1);
  after(() => pool.stopAll());
  afterEach(() => pool.release());

  async function configured(): Promise<Host> {
    const emu = running();
    const host = await pool.take();
    await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, ["datatrails:token"]);
    return host;
  }

  describe("configuration", () => {
    it("CheckConfig keeps the config as sent and reports missing credentials without a property", async () => {
      const host = await pool.take();
      const ok = await host.checkConfig({}, { url: running().url, token: secret("t") });
      expect(ok).to.deep.equal({ inputs: { url: running().url, token: secret("t") }, failures: [] });
      const none = await host.checkConfig({}, { url: running().url });
      expect(none.failures).to.have.length(1);
      expect(none.failures[0].property).to.equal("");
      expect(none.failures[0].reason).to.match(/No DataTrails credentials were found/);
    });

    it("DiffConfig reports a rotated secret as a change that never replaces the provider", async () => {
      const host = await pool.take();
      const same = await host.diffConfig({ token: "a" }, { token: secret("a") });
      expect(same).to.include({ changes: "DIFF_NONE" });
      const rotated = await host.diffConfig(
        { token: "a", url: running().url },
        { token: secret("b"), url: running().url },
      );
      expect(rotated).to.deep.include({ changes: "DIFF_SOME", replaces: [], diffs: ["token"] });
    });

    it("Configure reads its args (secrets unwrapped, every setting); a bad value fails naming its key", async () => {
      const emu = running();
      const host = await pool.take();
      await host.configure(
        { "datatrails:url": emu.url, "datatrails:token": emu.token, "datatrails:maxRequestsInFlight": "4" },
        ["datatrails:token"],
      );
      const checked = await host.check({}, { email: "alice@example.com" });
      expect((await host.create(checked.inputs)).properties.status).to.equal("pending");
      const bad = await pool.take();
      const err = await hostError(
        bad.configure({ "datatrails:url": "ftp://example.com", "datatrails:token": "t" }),
      );
      expect(err.details).to.match(/datatrails:url/);
    });
  });

  describe("import: Read with no recorded outputs", () => {
    it("by identity adopts a pending invite and returns inputs that declare it", async () => {
      const emu = running();
      const invite = emu.createInvite({ email: "bob@example.com", message: "by hand" });
      emu.clearRequests();
      const read = await (await configured()).read(invite.identity, {});
      expect(read.id).to.equal(invite.identity);
      expect(read.inputs).to.deep.equal({ email: "bob@example.com", message: "by hand" });
      expect(read.properties).to.include({
        status: "pending",
        adopted: true,
        declaredEmail: "bob@example.com",
      });
      expect(inviteMutations(emu.requests())).to.deep.equal([]);
    });

    it("by bare uuid, the same invite", async () => {
      const invite = running().createInvite({ email: "bob@example.com" });
      const read = await (await configured()).read(invite.identity.replace("invites/", ""), {});
      expect(read.id).to.equal(invite.identity);
      expect(read.inputs).to.deep.equal({ email: "bob@example.com" });
    });

    it("by email: the newest pending invite for the address (any case), its identity as the ID", async () => {
      const emu = running();
      emu.createInvite({ email: "carol@example.com" });
      emu.advanceClock(60);
      const newer = emu.createInvite({ email: "carol@example.com", message: "second" });
      const read = await (await configured()).read("email:Carol@Example.com", {});
      expect(read.id).to.equal(newer.identity);
      expect(read.inputs).to.deep.equal({ email: "carol@example.com", message: "second" });
    });

    it("by email of a person who joined: the membership, as accepted", async () => {
      const member = running().addMember({ email: "dave@example.com" });
      const read = await (await configured()).read("email:dave@example.com", {});
      expect(read.id).to.equal(member.identity);
      expect(read.properties).to.include({ status: "accepted", memberIdentity: member.identity });
      expect(read.inputs).to.deep.equal({ email: "dave@example.com" });
    });

    it("by member identity: the membership, as accepted", async () => {
      const member = running().addMember({ email: "erin@example.com" });
      const read = await (await configured()).read(member.identity, {});
      expect(read).to.deep.include({ id: member.identity });
      expect(read.properties.status).to.equal("accepted");
    });

    it("an invite that does not exist reads as gone (the engine reports the import ID not found)", async () => {
      const read = await (await configured()).read("invites/00000000-0000-4000-8000-000000000000", {});
      expect(read.id).to.equal("");
    });

    it("an address with nothing to adopt fails saying how to send a new invite", async () => {
      const err = await hostError((await configured()).read("email:frank@example.com", {}));
      expect(err.details).to.match(
        /no pending invite for frank@example\.com.*without `import` to send a new invite/,
      );
    });

    it("an ID of no known form fails naming the forms", async () => {
      const err = await hostError((await configured()).read("assets/123", {}));
      expect(err.details).to.match(
        /invites\/<uuid> \(or the bare <uuid>\), email:<address> or members\/<uuid>/,
      );
    });
  });

  describe("import into datatrails:index:Member", () => {
    const members = new HostPool({ shell: "native", resource: "Member" }, 1);
    after(() => members.stopAll());
    afterEach(() => members.release());

    async function memberHost(): Promise<Host> {
      const emu = running();
      const host = await members.take();
      await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, [
        "datatrails:token",
      ]);
      return host;
    }

    it("by member identity: an Owner is imported with owner: true, so the printed declaration keeps the role", async () => {
      const emu = running();
      const member = emu.addMember({ email: "olga@example.com", roles: ["OWNER"] });
      emu.clearRequests();
      const read = await (await memberHost()).read(member.identity, {});
      expect(read.id).to.equal(member.identity);
      expect(read.properties).to.deep.include({ status: "active", roles: ["OWNER"], owner: true });
      expect(read.inputs).to.deep.equal({ email: "olga@example.com", owner: true });
      expect(emu.requests().filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))).to.deep.equal(
        [],
      );
    });

    it("by email: the membership (an inactive one too), else the newest pending invite, adopted", async () => {
      const emu = running();
      const gone = emu.addMember({ email: "ivan@example.com", active: false });
      const invite = emu.createInvite({ email: "jane@example.com", message: "hi" });
      const host = await memberHost();
      const inactive = await host.read("email:ivan@example.com", {});
      expect(inactive.id).to.equal(gone.identity);
      expect(inactive.properties.status).to.equal("inactive");
      const invited = await host.read("email:jane@example.com", {});
      expect(invited.id).to.equal(invite.identity);
      expect(invited.properties).to.include({
        status: "invited",
        adopted: true,
        inviteIdentity: invite.identity,
      });
      expect(invited.inputs).to.deep.equal({ email: "jane@example.com", message: "hi" });
    });

    it("an address with nothing to adopt fails naming the Member", async () => {
      const err = await hostError((await memberHost()).read("email:kim@example.com", {}));
      expect(err.details).to.match(
        /Cannot import datatrails:index:Member "email:kim@example\.com": .*no member/,
      );
    });
  });

  describe("what it does not serve", () => {
    it("refuses a resource type it does not serve, naming those it serves", async () => {
      const provider = new DataTrailsProvider("0.0.0", "{}");
      const urn = "urn:pulumi:dev::proj::datatrails:index:Tenancy::alice";
      expect(typeOfUrn(NATIVE_URN)).to.equal(INVITE.tokens.native);
      expect(typeOfUrn("urn:pulumi:dev::proj::my:mod:Parent$datatrails:index:Invite::a")).to.equal(
        INVITE.tokens.native,
      );
      let message = "";
      await provider
        .check(urn, {}, { email: "alice@example.com" })
        .catch((err: Error) => (message = err.message));
      expect(message).to.match(
        /no resource type "datatrails:index:Tenancy".*serves datatrails:index:Invite, datatrails:index:Member and datatrails:index:AccessPolicy/,
      );
    });

    it("refuses an unknown function token, naming the two it serves", async () => {
      const err = await hostError((await configured()).invoke("datatrails:index:getMember", {}));
      expect(err.details).to.match(/no function "datatrails:index:getMember".*getInvite.*listInvites/);
    });

    it("getInvite without an identity string answers a failure naming identity", async () => {
      const res = await (await configured()).invoke(TOKENS.getInvite, { identity: 7 });
      expect(res.failures).to.deep.equal([
        { property: "identity", reason: 'identity must be a string such as "invites/<uuid>"' },
      ]);
    });
  });
});
