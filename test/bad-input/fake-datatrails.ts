// A hand-written stand-in for DataTrails on a real port, for answers the emulator never gives:
// each test installs the routes it needs; everything else gets sane empty answers.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake received. */
export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  /** The Authorization header as sent (kept so tests can prove what was sent, never printed). */
  authorization: string | undefined;
  body: string;
}

/** What to answer. A non-string body is sent as JSON. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Answers a request, or `undefined` to leave it to the next route. */
export type FakeRoute = (req: FakeRequest) => FakeReply | undefined;

export const INVITES = "/archivist/iam/v1/invites";
export const MEMBERS = "/archivist/iam/v1/members";
export const TOKEN = "/archivist/iam/v1/appidp/token";

/** A well-formed invite on the wire. */
export function wireInvite(
  email: string,
  uuid = "0b6c3d3e-3f0a-4a8e-9a55-1f2e3d4c5b6a",
): Record<string, string> {
  return {
    identity: `invites/${uuid}`,
    email,
    message: "",
    expiry_time: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

const defaults: FakeRoute = (req) => {
  if (req.method === "GET" && req.path === MEMBERS) return { body: { members: [], page_token: "" } };
  if (req.method === "GET" && req.path === INVITES) return { body: { invites: [], next_page_token: "" } };
  return {
    status: 404,
    body: { code: 5, message: `no route for ${req.method} ${req.path}`, details: [] },
  };
};

/** A fake DataTrails server on 127.0.0.1, port 0. */
export class FakeDataTrails {
  /** Every request, in arrival order. */
  readonly requests: FakeRequest[] = [];
  private routes: FakeRoute[] = [];

  private constructor(
    private readonly server: http.Server,
    /** Base URL, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
  ) {}

  /** Starts a fake with only the default routes. */
  static async start(): Promise<FakeDataTrails> {
    const ready: { fake?: FakeDataTrails } = {};
    const server = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => ready.fake?.answer(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const fake = new FakeDataTrails(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    ready.fake = fake;
    return fake;
  }

  /** Adds a route, consulted before the ones added earlier and before the defaults. */
  on(route: FakeRoute): this {
    this.routes.unshift(route);
    return this;
  }

  /** Forgets the routes and the requests. */
  reset(): void {
    this.routes = [];
    this.requests.length = 0;
  }

  /** Requests as `"METHOD /path"`. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  /** Stops listening and drops open connections. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const request: FakeRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
    };
    this.requests.push(request);
    let reply: FakeReply | undefined;
    for (const route of this.routes) {
      reply = route(request);
      if (reply) break;
    }
    reply ??= defaults(request) as FakeReply;
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, {
      "content-type": typeof reply.body === "string" ? "text/plain" : "application/json",
      "x-request-id": `fake-${this.requests.length}`,
      ...reply.headers,
    });
    res.end(text);
  }
}
