// Bad answers from DataTrails (a hand-written server): every one must fail with an error naming the
// call, and never turn into wrong state: read never reports an invite gone because an answer was
// unusable, and create never returns outputs for another person's invite.
import { expect } from "chai";
import * as handlers from "../../provider/resource/handlers";
import {
  InviteCreatedButFailedError,
  type ProviderInputs,
  type ProviderOutputs,
} from "../../provider/resource/handlers";
import { hostError, HostPool } from "../../tools/host";
import { configRequest, withEnv } from "../helpers/provider";
import {
  FakeDataTrails,
  INVITES,
  MEMBERS,
  wireInvite,
  type FakeReply,
  type FakeRequest,
} from "./fake-datatrails";

const TOKEN = "fake-datatrails-token-5d1c9a7e3b";
const ALICE = "alice@example.com";
const UUID = "0b6c3d3e-3f0a-4a8e-9a55-1f2e3d4c5b6a";
const ID = `invites/${UUID}`;
const ONE_INVITE = `${INVITES}/${UUID}`;

const HTML_PAGE = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
const html = (status: number): FakeReply => ({
  status,
  headers: { "content-type": "text/html" },
  body: HTML_PAGE,
});
const truncated = (value: unknown): FakeReply => {
  const text = JSON.stringify(value);
  return {
    headers: { "content-type": "application/json" },
    body: text.slice(0, Math.floor(text.length / 2)),
  };
};
const when =
  (method: string, path: string, reply: FakeReply) =>
  (req: FakeRequest): FakeReply | undefined =>
    req.method === method && req.path === path ? reply : undefined;

/** `METHOD path failed: ...` or `METHOD path returned an unusable response: ...`, at the start. */
function callPattern(method: string, path: string): RegExp {
  const escaped = path.replace(/[/.]/g, "\\$&");
  return new RegExp(`^${method} ${escaped} (failed|returned an unusable response): `);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  let result: unknown;
  try {
    result = await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error(`expected the call to fail, but it answered ${JSON.stringify(result)}`);
}

const aliceState = (): ProviderOutputs => ({
  identity: ID,
  email: ALICE,
  message: "",
  expiryTime: wireInvite(ALICE).expiry_time,
  status: "pending",
  adopted: false,
  memberIdentity: null,
  adopt: false,
  renewExpired: true,
});

describe("bad responses: clear errors naming the call, never wrong state", function () {
  this.timeout(60_000);
  let fake: FakeDataTrails;

  before(async () => {
    fake = await FakeDataTrails.start();
  });
  after(async () => {
    await fake?.stop();
  });
  beforeEach(async () => {
    fake.reset();
    await withEnv({}, () =>
      handlers.configure(
        configRequest({
          "datatrails:url": fake.url,
          "datatrails:token": TOKEN,
          "datatrails:retryBudgetSeconds": "1",
        }),
      ),
    );
  });

  function expectClean(err: Error): void {
    expect(`${err.message}\n${err.stack}`).to.not.include(TOKEN);
    expect(err.message.length, "the message stays readable").to.be.below(1000);
  }

  const posts = (): string[] => fake.calls().filter((c) => c.startsWith("POST "));
  const create = (): Promise<unknown> => handlers.create({ email: ALICE } as ProviderInputs);

  describe("create", () => {
    const unusableCreates: [string, FakeReply, RegExp][] = [
      ["a 200 HTML page", html(200), /an HTML page instead of JSON/],
      ["truncated JSON", truncated(wireInvite(ALICE)), /truncated or invalid JSON/],
      ["an empty 200 body", { headers: { "content-type": "application/json" }, body: "" }, /empty body/],
      [
        "a 200 invite without an identity",
        { body: { email: ALICE, message: "", expiry_time: "2030-01-01T00:00:00Z" } },
        /an invite without a valid identity \(got null/,
      ],
      [
        "a 200 invite whose identity is not invites/<uuid>",
        { body: { ...wireInvite(ALICE), identity: "members/123" } },
        /an invite without a valid identity \(got "members\/123"/,
      ],
      [
        "a 200 invite with a wrong-typed field (email a number)",
        { body: { ...wireInvite(ALICE), email: 42 } },
        /"email" of type number, expected a string/,
      ],
      [
        "a 200 invite with a wrong-typed field (expiry_time an object)",
        { body: { ...wireInvite(ALICE), expiry_time: { seconds: 1 } } },
        /"expiry_time" of type object, expected a string/,
      ],
      ["a JSON array", { body: [wireInvite(ALICE)] }, /expected a JSON object, got an array/],
    ];

    for (const [what, reply, detail] of unusableCreates) {
      it(`fails on ${what}, sending the invite once and naming the call`, async () => {
        fake.on(when("POST", INVITES, reply));
        const err = await rejection(create());
        expect(err.message).to.match(callPattern("POST", INVITES));
        expect(err.message).to.match(detail);
        expect(err.message).to.include("not sending it again");
        expect(posts(), "a 2xx was created: never sent twice").to.deep.equal([`POST ${INVITES}`]);
        expectClean(err);
      });
    }

    it("fails on a 502 HTML error page, naming the call and the status", async () => {
      fake.on(when("POST", INVITES, html(502)));
      const err = await rejection(create());
      expect(err.message).to.match(callPattern("POST", INVITES));
      expect(err.message).to.match(/502 Bad Gateway: HTML error page/);
      expect(err.message).to.not.include("nginx");
      expectClean(err);
    });

    it("keeps the invite (id and outputs) when DataTrails answers with another person's invite", async () => {
      fake.on(when("POST", INVITES, { body: wireInvite("mallory@example.net") }));
      const err = await rejection(create());
      expect(err).to.be.instanceOf(InviteCreatedButFailedError);
      const kept = err as InviteCreatedButFailedError;
      expect(kept.id).to.equal(ID);
      expect(kept.properties).to.include({ identity: ID, email: "mallory@example.net" });
      expect(kept.message).to.include("mallory@example.net").and.include(ALICE);
      expect(kept.message).to.match(/kept in state so that destroy or the next up can remove it/);
      expect(posts()).to.have.length(1);
      expectClean(err);
    });

    it("sends nothing when the invites listing has no invites list (another kind of answer)", async () => {
      fake.on(when("GET", INVITES, { body: { results: [wireInvite(ALICE)], next_page_token: "" } }));
      const err = await rejection(create());
      expect(err.message).to.match(callPattern("GET", INVITES));
      expect(err.message).to.match(/no "invites" list in the page \(it has "results" instead\)/);
      expect(posts()).to.deep.equal([]);
      expectClean(err);
    });

    it("sends nothing when the members listing is an HTML page", async () => {
      fake.on(when("GET", MEMBERS, html(200)));
      const err = await rejection(create());
      expect(err.message).to.match(callPattern("GET", MEMBERS));
      expect(err.message).to.match(/HTML page instead of JSON/);
      expect(posts()).to.deep.equal([]);
      expectClean(err);
    });

    it("sends nothing when the members listing holds a member with a wrong-typed identity", async () => {
      fake.on(when("GET", MEMBERS, { body: { members: [{ identity: 7, email: ALICE, active: true }] } }));
      const err = await rejection(create());
      expect(err.message).to.match(callPattern("GET", MEMBERS));
      expect(err.message).to.match(/a member without a valid identity/);
      expect(posts()).to.deep.equal([]);
    });
  });

  describe("read (refresh)", () => {
    const read = (): Promise<unknown> => handlers.read(ID, aliceState());
    const listedWithout = when("GET", INVITES, { body: { invites: [], next_page_token: "" } });

    const unusableReads: [string, (req: FakeRequest) => FakeReply | undefined, string, RegExp][] = [
      ["the listing is a 502 HTML error page", when("GET", INVITES, html(502)), INVITES, /502 Bad Gateway/],
      ["the listing is a 200 HTML page", when("GET", INVITES, html(200)), INVITES, /HTML page/],
      [
        "the listing is truncated JSON",
        when("GET", INVITES, truncated({ invites: [wireInvite(ALICE)] })),
        INVITES,
        /truncated or invalid JSON/,
      ],
      [
        "the listing has no invites list",
        when("GET", INVITES, { body: { items: [], next_page_token: "" } }),
        INVITES,
        /no "invites" list/,
      ],
      [
        "the listing holds an invite without an identity",
        when("GET", INVITES, { body: { invites: [{ email: ALICE }] } }),
        INVITES,
        /an invite without a valid identity/,
      ],
      [
        "the listing holds an invite with a wrong-typed field",
        when("GET", INVITES, { body: { invites: [{ ...wireInvite(ALICE), message: ["hi"] }] } }),
        INVITES,
        /"message" of type array/,
      ],
      [
        "the invite's GET answers a 200 without an identity",
        when("GET", ONE_INVITE, { body: { email: ALICE, expiry_time: "2030-01-01T00:00:00Z" } }),
        ONE_INVITE,
        /an invite without a valid identity/,
      ],
      [
        "the invite's GET answers a wrong-typed expiry_time",
        when("GET", ONE_INVITE, { body: { ...wireInvite(ALICE), expiry_time: 1893456000 } }),
        ONE_INVITE,
        /"expiry_time" of type number/,
      ],
      ["the invite's GET answers an HTML page", when("GET", ONE_INVITE, html(200)), ONE_INVITE, /HTML page/],
      [
        "the invite's GET answers truncated JSON",
        when("GET", ONE_INVITE, truncated(wireInvite(ALICE))),
        ONE_INVITE,
        /truncated or invalid JSON/,
      ],
    ];

    for (const [what, route, path, detail] of unusableReads) {
      it(`fails, never reporting the invite gone, when ${what}`, async () => {
        fake.on(listedWithout).on(route);
        const err = await rejection(read());
        expect(err.message).to.match(callPattern("GET", path));
        expect(err.message).to.match(detail);
        expectClean(err);
      });
    }

    it("refuses to record another person's invite under this resource", async () => {
      fake.on(when("GET", INVITES, { body: { invites: [wireInvite("mallory@example.net", UUID)] } }));
      const err = await rejection(read());
      expect(err.message).to.match(
        /invite invites\/\S+ for mallory@example\.net, but state records it for alice/,
      );
      expect(err.message).to.match(/check that datatrails:url points at the right tenancy/);
      expectClean(err);
    });

    it("refuses another person's invite from the invite's GET too", async () => {
      fake.on(listedWithout).on(when("GET", ONE_INVITE, { body: wireInvite("mallory@example.net", UUID) }));
      const err = await rejection(read());
      expect(err.message).to.match(/for mallory@example\.net, but state records it for alice/);
    });

    it("takes an empty {} page as no invites (protobuf leaves out empty lists), but confirms gone with a GET", async () => {
      fake.on(when("GET", INVITES, { body: {} })).on(when("GET", MEMBERS, { body: {} }));
      fake.on(when("GET", ONE_INVITE, { status: 404, body: { code: 5, message: "invite not found" } }));
      expect(await handlers.read(ID, aliceState())).to.deep.equal({});
      expect(fake.calls()).to.include(`GET ${ONE_INVITE}`);
    });
  });

  describe("through Pulumi's dynamic-provider host", () => {
    const pool = new HostPool({}, 1);
    after(async () => {
      await pool.stopAll();
    });
    afterEach(async () => {
      await pool.release();
    });

    async function host() {
      const h = await pool.take();
      await h.configure(
        { "datatrails:url": fake.url, "datatrails:token": TOKEN, "datatrails:retryBudgetSeconds": "1" },
        ["datatrails:token"],
      );
      return h;
    }

    it("Create keeps the created invite's id (ErrorResourceInitFailed) when it is another person's", async () => {
      const h = await host();
      fake.on(when("POST", INVITES, { body: wireInvite("mallory@example.net") }));
      const err = await hostError(h.create({ email: ALICE }));
      expect(err.initFailure?.id).to.equal(ID);
      expect(err.initFailure?.properties).to.include({ identity: ID });
      expect(err.details).to.include("mallory@example.net");
      expect(`${h.stdout}${h.stderr}`).to.not.include(TOKEN);
    });

    it("Create of an unusable answer fails naming the call, with no id", async () => {
      const h = await host();
      fake.on(when("POST", INVITES, { body: { email: ALICE } }));
      const err = await hostError(h.create({ email: ALICE }));
      expect(err.details).to.match(callPattern("POST", INVITES));
      expect(err.initFailure?.id ?? "").to.equal("");
    });

    it("Read of an HTML listing fails instead of answering an empty id", async () => {
      const h = await host();
      fake.on(when("GET", INVITES, html(502)));
      const err = await hostError(h.read(ID, { ...aliceState() }));
      expect(err.details).to.match(callPattern("GET", INVITES));
      expect(`${h.stdout}${h.stderr}`).to.not.include(TOKEN);
    });
  });
});
