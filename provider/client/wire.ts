/**
 * The DataTrails API's bodies (snake_case, as sent) and their lenient mapping to the client's
 * records, with clear errors for bodies that are not what the API promises.
 */
import { looksLikeHtml, responseError, type RequestContext } from "./error-body";
import { isRecord } from "./is-record";
import type { TransportResponse } from "./transport";
import type { Cap, InviteRecord, MemberRecord } from "./types";

/** `POST {prefix}` request body. */
export interface WireCreateInvite {
  email: string;
  /** Invitation text. */
  message?: string;
}

/**
 * Parses a 2xx body as a JSON object.
 *
 * @throws DataTrailsResponseError for an empty body, HTML, truncated or non-object JSON.
 */
export function parseJsonObject(ctx: RequestContext, res: TransportResponse): Record<string, unknown> {
  const text = res.bodyText;
  if (text.trim() === "") {
    throw responseError(ctx, res, "empty body where JSON was expected", true);
  }
  if (looksLikeHtml(text, res.headers.get("content-type"))) {
    throw responseError(ctx, res, "an HTML page instead of JSON (a proxy or gateway answered?)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw responseError(ctx, res, `truncated or invalid JSON (${text.length} bytes: ${reason})`, true);
  }
  if (!isRecord(parsed)) {
    throw responseError(
      ctx,
      res,
      `expected a JSON object, got ${Array.isArray(parsed) ? "an array" : typeof parsed}`,
    );
  }
  return parsed;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Strict identity check shared by every record: `<kind>/<non-empty id without slashes>`.
 * @internal
 */
export function validIdentity(value: unknown, kind: string): value is string {
  return typeof value === "string" && new RegExp(`^${kind}/[^/?#\\s]+$`).test(value);
}

/**
 * Maps a wire invite (`{identity, email, message, expiry_time}`) to {@link InviteRecord}; missing
 * optional fields become `""`.
 *
 * @throws DataTrailsResponseError when `identity` is missing or not `invites/<id>`.
 */
export function toInvite(ctx: RequestContext, res: TransportResponse, wire: unknown): InviteRecord {
  if (!isRecord(wire)) {
    throw responseError(ctx, res, "an invite that is not a JSON object");
  }
  if (!validIdentity(wire.identity, "invites")) {
    throw responseError(
      ctx,
      res,
      `an invite without a valid identity (got ${JSON.stringify(wire.identity ?? null)}, expected "invites/<uuid>")`,
    );
  }
  // Absent fields are tolerated (protobuf JSON leaves out empty values); present ones of the wrong
  // type mean the body is not what the API promises, and guessing would record wrong state.
  for (const field of ["email", "message", "expiry_time"] as const) {
    const value = wire[field];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw responseError(
        ctx,
        res,
        `invite ${wire.identity} has "${field}" of type ${Array.isArray(value) ? "array" : typeof value}, expected a string`,
      );
    }
  }
  return {
    identity: wire.identity,
    email: str(wire.email),
    message: str(wire.message),
    expiryTime: str(wire.expiry_time),
  };
}

/**
 * Maps a wire member (`{identity, display_name, email, active, roles}`) to {@link Member}; missing
 * optional fields get neutral values.
 *
 * @throws DataTrailsResponseError when `identity` is missing.
 */
function toMember(ctx: RequestContext, res: TransportResponse, wire: unknown): MemberRecord {
  if (!isRecord(wire) || !validIdentity(wire.identity, "members")) {
    throw responseError(ctx, res, 'a member without a valid identity (expected "members/<uuid>")');
  }
  return {
    identity: wire.identity,
    displayName: str(wire.display_name),
    email: str(wire.email),
    active: wire.active === true,
    roles: Array.isArray(wire.roles) ? wire.roles.filter((r): r is string => typeof r === "string") : [],
  };
}

/** Maps a member answer (`PATCH` of a member, `:activate`, `:deactivate`). */
export function toMemberResponse(ctx: RequestContext, res: TransportResponse): MemberRecord {
  return toMember(ctx, res, parseJsonObject(ctx, res));
}

/** One page of a listing, mapped. */
export interface Page<T> {
  items: T[];
  /** Next page's token; `""` on the last page. */
  nextToken: string;
}

function listField(
  ctx: RequestContext,
  res: TransportResponse,
  body: Record<string, unknown>,
  field: string,
): unknown[] {
  const items = body[field];
  // An empty list is often left out entirely by protobuf JSON encoders. But a body that has other
  // fields and no list at all is some other answer (a gateway's, another API's): not "no entries".
  if (items === undefined || items === null) {
    const others = Object.keys(body).filter((k) => k !== field && !/^(next_)?page_token$/.test(k));
    if (others.length > 0) {
      throw responseError(
        ctx,
        res,
        `no "${field}" list in the page (it has ${others
          .slice(0, 5)
          .map((k) => JSON.stringify(k))
          .join(", ")} instead)`,
      );
    }
    return [];
  }
  if (!Array.isArray(items)) {
    throw responseError(ctx, res, `"${field}" is not an array`);
  }
  return items;
}

/**
 * Maps one page of a listing: the list under `field`, each item by `item`, and the next page's token
 * under `nextField`.
 * @internal
 */
export function toPage<T>(
  ctx: RequestContext,
  res: TransportResponse,
  field: string,
  item: (wire: unknown) => T,
  nextField: "next_page_token" | "page_token" = "next_page_token",
): Page<T> {
  const body = parseJsonObject(ctx, res);
  return { items: listField(ctx, res, body, field).map(item), nextToken: str(body[nextField]) };
}

/** Maps `{invites, next_page_token}`. */
export function toInvitePage(ctx: RequestContext, res: TransportResponse): Page<InviteRecord> {
  return toPage(ctx, res, "invites", (w) => toInvite(ctx, res, w));
}

/** Maps `{members, page_token}`. */
export function toMemberPage(ctx: RequestContext, res: TransportResponse): Page<MemberRecord> {
  return toPage(ctx, res, "members", (w) => toMember(ctx, res, w), "page_token");
}

/**
 * Reads a cap count: an int64, which protobuf JSON writes as a decimal string, or a plain JSON
 * integer. Absent or `null` is 0, the value protobuf JSON leaves out.
 *
 * @returns The count, or `undefined` when it is not an integer (or beyond the safe integer range).
 */
export function parseCapCount(value: unknown): number | undefined {
  if (value === undefined || value === null) {
    return 0;
  }
  let n = NaN;
  if (typeof value === "number") {
    n = value;
  } else if (typeof value === "string" && /^-?\d+$/.test(value)) {
    n = Number(value);
  }
  // `+ 0` turns "-0" into 0.
  return Number.isSafeInteger(n) ? n + 0 : undefined;
}

function toCap(ctx: RequestContext, res: TransportResponse, wire: unknown, index: number): Cap {
  if (!isRecord(wire)) {
    throw responseError(ctx, res, `caps[${index}] is not a JSON object`);
  }
  const type = wire.resource_type;
  if (typeof type !== "string" || type === "") {
    throw responseError(ctx, res, `caps[${index}] has no resource_type`);
  }
  const count = (field: "resource_remaining" | "resource_cap"): number => {
    const n = parseCapCount(wire[field]);
    if (n === undefined) {
      throw responseError(
        ctx,
        res,
        `caps[${index}].${field} is ${JSON.stringify(wire[field])}, not an integer`,
      );
    }
    return n;
  };
  return { resourceType: type, remaining: count("resource_remaining"), cap: count("resource_cap") };
}

/**
 * Maps the caps route's answer `{caps: [{resource_type, resource_remaining, resource_cap}]}`.
 *
 * @throws DataTrailsResponseError for a body with other fields and no `caps` array, a cap without a
 *   `resource_type`, or a count that is not an integer.
 */
export function toCaps(ctx: RequestContext, res: TransportResponse): Cap[] {
  const body = parseJsonObject(ctx, res);
  return listField(ctx, res, body, "caps").map((wire, i) => toCap(ctx, res, wire, i));
}

/** A token from the token endpoint. */
export interface AccessToken {
  /** Bearer token. */
  token: string;
  /** Lifetime in ms, when the server said. */
  ttlMs: number | undefined;
}

/**
 * Maps the token endpoint's answer (`{access_token, token_type: "Bearer", expires_in}`, the lifetime
 * in seconds as a number or a numeric string).
 *
 * @throws DataTrailsResponseError when there is no `access_token`.
 */
export function toAccessToken(ctx: RequestContext, res: TransportResponse): AccessToken {
  const body = parseJsonObject(ctx, res);
  const token = body.access_token;
  if (typeof token !== "string" || token.trim() === "" || /\s/.test(token.trim())) {
    throw responseError(ctx, res, "a token response without a usable access_token");
  }
  const type = body.token_type;
  if (type !== undefined && (typeof type !== "string" || type.toLowerCase() !== "bearer")) {
    throw responseError(ctx, res, `token_type ${JSON.stringify(body.token_type)}, expected "Bearer"`);
  }
  const seconds = Number(body.expires_in);
  return {
    token: token.trim(),
    ttlMs:
      body.expires_in !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
  };
}
