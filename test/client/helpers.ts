/**
 * Test helpers for the client: real HTTP servers on port 0, a fake clock whose sleep records the
 * requested delays without waiting, and a small in-memory invites service with fault hooks.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DataTrailsClient, type DataTrailsClientOptions, type FetchLike } from "../../provider/client";
import type { TransportResponse } from "../../provider/client/transport";

/** A request as a test server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Handles one request; may write the response or destroy the socket. */
export type Handler = (req: SeenRequest, res: http.ServerResponse) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Highest number of requests in flight at once. */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0. */
export async function startServer(handler: Handler): Promise<TestServer> {
  let inFlight = 0;
  const state: TestServer = {
    url: "",
    requests: [],
    maxConcurrent: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const seen: SeenRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      state.requests.push(seen);
      inFlight++;
      state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
      const done = (): void => {
        inFlight--;
      };
      res.on("close", done);
      Promise.resolve(handler(seen, res)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Writes a JSON response. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(text);
}

/** A clock that only moves when slept on; sleep resolves at once and records the delay. */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  delays: number[];
  advance(ms: number): void;
}

/** A fake clock starting at 2025-01-01T00:00:00Z. */
export function fakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let t = start;
  const delays: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      delays.push(ms);
      t += ms;
    },
    delays,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A token long enough to be registered as a secret. */
export const TEST_TOKEN = "tok_static_0123456789abcdef";

/** A client against `url` with a static token, a fake clock and jitter fixed at 0.5. */
export function testClient(
  url: string,
  clock: FakeClock = fakeClock(),
  extra: Partial<DataTrailsClientOptions> = {},
): DataTrailsClient {
  return new DataTrailsClient({
    url,
    token: TEST_TOKEN,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...extra,
  });
}

/** A stored invite of {@link FakeService}. */
export interface FakeInvite {
  identity: string;
  email: string;
  message: string;
  expiry_time: string;
}

/** What the fake service does to the next POST (consumed one per POST). */
export type CreateFault =
  | "reset-after" // stored, then the socket is destroyed
  | "reset-before" // socket destroyed, nothing stored
  | "500-after" // stored, then 500
  | "500-before" // 500, nothing stored
  | "429" // 429 with Archivist-Rate-Limit-Reset: 2
  | "malformed" // stored, then 200 with truncated JSON
  | "hang-after"; // stored, never answers (client timeout)

/** An in-memory invites service with scripted create faults. */
export interface FakeService extends TestServer {
  invites: FakeInvite[];
  createFaults: CreateFault[];
  /** Number of POSTs that stored an invite. */
  stored: number;
}

/** Starts {@link FakeService} under `prefix`. */
export async function startFakeService(
  prefix = "/archivist/iam/v1/invites",
  pageSize = 2,
): Promise<FakeService> {
  const invites: FakeInvite[] = [];
  const createFaults: CreateFault[] = [];
  let stored = 0;
  const server = await startServer((req, res) => {
    if (req.path === prefix && req.method === "GET") {
      const email = req.query.get("email");
      const matching = invites.filter((i) => !email || i.email === email);
      const size = Math.min(pageSize, Number(req.query.get("page_size") || pageSize));
      const start = Number(req.query.get("page_token") || 0);
      const next = start + size < matching.length ? String(start + size) : "";
      sendJson(res, 200, { invites: matching.slice(start, start + size), next_page_token: next });
      return;
    }
    if (req.path === prefix && req.method === "POST") {
      const fault = createFaults.shift();
      if (fault === "reset-before") {
        res.socket?.destroy();
        return;
      }
      if (fault === "500-before") {
        sendJson(res, 500, { code: 13, message: "storage error" });
        return;
      }
      if (fault === "429") {
        sendJson(res, 429, { code: 8, message: "slow down" }, { "Archivist-Rate-Limit-Reset": "2" });
        return;
      }
      const input = JSON.parse(req.body) as { email: string; message?: string };
      const invite: FakeInvite = {
        identity: `invites/${randomUUID()}`,
        email: input.email,
        message: input.message ?? "",
        expiry_time: "2025-01-11T00:00:00Z",
      };
      invites.push(invite);
      stored++;
      service.stored = stored;
      if (fault === "reset-after") {
        res.socket?.destroy();
      } else if (fault === "500-after") {
        sendJson(res, 500, { code: 13, message: "storage error" });
      } else if (fault === "malformed") {
        sendJson(res, 200, JSON.stringify(invite).slice(0, 20));
      } else if (fault === "hang-after") {
        // Never answer: the client's timeout fires.
      } else {
        sendJson(res, 200, invite);
      }
      return;
    }
    const m = req.path.startsWith(`${prefix}/`) ? req.path.slice(prefix.length + 1) : undefined;
    if (m !== undefined) {
      const idx = invites.findIndex((i) => i.identity === `invites/${m}`);
      if (idx < 0) {
        sendJson(res, 404, { code: 5, message: "invite not found" });
      } else if (req.method === "GET") {
        sendJson(res, 200, invites[idx]);
      } else if (req.method === "DELETE") {
        invites.splice(idx, 1);
        sendJson(res, 200, {});
      }
      return;
    }
    sendJson(res, 404, { code: 5, message: "no route" });
  });
  const service = Object.assign(server, { invites, createFaults, stored });
  return service;
}

/** Where a running emulator is and which app registration it accepts. */
export interface EmulatorEndpoint {
  url: string;
  clientId: string;
  clientSecret: string;
}

/**
 * A client of a running emulator with client credentials, a fake clock (its sleeps record the
 * requested delays without waiting) and fixed jitter; `extra` overrides any option.
 */
export function emulatorClient(
  emu: EmulatorEndpoint,
  extra: Partial<DataTrailsClientOptions> = {},
): DataTrailsClient {
  const clock = fakeClock(Date.now());
  return new DataTrailsClient({
    url: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...extra,
  });
}

/**
 * The fetches the transport is tested with: its default (node-fetch) and Node's global fetch, which
 * the `fetch` option accepts.
 */
export const FETCHES: ReadonlyArray<{ name: string; fetch: FetchLike | undefined }> = [
  { name: "node-fetch (the default)", fetch: undefined },
  { name: "Node's global fetch", fetch: globalThis.fetch },
];

/** A 200 answer carrying `body` (JSON unless a string) and an `x-request-id`, for the wire parsers. */
export function okResponse(body: unknown, requestId: string): TransportResponse {
  return {
    status: 200,
    statusText: "OK",
    headers: { get: (name) => (name.toLowerCase() === "x-request-id" ? requestId : null) },
    bodyText: typeof body === "string" ? body : JSON.stringify(body),
  };
}
