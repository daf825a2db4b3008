import { expect } from "chai";
import * as util from "node:util";
import {
  collect,
  DataTrailsClient,
  DataTrailsHTTPError,
  DataTrailsConfigError,
  DataTrailsError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  DataTrailsTimeoutError,
  isDataTrailsError,
  isHTTPError,
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

describe("client: error guards work by name, across copies of the package", () => {
  const init = { method: "GET", path: "/archivist/iam/v1/invites/x1" };
  // A second copy of errors.ts, as a program that loads the package twice (or Pulumi's serialized
  // provider) has: its classes are not ours, so `instanceof` fails and only names can tell.
  async function otherCopy(): Promise<typeof import("../../provider/client/errors")> {
    const id = require.resolve("../../provider/client/errors");
    const ours = require.cache[id];
    delete require.cache[id];
    try {
      return await import("../../provider/client/errors");
    } finally {
      require.cache[id] = ours;
    }
  }
  class ProgramError extends DataTrailsError {
    override name = "ProgramError";
  }

  const cases: Array<[string, () => unknown, boolean, boolean]> = [
    ["a DataTrailsError", () => new DataTrailsError("x"), true, false],
    ["a config error", () => new DataTrailsConfigError("x", "url"), true, false],
    ["an HTTP error", () => new DataTrailsHTTPError({ ...init, status: 404 }), true, true],
    ["an unusable 2xx", () => new DataTrailsResponseError({ ...init, status: 200 }), true, false],
    ["a network error", () => new DataTrailsNetworkError("GET", "/", "reset"), true, false],
    ["a timeout", () => new DataTrailsTimeoutError("GET", "/", 5), true, false],
    ["a subclass defined elsewhere", () => new ProgramError("x"), true, false],
    [
      "a plain object named like an HTTP error",
      () => ({ name: "DataTrailsHTTPError", message: "m", status: 404 }),
      true,
      true,
    ],
    ["an object without a message", () => ({ name: "DataTrailsHTTPError", status: 404 }), false, false],
    ["a plain Error", () => new Error("404"), false, false],
    [
      "an Error named like ours but another class",
      () => Object.assign(new Error("x"), { name: "HTTPError" }),
      false,
      false,
    ],
    ["null", () => null, false, false],
    ["a string", () => "DataTrailsHTTPError", false, false],
  ];
  for (const [what, make, family, http] of cases) {
    it(`${what}: isDataTrailsError ${family}, isHTTPError ${http}`, () => {
      expect(isDataTrailsError(make())).to.equal(family);
      expect(isHTTPError(make())).to.equal(http);
    });
  }

  it("recognises errors made by another copy of the module, which instanceof does not", async () => {
    const copy = await otherCopy();
    const notFound = new copy.DataTrailsHTTPError({ ...init, status: 404 });
    const unusable = new copy.DataTrailsResponseError({ ...init, status: 200 });
    expect(notFound).not.to.be.instanceOf(DataTrailsHTTPError);
    expect(isDataTrailsError(notFound)).to.equal(true);
    expect(isHTTPError(notFound)).to.equal(true);
    expect(isNotFound(notFound)).to.equal(true);
    expect(isDataTrailsError(unusable)).to.equal(true);
    expect(isHTTPError(unusable)).to.equal(false);
  });

  it("keeps an unusable 2xx apart from HTTP errors: not one, and never not-found", () => {
    const err = new DataTrailsResponseError({ ...init, status: 200, bodySummary: "an HTML page" });
    expect(err).not.to.be.instanceOf(DataTrailsHTTPError);
    expect(err).to.be.instanceOf(DataTrailsError);
    expect(err.message).to.equal(`GET ${init.path} returned an unusable response: 200 OK: an HTML page`);
    expect(String(err.stack)).to.match(/^DataTrailsResponseError: GET /);
  });
});
