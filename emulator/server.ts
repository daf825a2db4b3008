import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { matchApiRoute } from "./api";
import { answer } from "./api-route";
import { REAL_TIMERS, type EmulatorTimers } from "./clock";
import type { Controller } from "./control";
import { handleControl } from "./control-routes";
import type { EmulatorCore } from "./core";
import type { FaultKind } from "./faults";
import { EmulatorError, isLoopback, readBody, statusBody, type Reply } from "./http";
import { rateLimitHeaders } from "./rate-limit";

/** Prefix of the control API. */
export const CONTROL_PREFIX = "/_emulator/";

/** Sleeps that `stop()` can cut short, so a latency fault never holds a stopping emulator open. */
export class Sleeper {
  private pending = new Set<() => void>();

  /** @param schedule how a delay is scheduled @default setTimeout */
  constructor(
    private readonly schedule: EmulatorTimers["schedule"] = (fn, ms) => REAL_TIMERS.schedule(fn, ms),
  ) {}

  /** Waits `ms` milliseconds, or less if {@link cancelAll} is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let cancel = (): void => undefined;
      const done = () => {
        cancel();
        this.pending.delete(done);
        resolve();
      };
      this.pending.add(done);
      cancel = this.schedule(done, ms);
    });
  }

  /** Ends every pending sleep now. */
  cancelAll(): void {
    for (const done of [...this.pending]) done();
  }
}

const HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>" +
  "<body><h1>502 Bad Gateway</h1><p>The upstream service did not answer.</p></body></html>\n";

function send(res: ServerResponse, requestId: string, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-request-id": requestId,
  });
  res.end(text);
}

/**
 * Sets `Date` from emulator time: clients estimate the server clock from it to compare with
 * `expiry_time`, so it must move when the emulator clock is advanced.
 */
function stampDate(core: EmulatorCore, res: ServerResponse): void {
  res.setHeader("date", new Date(core.nowMs()).toUTCString());
}

function errorReply(error: unknown, requestId: string): Reply {
  if (error instanceof EmulatorError) {
    return {
      status: error.status,
      body: statusBody(error.status, error.message, requestId),
      headers: error.headers,
    };
  }
  // An emulator bug: answer like a storage failure, and say why so the test log shows it.
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: statusBody(500, `emulator error: ${message}`, requestId) };
}

function faultReply(core: EmulatorCore, fault: FaultKind, requestId: string): Reply | undefined {
  if (fault.type === "status") {
    return { status: fault.status, body: statusBody(fault.status, "injected fault", requestId) };
  }
  if (fault.type === "rate-limit") {
    return {
      status: 429,
      body: statusBody(429, "rate limit exceeded (injected)", requestId),
      headers: rateLimitHeaders(fault.resetSeconds, core.switches.retryAfterHeader),
    };
  }
  return undefined;
}

async function handleApi(
  core: EmulatorCore,
  sleeper: Sleeper,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const entry = core.log.start(method, url.pathname, url.searchParams);
  const route = matchApiRoute(method, url.pathname, core);
  const fault = route ? core.faults.pick(route.key) : undefined;
  if (fault?.type === "reset-before") {
    req.socket.destroy();
    return;
  }
  const body = await readBody(req);
  if (fault?.type === "latency") await sleeper.sleep(fault.ms);
  if (core.stopped) return;
  if (fault?.type === "html") {
    entry.status = 502;
    res.writeHead(502, { "content-type": "text/html; charset=utf-8", "x-request-id": requestId });
    res.end(HTML_PAGE);
    return;
  }
  let reply = fault ? faultReply(core, fault, requestId) : undefined;
  if (!reply) {
    try {
      if (!route) throw new EmulatorError(404, `no route ${method} ${url.pathname}`);
      reply = answer(route, core, {
        query: url.searchParams,
        body,
        authorization: req.headers.authorization,
      });
    } catch (error) {
      reply = errorReply(error, requestId);
    }
  }
  if (fault?.type === "reset-after") {
    req.socket.destroy();
    return;
  }
  if (fault?.type === "malformed") {
    const text = JSON.stringify(reply.body);
    // Cut inside the JSON so every parser fails; at least one byte so the body is not just empty.
    const truncated = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    entry.status = 200;
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(truncated),
      "x-request-id": requestId,
    });
    res.end(truncated);
    return;
  }
  entry.status = reply.status;
  send(res, requestId, reply);
}

async function handleControlRequest(
  controller: Controller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const body = await readBody(req);
  let reply: Reply;
  try {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new EmulatorError(403, "the control API only answers loopback callers");
    }
    reply = handleControl(
      controller,
      req.method ?? "GET",
      url.pathname.slice(CONTROL_PREFIX.length),
      body,
      url.searchParams,
    );
  } catch (error) {
    reply = errorReply(error, requestId);
  }
  send(res, requestId, reply);
}

/** Creates the HTTP server of an emulator (not yet listening). */
export function createEmulatorServer(core: EmulatorCore, controller: Controller, sleeper: Sleeper): Server {
  return createServer((req, res) => {
    const requestId = randomUUID();
    stampDate(core, res);
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const work = url.pathname.startsWith(CONTROL_PREFIX)
      ? handleControlRequest(controller, req, res, url, requestId)
      : handleApi(core, sleeper, req, res, url, requestId);
    work.catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, requestId, errorReply(error, requestId));
    });
  });
}
