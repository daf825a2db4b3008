import { expect } from "chai";
import * as util from "node:util";
import {
  collect,
  DataTrailsClient,
  DataTrailsHTTPError,
  DataTrailsResponseError,
  isNotFound,
  redact,
  registerSecret,
} from "../../provider/client";
import { fakeClock, sendJson, startServer, testClient, TEST_TOKEN, type TestServer } from "./helpers";
import { rejection } from "../helpers/assert";

function allRenderings(err: unknown): string {
  const e = err as Error;
  return [
    JSON.stringify(err),
    JSON.stringify(Object.getOwnPropertyNames(e).map((k) => (e as unknown as Record<string, unknown>)[k])),
    util.inspect(err, { depth: 10, showHidden: true }),
    String(err),
    e.stack ?? "",
    String((e.cause as Error | undefined)?.stack ?? ""),
  ].join("\n");
}

describe("client: errors", () => {
  let server: TestServer;
  let reply: (res: import("node:http").ServerResponse) => void;
  beforeEach(async () => {
    server = await startServer((_req, res) => reply(res));
  });
  afterEach(() => server.close());

  it("formats method, path, status, API message and request id from details", async () => {
    reply = (res) =>
      sendJson(res, 400, {
        code: 3,
        message: "email is invalid",
        details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: "abc" }],
      });
    const err = (await rejection(testClient(server.url).getInvite("x1"))) as DataTrailsHTTPError;
    expect(err).to.be.instanceOf(DataTrailsHTTPError);
    expect(err.message).to.equal(
      "GET /archivist/iam/v1/invites/x1 failed: 400 Bad Request: email is invalid (request id abc)",
    );
    expect(err).to.include({
      status: 400,
      method: "GET",
      requestId: "abc",
      apiMessage: "email is invalid",
      apiCode: 3,
    });
    expect(err.name).to.equal("DataTrailsHTTPError");
    expect(String(err.stack)).to.match(/^DataTrailsHTTPError: GET /);
  });

  it("prefers the x-request-id header and accepts a string code", async () => {
    reply = (res) =>
      sendJson(res, 403, { code: "PERMISSION_DENIED", message: "denied" }, { "x-request-id": "hdr-1" });
    const err = (await rejection(testClient(server.url).getInvite("x1"))) as DataTrailsHTTPError;
    expect(err.apiCode).to.equal("PERMISSION_DENIED");
    expect(err.requestId).to.equal("hdr-1");
    expect(err.message).to.contain("(request id hdr-1)").and.contain("must be a tenancy administrator");
  });

  const hints: Array<[number, string]> = [
    [401, "check the credentials"],
    [402, "invite quota is used up"],
    [409, "already be pending"],
  ];
  for (const [status, hint] of hints) {
    it(`appends a fix hint to a ${status}`, async () => {
      reply = (res) => sendJson(res, status, { code: 1, message: "nope" });
      const err = (await rejection(
        testClient(server.url).createInvite({ email: "a@b.io" }),
      )) as DataTrailsHTTPError;
      expect(err.status).to.equal(status);
      expect(err.message).to.contain(hint);
    });
  }

  it("says HTML error page for an HTML error body, and truncates long text bodies", async () => {
    reply = (res) => {
      res.writeHead(418, { "Content-Type": "text/html" });
      res.end("<html><body>" + "x".repeat(5000) + "</body></html>");
    };
    const htmlErr = (await rejection(testClient(server.url).getInvite("x1"))) as DataTrailsHTTPError;
    expect(htmlErr.message).to.equal(
      "GET /archivist/iam/v1/invites/x1 failed: 418 I'm a Teapot: HTML error page",
    );
    expect(htmlErr.bodyText.length).to.be.lessThan(260);
    reply = (res) => {
      res.writeHead(418, { "Content-Type": "text/plain" });
      res.end("y".repeat(1000));
    };
    const textErr = (await rejection(testClient(server.url).getInvite("x1"))) as DataTrailsHTTPError;
    expect(textErr.message.length).to.be.lessThan(320);
  });

  it("isNotFound is true only for a 404", async () => {
    reply = (res) => sendJson(res, 404, { code: 5, message: "invite not found" });
    const client = testClient(server.url, fakeClock(), { invitesPrefixFallback: null });
    expect(isNotFound(await rejection(client.getInvite("x1")))).to.equal(true);
    expect(isNotFound(new Error("404"))).to.equal(false);
  });

  it("never reveals a token, even one echoed back by the server, in any rendering of the error", async () => {
    reply = (res) =>
      sendJson(res, 401, {
        code: 16,
        message: `token ${TEST_TOKEN} is not valid; header was Authorization: Bearer ${TEST_TOKEN}`,
        details: [{ echoed: `Bearer ${TEST_TOKEN}` }],
      });
    const err = await rejection(testClient(server.url).getInvite("x1"));
    expect(err).to.be.instanceOf(DataTrailsHTTPError);
    const text = allRenderings(err);
    expect(text).not.to.contain(TEST_TOKEN);
    expect(text).to.contain("[REDACTED]");
  });

  it("never reveals the client secret or an issued token, whatever the token endpoint answers", async () => {
    const secret = "client-secret-0f9e8d7c6b5a";
    const issued = "issued-token-aa11bb22cc33";
    let calls = 0;
    reply = (res) => {
      calls++;
      if (calls === 1) {
        sendJson(res, 200, { access_token: issued, token_type: "Bearer", expires_in: 3600 });
      } else {
        sendJson(res, 500, `oops client_secret=${secret} access_token=${issued}`);
      }
    };
    const logs: string[] = [];
    const clock = fakeClock();
    const client = new DataTrailsClient({
      url: server.url,
      clientId: "id",
      clientSecret: secret,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0,
      retry: { maxAttempts: 2 },
      logger: { warn: (m) => logs.push(m), debug: (m) => logs.push(m) },
    });
    const err = await rejection(client.getInvite("x1"));
    expect(err).to.be.instanceOf(DataTrailsHTTPError);
    const text = allRenderings(err) + logs.join("\n");
    expect(text).not.to.contain(secret);
    expect(text).not.to.contain(issued);
  });

  it("masks registered secrets and Bearer patterns in arbitrary text", () => {
    registerSecret("sekrit-value-42");
    expect(redact("a sekrit-value-42 b")).to.equal("a [REDACTED] b");
    expect(redact("Authorization: Bearer abc.def-ghi")).to.equal("Authorization: Bearer [REDACTED]");
    expect(redact('{"access_token":"zzz"}')).to.equal('{"access_token":"[REDACTED]"}');
  });
});

describe("client: unusable successful responses", () => {
  let server: TestServer;
  let reply: (res: import("node:http").ServerResponse) => void;
  beforeEach(async () => {
    server = await startServer((_req, res) => reply(res));
  });
  afterEach(() => server.close());

  const bodies: Array<[string, string, string, string]> = [
    ["an HTML page", "text/html", "<!doctype html><html>login</html>", "HTML page instead of JSON"],
    ["truncated JSON", "application/json", '{"identity": "invites/ab', "truncated or invalid JSON"],
    ["an invite without an identity", "application/json", '{"email": "a@b.io"}', "without a valid identity"],
    ["a JSON array", "application/json", "[]", "expected a JSON object"],
    ["an empty body", "application/json", "", "empty body"],
  ];
  for (const [name, type, body, phrase] of bodies) {
    it(`reports ${name} from a 200 as a DataTrailsResponseError`, async () => {
      reply = (res) => {
        res.writeHead(200, { "Content-Type": type, "x-request-id": "r-9" });
        res.end(body);
      };
      const client = testClient(server.url, fakeClock(), { retry: { maxAttempts: 2 } });
      const err = (await rejection(client.getInvite("x1"))) as DataTrailsResponseError;
      expect(err).to.be.instanceOf(DataTrailsResponseError);
      expect(err.message).to.contain(
        "GET /archivist/iam/v1/invites/x1 returned an unusable response: 200 OK",
      );
      expect(err.message).to.contain(phrase).and.contain("request id r-9");
      expect(isNotFound(err)).to.equal(false);
    });
  }

  it("retries a truncated body on a GET but not an HTML page", async () => {
    let n = 0;
    reply = (res) => {
      n++;
      sendJson(res, 200, n === 1 ? '{"identity": "inv' : { identity: "invites/x1", email: "a@b.io" });
    };
    const invite = await testClient(server.url).getInvite("x1");
    expect(invite).to.deep.equal({ identity: "invites/x1", email: "a@b.io", message: "", expiryTime: "" });
    expect(n).to.equal(2);
    n = 0;
    reply = (res) => {
      n++;
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html></html>");
    };
    await rejection(testClient(server.url).getInvite("x1"));
    expect(n).to.equal(1);
  });

  it("reports a list whose invites field is not an array", async () => {
    reply = (res) => sendJson(res, 200, { invites: { a: 1 } });
    const err = await rejection(collect(testClient(server.url).listInvites()));
    expect((err as Error).message).to.contain('"invites" is not an array');
  });
});
