import { expect } from "chai";
import { startEmulator } from "../../emulator";
import * as handlers from "../../provider/resource/handlers";
import type { ProviderInputs, ProviderOutputs } from "../../provider/resource/handlers";
import { UNKNOWN } from "../../provider/resource/fields";
import { EmulatorControl } from "../../emulator";
import { configRequest, configureFor, undefinedPaths, withEnv } from "../helpers/provider";
import { rejection } from "../helpers/assert";
import { besidesTenancyLookup } from "../helpers/emulator";
import { FakeDataTrails, INVITES, wireInvite } from "../bad-input/fake-datatrails";

const DAY = 24 * 60 * 60;

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

describe("Invite provider handlers (called directly, against the emulator)", function () {
  let emu: Emulator;
  let control: EmulatorControl;

  before(async () => {
    emu = await startEmulator({ port: 0 });
    control = new EmulatorControl(emu.url);
  });
  after(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await control.reset();
    await configureFor(emu, { "datatrails:retryBudgetSeconds": "2" });
  });

  async function created(email: string, extra: Partial<ProviderInputs> = {}) {
    return handlers.create({ email, ...extra } as ProviderInputs);
  }

  describe("check", () => {
    it("trims the email and makes no API call", async () => {
      const result = await handlers.check(
        {} as ProviderInputs,
        { email: "  alice@example.com " } as ProviderInputs,
      );
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs?.email).to.equal("alice@example.com");
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });

    it("reports every bad property at once, each by name", async () => {
      const news = {
        email: "not-an-email",
        message: "x".repeat(257),
        adopt: "yes",
        renewExpired: 1,
        clientSecret: "s3cret",
      } as unknown as ProviderInputs;
      const result = await handlers.check({} as ProviderInputs, news);
      const props = (result.failures ?? []).map((f) => f.property).sort();
      expect(props).to.deep.equal(["adopt", "clientSecret", "email", "message", "renewExpired"]);
      const reasons = (result.failures ?? []).map((f) => f.reason).join("\n");
      expect(reasons).to.include("256");
      expect(reasons).not.to.include("s3cret");
      expect(besidesTenancyLookup(await control.requests())).to.deep.equal([]);
    });

    it("requires an email", async () => {
      const result = await handlers.check({} as ProviderInputs, { message: "hi" } as ProviderInputs);
      expect(result.failures).to.deep.equal([
        { property: "email", reason: "email is required: give the invitee's address" },
      ]);
    });

    it("passes values that are unknown at preview through unchecked", async () => {
      const result = await handlers.check(
        {} as ProviderInputs,
        { email: UNKNOWN, message: UNKNOWN, adopt: UNKNOWN } as unknown as ProviderInputs,
      );
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs?.email).to.equal(UNKNOWN);
    });
  });

  describe("configure", () => {
    it("lists every way to give credentials when there are none", async () => {
      const err = await withEnv({}, () => rejection(handlers.configure(configRequest({}))));
      for (const way of [
        "datatrails:clientId",
        "datatrails:clientSecret",
        "datatrails:token",
        "datatrails:tokenFile",
        "DATATRAILS_CLIENT_ID",
        "DATATRAILS_APPREG_CLIENT",
        "DATATRAILS_TOKEN",
        "DATATRAILS_TOKEN_FILE",
      ]) {
        expect(err.message).to.include(way);
      }
    });

    it("prefers stack config credentials to the environment's", async () => {
      await withEnv(
        { DATATRAILS_TOKEN: "a-token-from-the-shell", DATATRAILS_URL: "http://127.0.0.1:1" },
        async () => {
          await configureFor(emu);
          const res = await created("stack@example.com");
          expect(res.id).to.match(/^invites\//);
        },
      );
    });

    it("falls back to the environment when stack config has nothing", async () => {
      await withEnv(
        {
          DATATRAILS_URL: emu.url,
          DATATRAILS_CLIENT_ID: emu.clientId,
          DATATRAILS_CLIENT_SECRET: emu.clientSecret,
        },
        async () => {
          await handlers.configure(configRequest({}));
          const res = await created("env@example.com");
          expect(res.outs?.status).to.equal("pending");
        },
      );
    });

    it("refuses a client id without its secret, naming the missing key", async () => {
      const err = await withEnv({}, () =>
        rejection(handlers.configure(configRequest({ "datatrails:clientId": "abc" }))),
      );
      expect(err.message).to.include("datatrails:clientSecret");
    });

    it("refuses plain http to a remote host before any request", async () => {
      const err = await withEnv({}, () =>
        rejection(
          handlers.configure(
            configRequest({ "datatrails:url": "http://datatrails.example.com", "datatrails:token": "t" }),
          ),
        ),
      );
      expect(err.message).to.include("http://datatrails.example.com");
    });
  });

  // The diff rules are diff.test.ts's; these show only the handler's wiring to the service's clock.
  describe("diff", () => {
    const olds = {
      identity: "invites/1",
      email: "Alice@Example.com",
      message: "hello",
      expiryTime: "2999-01-01T00:00:00Z",
      status: "pending",
      adopted: false,
      memberIdentity: null,
      adopt: false,
      renewExpired: true,
      __provider: "serialized-v1",
    } as ProviderOutputs;

    it("judges a pending invite's expiry by the service's clock, as read and create do", async () => {
      // The service's clock runs two days ahead; creating an invite teaches the client that.
      await control.advanceClock(2 * DAY);
      await configureFor(emu);
      const res = await created("rose@example.com");
      const outs = res.outs as ProviderOutputs;
      // Expired by the service's clock, not yet by this machine's.
      const stale = { ...outs, expiryTime: new Date(Date.now() + DAY).toISOString() };
      const result = await handlers.diff(res.id, stale, { email: "rose@example.com" } as ProviderInputs);
      expect(result).to.deep.equal({ changes: true, replaces: ["expiryTime"], deleteBeforeReplace: true });
    });

    it("plans without failing when no credentials are configured (check reports that)", async () => {
      await withEnv({}, async () => {
        await rejection(handlers.configure(configRequest({})));
        const result = await handlers.diff("invites/1", olds, {
          email: "alice@example.com",
          message: "hi",
        } as ProviderInputs);
        expect(result).to.deep.equal({ changes: true, replaces: ["message"], deleteBeforeReplace: true });
      });
    });
  });

  describe("create", () => {
    it("keeps what was declared in the outputs of an invite created but not recorded", async () => {
      const fake = await FakeDataTrails.start();
      try {
        fake.on((req) =>
          req.method === "POST" && req.path === INVITES ? { body: wireInvite("x@example.net") } : undefined,
        );
        await configureFor({ url: fake.url, token: "fake-token" }, { "datatrails:retryBudgetSeconds": "1" });
        const err = await rejection(
          handlers.create({ email: "Uma@Example.com", message: " hi " } as ProviderInputs),
        );
        expect(err).to.be.instanceOf(handlers.InviteCreatedButFailedError);
        const { properties } = err as handlers.InviteCreatedButFailedError;
        expect(properties).to.include({
          email: "x@example.net",
          declaredEmail: "Uma@Example.com",
          declaredMessage: " hi ",
        });
        expect(undefinedPaths(properties)).to.deep.equal([]);
      } finally {
        await fake.stop();
      }
    });

    it("sends one invite and records it as pending", async () => {
      const res = await created("alice@example.com", { message: "Welcome" });
      expect(res.id).to.match(/^invites\/[0-9a-f-]{36}$/);
      expect(res.outs).to.include({
        email: "alice@example.com",
        message: "Welcome",
        status: "pending",
        adopted: false,
      });
      expect(undefinedPaths(res.outs)).to.deep.equal([]);
      const posts = (await control.calls()).filter((c) => c.startsWith("POST"));
      expect(posts).to.have.length(1);
    });

    it("sends no invite to someone who is already a member, recording the member", async () => {
      const member = await control.addMember("carol@example.com");
      await configureFor(emu, { "datatrails:retryBudgetSeconds": "2" });
      const res = await created("Carol@example.com");
      expect(res.id).to.equal(member.identity);
      expect(res.outs).to.include({ status: "accepted", memberIdentity: member.identity, expiryTime: null });
      expect((await control.calls()).filter((c) => c.startsWith("POST"))).to.deep.equal([]);
      expect(undefinedPaths(res.outs)).to.deep.equal([]);
    });

    it("refuses to take over a pending invite without adopt, naming it and how to adopt", async () => {
      const existing = await control.inviteOutOfBand("dave@example.com", "by hand");
      const err = await rejection(created("dave@example.com"));
      expect(err.message).to.include(existing.identity);
      expect(err.message).to.include("adopt: true");
      expect((await control.calls()).filter((c) => c.startsWith("POST"))).to.deep.equal([]);
    });

    it("adopts a pending invite without sending another", async () => {
      const existing = await control.inviteOutOfBand("erin@example.com", "by hand");
      const res = await created("erin@example.com", { adopt: true });
      expect(res.id).to.equal(existing.identity);
      expect(res.outs).to.include({ adopted: true, status: "pending", message: "by hand" });
      expect((await control.calls()).filter((c) => c.startsWith("POST"))).to.deep.equal([]);
    });
  });

  describe("read", () => {
    it("refreshes a pending invite", async () => {
      const res = await created("frank@example.com");
      const read = await handlers.read(res.id, { ...res.outs, __provider: "p" } as ProviderOutputs);
      expect(read.id).to.equal(res.id);
      expect(read.props).to.include({ status: "pending", email: "frank@example.com", __provider: "p" });
    });

    it("reports an invite past its expiry as expired", async () => {
      const res = await created("gina@example.com");
      await control.advanceClock(11 * 24 * 3600);
      await configureFor(emu);
      const read = await handlers.read(res.id, res.outs as ProviderOutputs);
      expect(read.props?.status).to.equal("expired");
    });

    it("keeps an accepted invite in state as accepted, never re-inviting", async () => {
      const res = await created("hank@example.com");
      await control.accept(res.id);
      await configureFor(emu);
      const read = await handlers.read(res.id, res.outs as ProviderOutputs);
      expect(read.id).to.equal(res.id);
      expect(read.props?.status).to.equal("accepted");
      expect(read.props?.memberIdentity).to.match(/^members\//);
      expect(undefinedPaths(read.props)).to.deep.equal([]);
    });

    it("drops a revoked invite so the next up invites again", async () => {
      const res = await created("ivy@example.com");
      await control.revoke(res.id);
      await configureFor(emu);
      const read = await handlers.read(res.id, res.outs as ProviderOutputs);
      expect(read.id).to.equal(undefined);
    });

    it("drops a recorded member who was deactivated", async () => {
      const member = await control.addMember("jill@example.com");
      await configureFor(emu);
      const res = await created("jill@example.com");
      await control.deactivateMember(member.identity);
      await configureFor(emu);
      const read = await handlers.read(res.id, res.outs as ProviderOutputs);
      expect(read.id).to.equal(undefined);
    });

    it("throws on 403 instead of treating the invite as gone", async () => {
      const res = await created("kim@example.com");
      await control.addToken("reader-token", false);
      await handlers.configure(
        configRequest({ "datatrails:url": emu.url, "datatrails:token": "reader-token" }),
      );
      const err = await rejection(handlers.read(res.id, res.outs as ProviderOutputs));
      expect(err.message).to.include("403");
    });

    it("throws when the service keeps failing instead of treating the invite as gone", async () => {
      const res = await created("lee@example.com");
      await control.addFault({ route: "*", probability: 1, kinds: [{ type: "status", status: 503 }] });
      await configureFor(emu, { "datatrails:retryBudgetSeconds": "1" });
      const err = await rejection(handlers.read(res.id, res.outs as ProviderOutputs));
      expect(err.message).to.include("503");
    });
  });

  describe("delete", () => {
    it("deletes a pending invite", async () => {
      const res = await created("mia@example.com");
      await handlers.delete(res.id, res.outs as ProviderOutputs);
      expect((await control.state()).invites).to.deep.equal([]);
    });

    it("counts an invite that is already gone as deleted", async () => {
      const res = await created("ned@example.com");
      await control.revoke(res.id);
      await control.clearRequests();
      await handlers.delete(res.id, res.outs as ProviderOutputs);
      // The DELETE was sent, its 404 counted as done: no error, no retry.
      expect(await control.calls()).to.deep.equal([`DELETE /archivist/iam/v1/${res.id}`]);
    });

    it("makes no API call for an accepted invite and never removes the member", async () => {
      const res = await created("ola@example.com");
      await control.accept(res.id);
      await control.clearRequests();
      await handlers.delete(res.id, { ...(res.outs as ProviderOutputs), status: "accepted" });
      expect(await control.calls()).to.deep.equal([]);
      expect((await control.state()).members.map((m) => m.email)).to.deep.equal(["ola@example.com"]);
    });
  });

  describe("update", () => {
    it("records new switches without calling the API", async () => {
      const res = await created("pat@example.com");
      await control.clearRequests();
      const upd = await handlers.update(
        res.id,
        res.outs as ProviderOutputs,
        {
          email: "pat@example.com",
          renewExpired: false,
        } as ProviderInputs,
      );
      expect(upd.outs).to.include({ renewExpired: false, identity: res.id });
      expect(await control.calls()).to.deep.equal([]);
    });
  });
});
