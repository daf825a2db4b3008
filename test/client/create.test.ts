/**
 * The client's wiring of exactly-once creation over HTTP: the checked input, the listing by email, the
 * transport's timeout and failures, and the rate-limit gate reach createExactlyOnce as they should.
 * The rules themselves are create-invite.test.ts's, against stubs.
 */
import { expect } from "chai";
import type { ServerResponse } from "node:http";
import { type AttemptInfo } from "../../provider/client";
import {
  fakeClock,
  sendJson,
  startFakeService,
  startServer,
  testClient,
  type FakeService,
  type SeenRequest,
} from "./helpers";

describe("client: exactly-once invite creation, wired", () => {
  let service: FakeService;
  beforeEach(async () => {
    service = await startFakeService();
  });
  afterEach(() => service.close());

  const posts = (): number => service.requests.filter((r) => r.method === "POST").length;
  const methods = (): string[] => service.requests.map((r) => r.method);

  for (const [what, input, body] of [
    ["with a message", { email: "new@x.io", message: "welcome" }, { email: "new@x.io", message: "welcome" }],
    ["without one", { email: "new@x.io" }, { email: "new@x.io" }],
  ] as const) {
    it(`lists the email's invites, then posts the checked input as JSON (${what})`, async () => {
      const invite = await testClient(service.url).createInvite(input);
      expect(invite).to.include(body);
      expect(invite.identity).to.match(/^invites\//);
      expect(methods()).to.deep.equal(["GET", "POST"]);
      expect(service.requests[0].query.get("email")).to.equal("new@x.io");
      expect(JSON.parse(service.requests[1].body)).to.deep.equal(body);
      expect(service.requests[1].headers["content-type"]).to.equal("application/json");
    });
  }

  it("finds each lost create's own invite when several run at once (the check lists by email)", async () => {
    service.createFaults.push("reset-after", "500-after", "reset-after");
    const client = testClient(service.url);
    const emails = ["p1@x.io", "p2@x.io", "p3@x.io", "p4@x.io"];
    const invites = await Promise.all(emails.map((email) => client.createInvite({ email })));
    expect(service.invites).to.have.length(4);
    expect(invites.map((i) => i.email).sort()).to.deep.equal(emails);
    expect(new Set(invites.map((i) => i.identity)).size).to.equal(4);
    expect(posts()).to.equal(4);
  });

  it("gives an unanswered create the transport's timeout again to land before sending it again", async () => {
    service.createFaults.push("reset-before");
    const clock = fakeClock();
    const started = clock.now();
    await testClient(service.url, clock, { transport: { timeoutMs: 1_000 } }).createInvite({
      email: "drop@x.io",
    });
    const seen = methods();
    expect(seen.slice(0, 3)).to.deep.equal(["GET", "POST", "GET"]);
    expect(seen[seen.length - 1]).to.equal("POST");
    expect(seen.filter((m) => m === "POST")).to.have.length(2);
    // Listings only, between the two POSTs, until 2 x the request timeout had passed.
    expect(seen.slice(2, -1).every((m) => m === "GET")).to.equal(true);
    expect(clock.now() - started).to.be.at.least(2_000);
    expect(service.invites).to.have.length(1);
  });

  it("sends a refused create again from the rate-limit gate, after the server's wait, without listing", async () => {
    service.createFaults.push("429");
    const clock = fakeClock();
    await testClient(service.url, clock).createInvite({ email: "rl@x.io" });
    expect(methods()).to.deep.equal(["GET", "POST", "POST"]);
    // The gate's hold (Archivist-Rate-Limit-Reset: 2) is the retry's one wait.
    expect(clock.delays).to.deep.equal([2000]);
    expect(service.invites).to.have.length(1);
  });
});

describe("client: when an unanswered create left", () => {
  it("counts its time to land from when it left the rate-limit gate, not from when it began", async () => {
    const clock = fakeClock();
    // A read is refused (wait 5 s); a create that starts meanwhile waits in the gate behind the read's
    // retry, then goes, and its answer is lost. Had its time to land counted from its start, the
    // second POST would follow the first after one backoff; it waits for a second timeout instead.
    const postsAt: number[] = [];
    let reads = 0;
    let created = false;
    const server = await startServer((req: SeenRequest, res: ServerResponse) => {
      if (req.method === "GET" && req.path.endsWith("/invites/x1")) {
        reads++;
        if (reads === 1) {
          sendJson(res, 429, { code: 8, message: "slow down" }, { "Archivist-Rate-Limit-Reset": "5" });
        } else {
          sendJson(res, 200, { identity: "invites/x1", email: "r@x.io", message: "" });
        }
      } else if (req.method === "GET") {
        sendJson(res, 200, { invites: [] });
      } else if (postsAt.push(clock.now()) === 1) {
        res.socket?.destroy();
      } else {
        created = true;
        sendJson(res, 200, { identity: "invites/new", email: "w@x.io", message: "" });
      }
    });
    try {
      let creating: Promise<unknown> | undefined;
      const client = testClient(server.url, clock, {
        transport: { timeoutMs: 1_000 },
        onAttempt: (info: AttemptInfo) => {
          if (info.status === 429)
            creating ??= client.createInvite({ email: "w@x.io" }, { knownIdentities: [] });
        },
      });
      await client.getInvite("x1");
      await creating;
      expect(created).to.equal(true);
      expect(postsAt).to.have.length(2);
      expect(postsAt[1] - postsAt[0]).to.be.at.least(2_000);
    } finally {
      await server.close();
    }
  });
});
