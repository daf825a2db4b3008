import { expect } from "chai";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { SchemaName } from "../../emulator/schemas";
import { grpcCodeFor, type EmulatorTimers, type RunningEmulator, type WirePermission } from "../../emulator";
import { assertSchema } from "./schemas/validator";

/** Docs prefix of the Invites API. */
export const IAM = "/archivist/iam/v1/invites";
/** OpenAPI-file prefix of the Invites API. */
export const V1 = "/archivist/v1/invites";
/** Members collection. */
export const MEMBERS = "/archivist/iam/v1/members";
/** Caps route. */
export const CAPS = "/archivist/v1/caps";
/** Token endpoint. */
export const TOKEN = "/archivist/iam/v1/appidp/token";

/** A permission as the emulator answers it when it grants nothing: every list present and empty. */
export const EMPTY_PERMISSION: Readonly<WirePermission> = Object.freeze({
  subjects: [],
  behaviours: [],
  include_attributes: [],
  asset_attributes_read: [],
  asset_attributes_write: [],
  event_arc_display_type_read: [],
  event_arc_display_type_write: [],
  user_attributes: [],
});

/** An HTTP answer, read in full. */
export interface HttpResult {
  /** Status code. */
  status: number;
  /** Response headers. */
  headers: IncomingHttpHeaders;
  /** Body text. */
  text: string;
}

/** What to send. */
export interface CallOptions {
  /** Bearer token; `null` sends no Authorization header. @default the emulator's static token */
  token?: string | null;
  /** JSON body. */
  json?: unknown;
  /** Raw body text (wins over `json`). */
  body?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/**
 * Sends one request on a fresh connection (no keep-alive, so socket faults hit only this request).
 * Rejects when the socket is reset.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<HttpResult> {
  const sent =
    body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, headers: sent, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Calls the emulator's API (or control API) with the static token unless told otherwise. */
export function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? emu.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body = options.body;
  if (body === undefined && options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] = "application/json";
  }
  return rawRequest(emu.url, method, path, body, headers);
}

/** Parses a JSON body. */
export function json<T = Record<string, unknown>>(res: HttpResult): T {
  return JSON.parse(res.text) as T;
}

/**
 * Expects a status and a body matching a project schema (or `{}` when schema is "empty"), plus the
 * `x-request-id` every answer carries.
 */
export function expectOk<T = Record<string, unknown>>(
  res: HttpResult,
  schema: SchemaName | "empty" | "any",
): T {
  expect(res.status, res.text).to.equal(200);
  expect(res.headers["x-request-id"]).to.be.a("string").and.not.equal("");
  expect(res.headers["content-type"]).to.match(/^application\/json/);
  const body = json<T>(res);
  if (schema === "empty") expect(body).to.deep.equal({});
  else if (schema !== "any") assertSchema(schema, body);
  return body;
}

/**
 * Expects an error answer: the status, a google.rpc.Status body with the matching numeric gRPC code and
 * the answer's request id in `details`.
 * @returns the Status message
 */
export function expectError(res: HttpResult, status: number, messagePattern?: RegExp): string {
  expect(res.status, res.text).to.equal(status);
  const requestId = res.headers["x-request-id"];
  expect(requestId).to.be.a("string").and.not.equal("");
  const body = json<{ code: unknown; message: string; details: Array<Record<string, unknown>> }>(res);
  assertSchema("error", body);
  expect(body.code).to.equal(grpcCodeFor(status));
  expect(body.details).to.deep.equal([
    { "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: requestId },
  ]);
  if (messagePattern) expect(body.message).to.match(messagePattern);
  return body.message;
}

/** Creates an invite through the API and returns its body (checked against the schema). */
export async function createInvite(
  emu: RunningEmulator,
  email: string,
  message?: string,
  prefix = IAM,
): Promise<{ identity: string; email: string; message: string; expiry_time: string }> {
  const res = await call(emu, "POST", prefix, {
    json: message === undefined ? { email } : { email, message },
  });
  return expectOk(res, "invite");
}

/** The UUID of an `invites/<uuid>` identity. */
export function uuidOf(identity: string): string {
  return identity.slice(identity.indexOf("/") + 1);
}

/** Emulator timers driven by the test: time moves and delays fire only when {@link FakeTimers.advance} says. */
export interface FakeTimers extends EmulatorTimers {
  /** The delays scheduled so far, in ms, in order (cancelled ones included). */
  readonly scheduled: number[];
  /** Moves time forward by `ms` and fires every delay that is then due. */
  advance(ms: number): void;
  /** Sets the time. */
  set(ms: number): void;
}

/** Fake emulator timers starting at `start` (epoch ms). */
export function fakeTimers(start = Date.UTC(2026, 0, 1)): FakeTimers {
  let t = start;
  const scheduled: number[] = [];
  let pending: Array<{ at: number; fn: () => void }> = [];
  const fireDue = (): void => {
    const due = pending.filter((p) => p.at <= t);
    pending = pending.filter((p) => p.at > t);
    for (const p of due) p.fn();
  };
  return {
    scheduled,
    now: () => t,
    schedule(fn, ms) {
      scheduled.push(ms);
      const entry = { at: t + ms, fn };
      pending.push(entry);
      return () => {
        pending = pending.filter((p) => p !== entry);
      };
    },
    advance(ms) {
      t += ms;
      fireDue();
    },
    set(ms) {
      t = ms;
      fireDue();
    },
  };
}

export { useEmulator } from "../helpers/emulator";
