/**
 * The transport's default {@link FetchLike}: one request over Node's own `http`/`https` modules and the
 * transport's keep-alive agents, the whole body read as text. It does exactly what the client needs
 * and no more: no redirects are followed (so a token never travels to another host), no compression
 * is asked for, and a body cut short is a failure, never a short answer.
 *
 * It replaced node-fetch v2, whose per-request work (legacy `url.parse`, a WHATWG Headers object and
 * body streams) showed in the provider host's CPU profile (`npm run bench:profile`).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { FetchInitLike, FetchLike, FetchResponseLike, HeadersLike } from "./transport";

/** Response headers as Node gives them (lower-case names), read case-insensitively. */
class NodeHeaders implements HeadersLike {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
}

/** Reads a response body to the end; rejects when the connection closes before it is complete. */
async function readBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  // Async iteration rejects with ERR_STREAM_PREMATURE_CLOSE (or the socket's error) when the body is
  // cut short, so a truncated answer is never taken for a whole one.
  for await (const chunk of res) chunks.push(chunk as Buffer);
  if (!res.complete) {
    throw Object.assign(new Error("the connection closed before the response body was complete"), {
      code: "ECONNRESET",
    });
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Sends one request with `http.request` / `https.request` and resolves with the complete response.
 *
 * @param url - Absolute URL, query included.
 * @param init - Method, headers, body, abort signal and the agent chooser.
 */
export const httpFetch: FetchLike = (url: string, init: FetchInitLike): Promise<FetchResponseLike> => {
  const target = new URL(url);
  const send = target.protocol === "http:" ? http.request : https.request;
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(init.body));
  return new Promise<FetchResponseLike>((resolve, reject) => {
    const req = send(
      target,
      {
        method: init.method,
        headers,
        signal: init.signal,
        ...(init.agent ? { agent: init.agent(target) } : {}),
      },
      (res) => {
        readBody(res).then((text) => {
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers: new NodeHeaders(res.headers),
            text: () => Promise.resolve(text),
          });
        }, reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
};
