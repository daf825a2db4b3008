// A recording HTTP proxy on 127.0.0.1, port 0, in front of one server: every request it forwards is
// recorded with its Authorization header and body, so a test can prove which credential reached it.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the proxy saw. */
export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** The Authorization header as sent, if any. */
  authorization: string | undefined;
  /** The request body (a token exchange carries the client secret in it). */
  body: string;
}

/** A running proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request seen, in arrival order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy that forwards every request to `target` (a base URL) and records it. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: body.toString("utf8"),
      });
      const upstream = http.request(
        new URL(req.url ?? "/", target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
