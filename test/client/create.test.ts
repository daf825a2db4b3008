import { expect } from "chai";
import {
  collect,
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsResponseError,
  isNotFound,
} from "../../provider/client";
import { fakeClock, sendJson, startFakeService, startServer, testClient, type FakeService } from "./helpers";
import { rejection } from "../helpers/assert";

describe("client: exactly-once invite creation", () => {
  let service: FakeService;
  beforeEach(async () => {
    service = await startFakeService();
  });
  afterEach(() => service.close());

  const posts = (): number => service.requests.filter((r) => r.method === "POST").length;
  const methods = (): string[] => service.requests.map((r) => r.method);

  it("creates an invite, noting the existing ones first", async () => {
    const invite = await testClient(service.url).createInvite({ email: "new@x.io", message: "welcome" });
    expect(invite.email).to.equal("new@x.io");
    expect(invite.message).to.equal("welcome");
    expect(invite.identity).to.match(/^invites\//);
    expect(methods()).to.deep.equal(["GET", "POST"]);
    expect(JSON.parse(service.requests[1].body)).to.deep.equal({ email: "new@x.io", message: "welcome" });
    expect(service.requests[1].headers["content-type"]).to.equal("application/json");
  });

  it("omits the message when none is given", async () => {
    await testClient(service.url).createInvite({ email: "new@x.io" });
    expect(JSON.parse(service.requests[1].body)).to.deep.equal({ email: "new@x.io" });
  });

  it("does not send a second invite when the create response is lost", async () => {
    service.createFaults.push("reset-after");
    const invite = await testClient(service.url).createInvite({ email: "lost@x.io", message: "hi" });
    expect(service.invites).to.have.length(1);
    expect(invite.identity).to.equal(service.invites[0].identity);
    expect(posts()).to.equal(1);
    expect(methods()).to.deep.equal(["GET", "POST", "GET"]);
  });

  it("does not send a second invite when the create times out after the service stored it", async () => {
    service.createFaults.push("hang-after");
    const client = testClient(service.url, fakeClock(), { transport: { timeoutMs: 200 } });
    const invite = await client.createInvite({ email: "slow@x.io" });
    expect(service.invites.map((i) => i.identity)).to.deep.equal([invite.identity]);
    expect(posts()).to.equal(1);
  });

  it("never retries a 5xx create without checking first, and returns the invite it stored", async () => {
    service.createFaults.push("500-after");
    const invite = await testClient(service.url).createInvite({ email: "five@x.io" });
    expect(methods()).to.deep.equal(["GET", "POST", "GET"]);
    expect(invite.identity).to.equal(service.invites[0].identity);
  });

  it("sends the create again, after a backoff, when the check shows a 5xx stored nothing", async () => {
    service.createFaults.push("500-before");
    const clock = fakeClock();
    const invite = await testClient(service.url, clock).createInvite({ email: "again@x.io" });
    expect(methods()).to.deep.equal(["GET", "POST", "GET", "POST"]);
    expect(service.invites.map((i) => i.identity)).to.deep.equal([invite.identity]);
    expect(clock.delays).to.deep.equal([125]);
  });

  it("sends the create again only after an unanswered request had a second timeout to land", async () => {
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

  it("fails saying the invite may exist, and never sends again, when the budget cannot cover the wait", async () => {
    service.createFaults.push("reset-before");
    const client = testClient(service.url, fakeClock(), {
      transport: { timeoutMs: 30_000 },
      retry: { budgetMs: 10_000 },
    });
    const err = await rejection(client.createInvite({ email: "unsure@x.io" }));
    expect(err.message).to.include("may have been created").and.include("adopt: true");
    expect(posts()).to.equal(1);
  });

  it("does not mistake an earlier invite for the same email for the one it created", async () => {
    service.invites.push({ identity: "invites/old-1", email: "dup@x.io", message: "old", expiry_time: "" });
    service.createFaults.push("500-before", "reset-after");
    const invite = await testClient(service.url).createInvite({ email: "dup@x.io", message: "new" });
    expect(invite.identity).not.to.equal("invites/old-1");
    expect(invite.message).to.equal("new");
    expect(service.invites).to.have.length(2);
    expect(posts()).to.equal(2);
  });

  it("gives up after maxAttempts when every create fails without storing anything", async () => {
    service.createFaults.push("500-before", "500-before", "500-before");
    const client = testClient(service.url, fakeClock(), { retry: { maxAttempts: 2 } });
    const err = (await rejection(client.createInvite({ email: "fail@x.io" }))) as DataTrailsHTTPError;
    expect(err.status).to.equal(500);
    expect(err.message).to.contain("gave up after 2 attempts");
    expect(methods()).to.deep.equal(["GET", "POST", "GET", "POST", "GET"]);
    expect(service.invites).to.have.length(0);
  });

  it("still returns the invite stored by the last attempt when retries run out", async () => {
    service.createFaults.push("500-before", "500-after");
    const client = testClient(service.url, fakeClock(), { retry: { maxAttempts: 2 } });
    const invite = await client.createInvite({ email: "last@x.io" });
    expect(service.invites.map((i) => i.identity)).to.deep.equal([invite.identity]);
    expect(posts()).to.equal(2);
  });

  it("retries a 429 create directly, honouring the server's wait, without listing again", async () => {
    service.createFaults.push("429");
    const clock = fakeClock();
    await testClient(service.url, clock).createInvite({ email: "rl@x.io" });
    expect(methods()).to.deep.equal(["GET", "POST", "POST"]);
    expect(clock.delays).to.deep.equal([2000]);
    expect(service.invites).to.have.length(1);
  });

  it("returns the listed invite, and never sends again, when a 200 create body is unreadable", async () => {
    service.createFaults.push("malformed");
    const invite = await testClient(service.url).createInvite({ email: "mal@x.io" });
    expect(invite.identity).to.equal(service.invites[0].identity);
    expect(posts()).to.equal(1);
  });

  it("handles a lost response on every attempt for several creates in parallel", async () => {
    service.createFaults.push("reset-after", "500-after", "reset-after");
    const client = testClient(service.url);
    const emails = ["p1@x.io", "p2@x.io", "p3@x.io", "p4@x.io"];
    const invites = await Promise.all(emails.map((email) => client.createInvite({ email })));
    expect(service.invites).to.have.length(4);
    expect(invites.map((i) => i.email).sort()).to.deep.equal(emails);
    expect(new Set(invites.map((i) => i.identity)).size).to.equal(4);
  });

  it("uses the fallback prefix after a 404 of the collection, and remembers it", async () => {
    await service.close();
    service = await startFakeService("/archivist/v1/invites");
    const client = testClient(service.url);
    const invite = await client.createInvite({ email: "fb@x.io" });
    expect(client.invitesPrefix).to.equal("/archivist/v1/invites");
    await client.getInvite(invite.identity);
    await collect(client.listInvites());
    await client.deleteInvite(invite.identity);
    expect(service.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "GET /archivist/iam/v1/invites",
      "GET /archivist/v1/invites",
      "POST /archivist/v1/invites",
      `GET /archivist/v1/invites/${invite.identity.slice(8)}`,
      "GET /archivist/v1/invites",
      `DELETE /archivist/v1/invites/${invite.identity.slice(8)}`,
    ]);
  });

  it("checks the collection before believing a 404 of an item under an unconfirmed prefix", async () => {
    await service.close();
    service = await startFakeService("/archivist/v1/invites");
    service.invites.push({ identity: "invites/abc", email: "a@x.io", message: "", expiry_time: "" });
    const client = testClient(service.url);
    expect((await client.getInvite("invites/abc")).email).to.equal("a@x.io");
    expect(client.invitesPrefix).to.equal("/archivist/v1/invites");
    const err = await rejection(client.getInvite("missing"));
    expect(isNotFound(err)).to.equal(true);
  });

  it("reports a real 404 of an item under the confirmed default prefix", async () => {
    const client = testClient(service.url);
    expect(isNotFound(await rejection(client.getInvite("missing")))).to.equal(true);
    expect(client.invitesPrefix).to.equal("/archivist/iam/v1/invites");
    expect(service.requests.map((r) => r.method)).to.deep.equal(["GET", "GET"]);
    expect(isNotFound(await rejection(client.deleteInvite("missing")))).to.equal(true);
    expect(service.requests).to.have.length(3);
  });

  it("says when neither prefix answers", async () => {
    const client = testClient(service.url, fakeClock(), { invitesPrefix: "/nope/invites" });
    const err = (await rejection(collect(client.listInvites()))) as DataTrailsHTTPError;
    expect(err.status).to.equal(404);
    expect(err.message).to.contain("/nope/invites answered 404 too");
  });
});

describe("client: create failures", () => {
  it("surfaces a 409 duplicate as a clear error without retrying", async () => {
    const server = await startServer((req, res) =>
      req.method === "GET"
        ? sendJson(res, 200, { invites: [], next_page_token: "" })
        : sendJson(res, 409, { code: 6, message: "invite already exists" }, { "x-request-id": "rq-409" }),
    );
    try {
      const err = (await rejection(
        testClient(server.url).createInvite({ email: "d@x.io" }),
      )) as DataTrailsHTTPError;
      expect(err).to.be.instanceOf(DataTrailsHTTPError);
      expect(err.message).to.equal(
        "POST /archivist/iam/v1/invites failed: 409 Conflict: invite already exists (request id rq-409); " +
          "hint: an invite for this email address may already be pending",
      );
      expect(server.requests.filter((r) => r.method === "POST")).to.have.length(1);
    } finally {
      await server.close();
    }
  });

  it("says the outcome is unknown when the check after a lost response fails too", async () => {
    let posted = false;
    const server = await startServer((req, res) => {
      if (req.method === "POST") {
        posted = true;
        res.socket?.destroy();
      } else if (!posted) {
        sendJson(res, 200, { invites: [] });
      } else {
        sendJson(res, 403, { code: 7, message: "denied" });
      }
    });
    try {
      const err = (await rejection(
        testClient(server.url).createInvite({ email: "u@x.io" }),
      )) as DataTrailsError;
      expect(err.message).to.contain("may or may not have been created");
      expect(server.requests.filter((r) => r.method === "POST")).to.have.length(1);
    } finally {
      await server.close();
    }
  });

  it("throws, without sending again, when a 200 create body is unreadable and nothing is listed", async () => {
    const server = await startServer((req, res) =>
      req.method === "GET" ? sendJson(res, 200, { invites: [] }) : sendJson(res, 200, '{"identity":"inv'),
    );
    try {
      const err = await rejection(testClient(server.url).createInvite({ email: "m@x.io" }));
      expect(err).to.be.instanceOf(DataTrailsResponseError);
      expect((err as Error).message).to.contain("not sending it again");
      expect(server.requests.filter((r) => r.method === "POST")).to.have.length(1);
    } finally {
      await server.close();
    }
  });
});
