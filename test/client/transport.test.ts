/**
 * The transport's HTTP exchange against real servers on port 0, with each fetch it is used with: what
 * it sends, what it reads, that a redirect is never followed, that an answer cut short is a failure
 * (never a shorter answer), and how failures and timeouts are reported.
 */
import { expect } from "chai";
import * as http from "node:http";
import { DataTrailsNetworkError, DataTrailsTimeoutError } from "../../provider/client";
import { neverReachedServer, Transport, type FetchLike } from "../../provider/client/transport";
import { rejection } from "../helpers/assert";
import { FETCHES, startServer, type TestServer } from "./helpers";

function transport(baseUrl: string, fetch: FetchLike | undefined, maxInFlight = 8): Transport {
  return new Transport({ baseUrl, timeoutMs: 30_000, maxInFlight, userAgent: "test-agent/1", fetch });
}

for (const { name, fetch } of FETCHES) {
  describe(`transport, over ${name}`, () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it("sends the method, headers, query and body, with its length, and reads the whole answer", async () => {
      server = await startServer((_req, res) => {
        res.writeHead(201, "Made", { "Content-Type": "application/json", "X-Request-Id": "r-1" });
        res.end(JSON.stringify({ ok: "é".repeat(5000) }));
      });
      const body = JSON.stringify({ email: "ünï@example.com" });
      const res = await transport(server.url, fetch).send({
        method: "POST",
        path: "/archivist/iam/v1/invites",
        query: { page_size: 2, page_token: undefined },
        headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
        body,
      });
      expect(res.status).to.equal(201);
      expect(res.statusText).to.equal("Made");
      expect(res.headers.get("x-request-id")).to.equal("r-1");
      expect(res.headers.get("X-REQUEST-ID")).to.equal("r-1");
      expect(res.headers.get("retry-after")).to.equal(null);
      expect(JSON.parse(res.bodyText)).to.deep.equal({ ok: "é".repeat(5000) });
      const [seen] = server.requests;
      expect(seen.method).to.equal("POST");
      expect(seen.path).to.equal("/archivist/iam/v1/invites");
      expect([...seen.query.entries()]).to.deep.equal([["page_size", "2"]]);
      expect(seen.headers.authorization).to.equal("Bearer t");
      expect(seen.headers["user-agent"]).to.equal("test-agent/1");
      expect(seen.headers.accept).to.equal("application/json");
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
        const res = await transport(server.url, fetch).send({
          method: "GET",
          path: "/x",
          headers: { Authorization: "Bearer t" },
        });
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
      const err = await rejection(transport(server.url, fetch).send({ method: "GET", path: "/x" }));
      expect(err).to.be.instanceOf(DataTrailsNetworkError);
      expect(err.message).to.match(/^GET \/x failed: network error: /);
      // The server may have acted on it: not a failure that proves nothing was sent.
      expect(neverReachedServer(err)).to.equal(false);
    });

    it("says with the socket's code that nothing listens, so the request never reached a server", async () => {
      const idle = http.createServer();
      await new Promise<void>((resolve) => idle.listen(0, "127.0.0.1", resolve));
      const { port } = idle.address() as { port: number };
      await new Promise<void>((resolve) => idle.close(() => resolve()));
      const err = await rejection(
        transport(`http://127.0.0.1:${port}`, fetch).send({ method: "GET", path: "/x" }),
      );
      expect(err).to.be.instanceOf(DataTrailsNetworkError);
      expect((err as DataTrailsNetworkError).code).to.equal("ECONNREFUSED");
      expect(err.message).to.contain("ECONNREFUSED");
      expect(neverReachedServer(err)).to.equal(true);
    });

    it("gives up on a request with no answer within the timeout", async () => {
      server = await startServer(() => {
        // Never answers.
      });
      const t = new Transport({ baseUrl: server.url, timeoutMs: 50, maxInFlight: 8, userAgent: "t", fetch });
      const err = await rejection(t.send({ method: "GET", path: "/x" }));
      expect(err).to.be.instanceOf(DataTrailsTimeoutError);
      expect(err.message).to.equal("GET /x failed: no response within 50 ms (request timeout)");
    });

    it("says a request has left only once it has an in-flight slot", async () => {
      const answers: Array<() => void> = [];
      server = await startServer((_req, res) => void answers.push(() => res.end("{}")));
      const t = transport(server.url, fetch, 1);
      const sent: string[] = [];
      const first = t.send({ method: "GET", path: "/1" }, () => sent.push("1"));
      const second = t.send({ method: "GET", path: "/2" }, () => sent.push("2"));
      while (answers.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(sent).to.deep.equal(["1"]);
      answers[0]();
      await first;
      while (answers.length === 1) await new Promise((resolve) => setImmediate(resolve));
      expect(sent).to.deep.equal(["1", "2"]);
      answers[1]();
      await second;
    });
  });
}
