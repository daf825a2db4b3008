import { createHash } from "node:crypto";
import { EmulatorError } from "./http";
import type { Switches } from "./switches";

/** One page of a list, and the token of the next one (`""` on the last page). */
export interface Page<T> {
  /** Items of this page. */
  items: T[];
  /** Opaque token for the next page, `""` when there is none. */
  next: string;
}

/**
 * A short digest of what a list is filtered by, stored in its page tokens so a token cannot be replayed
 * against a different listing.
 * @param parts the list kind and every filter value
 */
export function filterFingerprint(...parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

/** Encodes an offset and a filter fingerprint as an opaque page token. */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

/**
 * Decodes a page token.
 * @returns the offset it points at
 * @throws EmulatorError 400 when the token is not one of ours or was issued for another filter
 */
export function decodePageToken(token: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw new EmulatorError(400, "page_token is not valid");
  }
  if (typeof decoded !== "object" || decoded === null)
    throw new EmulatorError(400, "page_token is not valid");
  const { o, f } = decoded as { o?: unknown; f?: unknown };
  if (typeof o !== "number" || !Number.isInteger(o) || o < 0 || typeof f !== "string") {
    throw new EmulatorError(400, "page_token is not valid");
  }
  if (f !== fingerprint) throw new EmulatorError(400, "page_token was issued for a different filter");
  return o;
}

/**
 * Reads `page_size` (the query check has made sure it is an int32): absent or 0 → the default page
 * size; larger than the cap → the cap.
 * @throws EmulatorError 400 when it is negative
 */
export function pageSize(raw: string | null, switches: Readonly<Switches>): number {
  const fallback = Math.min(switches.defaultPageSize, switches.maxPageSize);
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 0) throw new EmulatorError(400, "page_size must not be negative");
  if (size === 0) return fallback;
  return Math.min(size, switches.maxPageSize);
}

/**
 * Cuts one page out of an ordered list.
 * @param query the request's query (reads `page_size` and `page_token`)
 * @param fingerprint from {@link filterFingerprint}
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  fingerprint: string,
  switches: Readonly<Switches>,
): Page<T> {
  const size = pageSize(query.get("page_size"), switches);
  const token = query.get("page_token");
  const offset = token ? decodePageToken(token, fingerprint) : 0;
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    next: end < items.length ? encodePageToken(end, fingerprint) : "",
  };
}
