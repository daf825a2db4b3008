// The transport's own HTTP exchange against real servers on port 0: what it sends, what it reads, and
// that an answer cut short is a failure, never a shorter answer.
import { expect } from "chai";
import * as http from "node:http";
import { httpFetch } from "../../provider/client/http-fetch";
import type { FetchInitLike } from "../../provider/client/transport";
import { startServer, type TestServer } from "./helpers";

function init(overrides: Partial<FetchInitLike> = {}): FetchInitLike {
  return {
    method: "GET",
    headers: {},
    signal: new AbortController().signal,
    redirect: "manual",
    ...overrides,
  };
}

describe("httpFetch (the transport's HTTP exchange)", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends the method, headers and body, with its length, and reads the whole answer", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(201, "Made", { "Content-Type": "application/json", "X-Request-Id": "r-1" });
      res.end(JSON.stringify({ ok: "é".repeat(5000) }));
    });
    const body = JSON.stringify({ email: "ünï@example.com" });
    const res = await httpFetch(
      `${server.url}/archivist/iam/v1/invites?page_size=2`,
      init({
        method: "POST",
        headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
        body,
      }),
    );
    expect(res.status).to.equal(201);
    expect(res.statusText).to.equal("Made");
    expect(res.headers.get("x-request-id")).to.equal("r-1");
    expect(res.headers.get("X-REQUEST-ID")).to.equal("r-1");
    expect(res.headers.get("retry-after")).to.equal(null);
    expect(JSON.parse(await res.text())).to.deep.equal({ ok: "é".repeat(5000) });
    const [seen] = server.requests;
    expect(seen.method).to.equal("POST");
    expect(seen.path).to.equal("/archivist/iam/v1/invites");
    expect(seen.query.get("page_size")).to.equal("2");
    expect(seen.headers.authorization).to.equal("Bearer t");
    expect(seen.headers["content-length"]).to.equal(String(Buffer.byteLength(body)));
    expect(seen.body).to.equal(body);
  });

  it("does not follow a redirect, so a token never travels to another host", async () => {
    let elsewhere = 0;
    const other = await startServer((_req, res) => {
      elsewhere++;
      res.end("{}");
    });
    try {
      server = await startServer((_req, res) => {
        res.writeHead(307, { Location: `${other.url}/steal` });
        res.end();
      });
      const res = await httpFetch(`${server.url}/x`, init({ headers: { Authorization: "Bearer t" } }));
      expect(res.status).to.equal(307);
      expect(elsewhere).to.equal(0);
    } finally {
      await other.close();
    }
  });

  it("fails when the connection closes before the body is complete", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "Content-Length": "100", "Content-Type": "application/json" });
      res.write('{"identity": "invites/');
      // Flush what was written, then cut the connection mid-body.
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const failure = await httpFetch(`${server.url}/x`, init()).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure).to.be.instanceOf(Error);
  });

  it("fails with the socket's code when nothing listens", async () => {
    const idle = http.createServer();
    await new Promise<void>((resolve) => idle.listen(0, "127.0.0.1", resolve));
    const { port } = idle.address() as { port: number };
    await new Promise<void>((resolve) => idle.close(() => resolve()));
    const failure = await httpFetch(`http://127.0.0.1:${port}/x`, init()).then(
      () => undefined,
      (err: NodeJS.ErrnoException) => err,
    );
    expect(failure?.code).to.equal("ECONNREFUSED");
  });

  it("stops waiting when its signal aborts", async () => {
    server = await startServer(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = httpFetch(`${server.url}/x`, init({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 30);
    const failure = await pending.then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure?.name).to.equal("AbortError");
  });
});
