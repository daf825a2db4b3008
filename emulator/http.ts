import type { IncomingMessage } from "node:http";

/** A response decided by a handler, written (or withheld, for faults) by the server. */
export interface Reply {
  /** HTTP status. */
  status: number;
  /** JSON value to send. */
  body: unknown;
  /** Extra response headers (never logged). */
  headers?: Record<string, string>;
}

/**
 * An error answered as a google.rpc.Status body. Also thrown by the in-process helpers of
 * `RunningEmulator`, with the status the control API would have answered.
 */
export class EmulatorError extends Error {
  /**
   * @param status HTTP status of the answer
   * @param message human-readable reason, sent as the Status `message`
   * @param headers extra response headers, e.g. rate-limit hints
   */
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

/** The google.rpc.Status body of every error answer. */
export interface StatusBody {
  /** gRPC numeric code, e.g. 5 for NOT_FOUND. */
  code: number;
  /** Human-readable reason. */
  message: string;
  /** Always one `google.rpc.RequestInfo` carrying the request id of the answer. */
  details: Array<{ "@type": string; request_id: string }>;
}

const GRPC_CODES: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  402: 8, // RESOURCE_EXHAUSTED: a used-up quota is an exhausted resource
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  409: 6, // ALREADY_EXISTS
  429: 8, // RESOURCE_EXHAUSTED
  500: 13, // INTERNAL
  501: 12, // UNIMPLEMENTED
  502: 14, // UNAVAILABLE
  503: 14, // UNAVAILABLE
  504: 4, // DEADLINE_EXCEEDED
};

/**
 * Maps an HTTP status to the gRPC code a grpc-gateway service would put in its Status body.
 * @returns 2 (UNKNOWN) for statuses without a usual mapping
 */
export function grpcCodeFor(status: number): number {
  return GRPC_CODES[status] ?? 2;
}

/** Builds the google.rpc.Status body of an error answer. */
export function statusBody(status: number, message: string, requestId: string): StatusBody {
  return {
    code: grpcCodeFor(status),
    message,
    details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: requestId }],
  };
}

/** Largest request body read; beyond it the request is refused. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body read in full; `tooLarge` when it exceeded {@link MAX_BODY_BYTES}. */
export interface RequestBody {
  /** The body as UTF-8 text (empty when too large). */
  text: string;
  /** Whether the body was over the limit (it was drained, not kept). */
  tooLarge: boolean;
}

/** Reads a request body, draining but not keeping anything over {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const tooLarge = size > MAX_BODY_BYTES;
      resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge });
    });
    req.on("error", reject);
  });
}

/** Whether a remote address is a loopback one (IPv4 127/8, IPv6 ::1, or IPv4-mapped 127/8). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4.startsWith("127.") || address === "::1";
}

/** Narrows an unknown value to a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses a JSON object body.
 * @throws EmulatorError 400 when the body is not JSON or not an object
 */
export function parseJsonObject(body: RequestBody): Record<string, unknown> {
  if (body.tooLarge) throw new EmulatorError(400, `request body is larger than ${MAX_BODY_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    throw new EmulatorError(400, "request body is not valid JSON");
  }
  if (!isRecord(parsed)) throw new EmulatorError(400, "request body must be a JSON object");
  return parsed;
}
