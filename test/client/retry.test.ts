import { expect } from "chai";
import type { ServerResponse } from "node:http";
import {
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsTimeoutError,
  type AttemptInfo,
} from "../../provider/client";
import { fakeClock, sendJson, startServer, testClient, type SeenRequest, type TestServer } from "./helpers";
import { rejection } from "../helpers/assert";

const INVITE = { identity: "invites/x1", email: "a@b.io", message: "", expiry_time: "2025-01-11T00:00:00Z" };

describe("client: retries", () => {
  let server: TestServer;
  let script: Array<(req: SeenRequest, res: ServerResponse) => void>;
  let fallback: (req: SeenRequest, res: ServerResponse) => void;
  beforeEach(async () => {
    script = [];
    fallback = (_req, res) => sendJson(res, 200, INVITE);
    server = await startServer((req, res) => (script.shift() ?? fallback)(req, res));
  });
  afterEach(() => server.close());

  const status =
    (code: number, headers: Record<string, string> = {}) =>
    (_req: SeenRequest, res: ServerResponse): void =>
      sendJson(res, code, { code: 14, message: `status ${code}` }, headers);

  it("retries a GET on 503 with exponential backoff and full jitter", async () => {
    script = [status(503), status(503), status(503)];
    const clock = fakeClock();
    const invite = await testClient(server.url, clock).getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    // random() = 0.5 of ceilings 250, 500, 1000.
    expect(clock.delays).to.deep.equal([125, 250, 500]);
    expect(server.requests).to.have.length(4);
  });

  it("caps the backoff ceiling at maxDelayMs", async () => {
    script = Array.from({ length: 8 }, () => status(502));
    const clock = fakeClock();
    await testClient(server.url, clock, { random: () => 0.999999 }).getInvite("x1");
    expect(clock.delays).to.deep.equal([249, 499, 999, 1999, 3999, 7999, 15999, 19999]);
  });

  for (const code of [500, 502, 504, 429]) {
    it(`retries a GET on ${code}`, async () => {
      script = [status(code)];
      await testClient(server.url).getInvite("x1");
      expect(server.requests).to.have.length(2);
    });
  }

  for (const code of [400, 401, 402, 403, 404, 409, 501]) {
    it(`does not retry a GET on ${code}`, async () => {
      script = [status(code)];
      const err = await rejection(
        testClient(server.url, fakeClock(), { invitesPrefixFallback: null }).getInvite("x1"),
      );
      expect((err as DataTrailsHTTPError).status).to.equal(code);
      expect(server.requests).to.have.length(1);
    });
  }

  it("retries a DELETE on 503", async () => {
    script = [status(503)];
    fallback = (_req, res) => sendJson(res, 200, {});
    await testClient(server.url).deleteInvite("invites/x1");
    expect(server.requests.map((r) => r.method)).to.deep.equal(["DELETE", "DELETE"]);
    expect(server.requests[0].path).to.equal("/archivist/iam/v1/invites/x1");
  });

  it("waits at least Archivist-Rate-Limit-Reset on a 429", async () => {
    script = [status(429, { "Archivist-Rate-Limit-Reset": "3.5" })];
    const clock = fakeClock();
    await testClient(server.url, clock).getInvite("x1");
    expect(clock.delays).to.deep.equal([3500]);
  });

  it("holds the client's next requests until a 429's window has passed", async () => {
    script = [status(429, { "Archivist-Rate-Limit-Reset": "2" })];
    const clock = fakeClock();
    const client = testClient(server.url, clock, { retry: { budgetMs: 1_000 } });
    await rejection(client.getInvite("x1")); // the wait is beyond the budget: it fails at once
    expect(clock.delays).to.deep.equal([]);
    await client.getInvite("x2");
    // The window (2 s), and no more: the next request is the only one waiting, so it goes first.
    expect(clock.delays).to.deep.equal([2000]);
  });

  it("keeps retrying a rate-limited request beyond maxAttempts, within the time budget", async () => {
    script = Array.from({ length: 12 }, () => status(429, { "Archivist-Rate-Limit-Reset": "0.5" }));
    const clock = fakeClock();
    const invite = await testClient(server.url, clock, { retry: { maxAttempts: 3 } }).getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    expect(server.requests).to.have.length(13);
  });

  it("keeps the backoff when it is longer than the server's wait", async () => {
    script = [status(429, { "Archivist-Rate-Limit-Reset": "0.01" })];
    const clock = fakeClock();
    await testClient(server.url, clock).getInvite("x1");
    expect(clock.delays).to.deep.equal([125]);
  });

  it("honours a Retry-After HTTP date on a 503", async () => {
    const clock = fakeClock();
    const at = new Date(clock.now() + 7000).toUTCString();
    script = [status(503, { "Retry-After": at })];
    await testClient(server.url, clock).getInvite("x1");
    expect(clock.delays).to.deep.equal([7000]);
  });

  it("gives up at once when the server asks to wait beyond the budget", async () => {
    script = [status(429, { "Archivist-Rate-Limit-Reset": "300" })];
    const clock = fakeClock();
    const err = (await rejection(testClient(server.url, clock).getInvite("x1"))) as DataTrailsHTTPError;
    expect(err.status).to.equal(429);
    expect(err.message).to.contain("the server asked to wait 300 s, beyond the retry budget");
    expect(clock.delays).to.deep.equal([]);
    expect(server.requests).to.have.length(1);
  });

  it("stops when the retry budget is used up, with the last error", async () => {
    fallback = status(503);
    const clock = fakeClock();
    const client = testClient(server.url, clock, { random: () => 0.999, retry: { budgetMs: 5000 } });
    const err = (await rejection(client.getInvite("x1"))) as DataTrailsHTTPError;
    expect(err.status).to.equal(503);
    expect(err.message).to.contain("retry budget of 5 s used up");
    expect(clock.delays).to.deep.equal([249, 499, 999, 1998]);
    expect(server.requests).to.have.length(5);
  });

  it("stops after maxAttempts", async () => {
    fallback = status(500);
    const client = testClient(server.url, fakeClock(), { retry: { maxAttempts: 3 } });
    const err = (await rejection(client.getInvite("x1"))) as Error;
    expect(err.message).to.contain("gave up after 3 attempts");
    expect(server.requests).to.have.length(3);
  });

  it("retries a GET after the connection is reset", async () => {
    script = [(_req, res) => res.socket?.destroy()];
    const invite = await testClient(server.url).getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    expect(server.requests).to.have.length(2);
  });

  it("reports a connection failure as a DataTrailsNetworkError", async () => {
    const url = server.url;
    await server.close();
    const err = await rejection(testClient(url, fakeClock(), { retry: { maxAttempts: 2 } }).getInvite("x1"));
    expect(err).to.be.instanceOf(DataTrailsNetworkError);
    expect((err as DataTrailsNetworkError).code).to.equal("ECONNREFUSED");
    server = await startServer(() => undefined);
  });

  it("times out a request that gets no answer, and retries it", async () => {
    script = [() => undefined];
    const clock = fakeClock();
    const invite = await testClient(server.url, clock, { transport: { timeoutMs: 150 } }).getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    expect(clock.delays).to.have.length(1);
  });

  it("reports a timeout as a DataTrailsTimeoutError", async () => {
    fallback = () => undefined;
    const client = testClient(server.url, fakeClock(), {
      transport: { timeoutMs: 100 },
      retry: { maxAttempts: 1 },
    });
    const err = await rejection(client.getInvite("x1"));
    expect(err).to.be.instanceOf(DataTrailsTimeoutError);
    expect((err as Error).message).to.contain("no response within 100 ms");
  });

  it("times out a response whose body stalls", async () => {
    fallback = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"identity":');
    };
    const client = testClient(server.url, fakeClock(), {
      transport: { timeoutMs: 100 },
      retry: { maxAttempts: 1 },
    });
    expect(await rejection(client.getInvite("x1"))).to.be.instanceOf(DataTrailsTimeoutError);
  });

  it("never has more requests in flight than maxInFlight", async () => {
    fallback = (_req, res) => setTimeout(() => sendJson(res, 200, INVITE), 25);
    const client = testClient(server.url, fakeClock(), { transport: { maxInFlight: 3 } });
    await Promise.all(Array.from({ length: 12 }, () => client.getInvite("x1")));
    expect(server.requests).to.have.length(12);
    expect(server.maxConcurrent).to.equal(3);
  });

  it("reports every attempt to onAttempt", async () => {
    script = [status(503)];
    const attempts: AttemptInfo[] = [];
    await testClient(server.url, fakeClock(), { onAttempt: (a) => attempts.push(a) }).getInvite("x1");
    expect(attempts).to.deep.equal([
      {
        method: "GET",
        path: "/archivist/iam/v1/invites/x1",
        attempt: 1,
        status: 503,
        error: "DataTrailsHTTPError",
        delayMs: 125,
      },
      { method: "GET", path: "/archivist/iam/v1/invites/x1", attempt: 2 },
    ]);
  });

  it("estimates the server's clock from the Date header", async () => {
    const clock = fakeClock();
    const client = testClient(server.url, clock);
    expect(client.serverNow()).to.equal(clock.now());
    fallback = (_req, res) =>
      sendJson(res, 200, INVITE, { Date: new Date(clock.now() + 3_600_000).toUTCString() });
    await client.getInvite("x1");
    expect(client.serverNow()).to.equal(clock.now() + 3_600_000);
    clock.advance(5000);
    expect(client.serverNow()).to.equal(clock.now() + 3_600_000);
  });

  it("sends the User-Agent with package and node versions, and JSON headers", async () => {
    await testClient(server.url).getInvite("x1");
    const ua = server.requests[0].headers["user-agent"] ?? "";
    expect(ua).to.match(/^pulumi-datatrails-invites\/\d+\.\d+\.\d+\S* \(\+node \d+\.\d+\.\d+\)$/);
    expect(ua).not.to.contain("unknown");
    expect(server.requests[0].headers.accept).to.equal("application/json");
  });
});
