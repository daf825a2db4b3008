/**
 * Reading the body of a failed or unusable response, and building the error that reports it: the
 * request, the status, the API's message and request id, never more than a snippet of the body.
 */
import { DataTrailsHTTPError, DataTrailsResponseError } from "./errors";
import { isRecord } from "./is-record";
import { serverRequestedDelay } from "./retry-after";
import type { TransportResponse } from "./transport";

/** Which request a response belongs to, for error messages. */
export interface RequestContext {
  method: string;
  /** Request path, without the query. */
  path: string;
}

/** Everything useful found in an error (or unusable) response body. */
interface ErrorBodyInfo {
  /** google.rpc.Status `message`. */
  apiMessage?: string;
  /** google.rpc.Status `code`. */
  apiCode?: number | string;
  /** Request id from `details[].request_id` or the `x-request-id` header. */
  requestId?: string;
  /** Short description when there is no API message, e.g. `"HTML error page"`. */
  bodySummary?: string;
}

/** Whether a body is an HTML page (by content type or by its first character). */
export function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /text\/html/i.test(contentType ?? "") || /^\s*</.test(text);
}

function requestIdFromDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) {
    return undefined;
  }
  for (const d of details) {
    if (isRecord(d)) {
      const id = d.request_id ?? d.requestId;
      if (typeof id === "string" && id) {
        return id;
      }
    }
  }
  return undefined;
}

/**
 * Reads an error body leniently: google.rpc.Status JSON (`code` number or string), an HTML page,
 * or plain text.
 *
 * @param res - The response.
 */
function parseErrorBody(res: TransportResponse): ErrorBodyInfo {
  const text = res.bodyText;
  const headerId = res.headers.get("x-request-id") ?? undefined;
  const info: ErrorBodyInfo = { requestId: headerId || undefined };
  if (text.trim() === "") {
    return info;
  }
  if (looksLikeHtml(text, res.headers.get("content-type"))) {
    info.bodySummary = "HTML error page";
    return info;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    info.bodySummary = text.trim().replace(/\s+/g, " ");
    return info;
  }
  if (isRecord(parsed)) {
    // Some gateways nest the status as {error: {code, message}}.
    const status = isRecord(parsed.error) ? parsed.error : parsed;
    if (typeof status.message === "string" && status.message) {
      info.apiMessage = status.message;
    } else if (typeof parsed.error === "string" && parsed.error) {
      info.apiMessage = parsed.error;
    }
    if (typeof status.code === "number" || typeof status.code === "string") {
      info.apiCode = status.code;
    }
    info.requestId = info.requestId ?? requestIdFromDetails(status.details);
  }
  if (info.apiMessage === undefined) {
    info.bodySummary = text.trim().replace(/\s+/g, " ");
  }
  return info;
}

/** Builds the HTTP error for a non-2xx response; `nowMs` turns a `Retry-After` date into a delay. */
export function httpError(ctx: RequestContext, res: TransportResponse, nowMs: number): DataTrailsHTTPError {
  return new DataTrailsHTTPError({
    ...parseErrorBody(res),
    retryAfterMs: serverRequestedDelay(res.headers, nowMs),
    status: res.status,
    statusText: res.statusText,
    method: ctx.method,
    path: ctx.path,
    bodyText: res.bodyText,
  });
}

/** Builds the error for a 2xx response whose body is unusable. */
export function responseError(
  ctx: RequestContext,
  res: TransportResponse,
  problem: string,
  transient = false,
): DataTrailsResponseError {
  return new DataTrailsResponseError({
    transient,
    status: res.status,
    statusText: res.statusText,
    method: ctx.method,
    path: ctx.path,
    requestId: res.headers.get("x-request-id") || undefined,
    bodySummary: problem,
    bodyText: res.bodyText,
  });
}
