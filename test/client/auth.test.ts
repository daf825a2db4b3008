import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DataTrailsClient,
  DataTrailsConfigError,
  DataTrailsHTTPError,
  parseTokenFile,
} from "../../provider/client";
import { fakeClock, sendJson, startServer, testClient, type FakeClock, type TestServer } from "./helpers";
import { rejection } from "../helpers/assert";

const INVITE = { identity: "invites/x1", email: "a@b.io", message: "", expiry_time: "2025-01-11T00:00:00Z" };

describe("client: token file", () => {
  let dir: string;
  let server: TestServer;
  let accepted: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dt-client-"));
    accepted = "file-token-0123456789";
    server = await startServer((req, res) =>
      req.headers.authorization === `Bearer ${accepted}`
        ? sendJson(res, 200, INVITE)
        : sendJson(res, 401, { code: 16, message: "unauthenticated" }),
    );
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeToken(content: string, mode = 0o600): string {
    const file = path.join(dir, "bearer-token.txt");
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  for (const [name, content] of [
    ["a bare token", "file-token-0123456789"],
    ["a bare token with a trailing newline", "file-token-0123456789\n"],
    ["the DataTrails header line", "Authorization: Bearer file-token-0123456789\n"],
    ["a header line with odd case and spacing", "  authorization:bearer   file-token-0123456789  "],
    ["Bearer <token>", "Bearer file-token-0123456789"],
  ]) {
    it(`reads ${name}`, async () => {
      const file = writeToken(content);
      const invite = await testClient(server.url, fakeClock(), {
        token: undefined,
        tokenFile: file,
      }).getInvite("x1");
      expect(invite.identity).to.equal("invites/x1");
    });
  }

  it("rejects an empty file and a missing file, naming the path", async () => {
    const empty = writeToken("  \n");
    const emptyErr = await rejection(
      testClient(server.url, fakeClock(), { token: undefined, tokenFile: empty }).getInvite("x1"),
    );
    expect(emptyErr).to.be.instanceOf(DataTrailsConfigError);
    expect((emptyErr as Error).message)
      .to.contain(empty)
      .and.contain("empty");
    const missing = path.join(dir, "nope.txt");
    const missingErr = await rejection(
      testClient(server.url, fakeClock(), { token: undefined, tokenFile: missing }).getInvite("x1"),
    );
    expect(missingErr).to.be.instanceOf(DataTrailsConfigError);
    expect((missingErr as Error).message)
      .to.contain(missing)
      .and.contain("does not exist");
    expect(server.requests).to.have.length(0);
  });

  it("rejects a file that holds something else without quoting it", () => {
    expect(() => parseTokenFile("X-Api-Key: secretish value", "/f"))
      .to.throw(DataTrailsConfigError)
      .and.not.match(/secretish/);
  });

  it("warns once when the file is readable by group or others, and not when it is 0600", async () => {
    const warnings: string[] = [];
    const loose = writeToken("file-token-0123456789", 0o644);
    const client = testClient(server.url, fakeClock(), {
      token: undefined,
      tokenFile: loose,
      logger: { warn: (m) => warnings.push(m) },
    });
    await Promise.all([client.getInvite("x1"), client.getInvite("x1"), client.getInvite("x1")]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain(loose).and.contain("chmod 600").and.not.contain("file-token-0123456789");
    warnings.length = 0;
    const tight = writeToken("file-token-0123456789", 0o600);
    await testClient(server.url, fakeClock(), {
      token: undefined,
      tokenFile: tight,
      logger: { warn: (m) => warnings.push(m) },
    }).getInvite("x1");
    expect(warnings).to.have.length(0);
  });

  it("re-reads the file once after a 401 and uses a rotated token", async () => {
    const file = writeToken("old-token-0123456789");
    const client = testClient(server.url, fakeClock(), { token: undefined, tokenFile: file });
    // Rotate the file after the client has read it, as an external refresher would.
    await rejection(client.getInvite("x1"));
    expect(server.requests).to.have.length(1);
    writeToken("file-token-0123456789");
    const invite = await client.getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    expect(server.requests.map((r) => r.headers.authorization)).to.deep.equal([
      "Bearer old-token-0123456789",
      "Bearer old-token-0123456789",
      "Bearer file-token-0123456789",
    ]);
  });

  it("treats a 401 with a static token as final", async () => {
    accepted = "something-else-entirely";
    const err = await rejection(testClient(server.url).getInvite("x1"));
    expect(err).to.be.instanceOf(DataTrailsHTTPError);
    expect((err as DataTrailsHTTPError).status).to.equal(401);
    expect(server.requests).to.have.length(1);
  });
});

describe("client: client credentials", () => {
  let server: TestServer;
  let issued: string[];
  let valid: Set<string>;
  let expiresIn: number;
  let apiDelayMs: number;
  beforeEach(async () => {
    issued = [];
    valid = new Set();
    expiresIn = 3600;
    apiDelayMs = 0;
    server = await startServer(async (req, res) => {
      if (req.path === "/archivist/iam/v1/appidp/token") {
        const form = new URLSearchParams(req.body);
        if (
          req.headers["content-type"] !== "application/x-www-form-urlencoded" ||
          form.get("grant_type") !== "client_credentials" ||
          form.get("client_id") !== "app-id" ||
          form.get("client_secret") !== "app-secret-value"
        ) {
          sendJson(res, 401, { code: 16, message: "bad client" });
          return;
        }
        // A slow token endpoint makes concurrent callers overlap.
        await new Promise((r) => setTimeout(r, 30));
        const token = `issued-${issued.length + 1}-abcdef`;
        issued.push(token);
        valid.add(token);
        sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: expiresIn });
        return;
      }
      await new Promise((r) => setTimeout(r, apiDelayMs));
      const auth = req.headers.authorization ?? "";
      if (valid.has(auth.replace(/^Bearer /, ""))) {
        sendJson(res, 200, INVITE);
      } else {
        sendJson(res, 401, { code: 16, message: "unauthenticated" });
      }
    });
  });
  afterEach(() => server.close());

  function ccClient(clock: FakeClock = fakeClock()): DataTrailsClient {
    return testClient(server.url, clock, {
      token: undefined,
      clientId: "app-id",
      clientSecret: "app-secret-value",
    });
  }

  const tokenRequests = (): number => server.requests.filter((r) => r.path.endsWith("/appidp/token")).length;

  it("fetches one token for 20 parallel calls", async () => {
    const client = ccClient();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getInvite("x1")));
    expect(results).to.have.length(20);
    expect(tokenRequests()).to.equal(1);
    const auths = new Set(
      server.requests.filter((r) => r.method === "GET").map((r) => r.headers.authorization),
    );
    expect([...auths]).to.deep.equal(["Bearer issued-1-abcdef"]);
  });

  it("renews the token shortly before it expires, not earlier", async () => {
    const clock = fakeClock();
    const client = ccClient(clock);
    await client.getInvite("x1");
    clock.advance(3_600_000 - 60_000 - 1);
    await client.getInvite("x1");
    expect(tokenRequests()).to.equal(1);
    clock.advance(2);
    await client.getInvite("x1");
    expect(tokenRequests()).to.equal(2);
  });

  it("renews at 10% of a short lifetime", async () => {
    expiresIn = 100;
    const clock = fakeClock();
    const client = ccClient(clock);
    await client.getInvite("x1");
    clock.advance(89_000);
    await client.getInvite("x1");
    expect(tokenRequests()).to.equal(1);
    clock.advance(1_000);
    await client.getInvite("x1");
    expect(tokenRequests()).to.equal(2);
  });

  it("renews once after a 401 and retries the request once", async () => {
    const client = ccClient();
    await client.getInvite("x1");
    valid.clear(); // the server revoked every token early
    const invite = await client.getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    expect(tokenRequests()).to.equal(2);
  });

  it("renews only once for many concurrent 401s", async () => {
    const client = ccClient();
    await client.getInvite("x1");
    valid.clear();
    apiDelayMs = 20;
    await Promise.all(Array.from({ length: 10 }, () => client.getInvite("x1")));
    expect(tokenRequests()).to.equal(2);
  });

  it("gives up after one renewal when the new token is refused too", async () => {
    const client = ccClient();
    await client.getInvite("x1");
    valid.clear();
    const origAdd = valid.add.bind(valid);
    valid.add = () => valid; // new tokens are never accepted
    const err = await rejection(client.getInvite("x1"));
    valid.add = origAdd;
    expect((err as DataTrailsHTTPError).status).to.equal(401);
    expect(tokenRequests()).to.equal(2);
    expect(server.requests.filter((r) => r.method === "GET")).to.have.length(3);
  });

  it("reports wrong client credentials as a 401 of the token endpoint with a hint", async () => {
    const client = testClient(server.url, fakeClock(), {
      token: undefined,
      clientId: "app-id",
      clientSecret: "wrong-secret-x",
    });
    const err = (await rejection(client.getInvite("x1"))) as DataTrailsHTTPError;
    expect(err.message)
      .to.contain("POST /archivist/iam/v1/appidp/token failed: 401")
      .and.contain("check the credentials");
    expect(err.message).not.to.contain("wrong-secret-x");
  });
});
