/**
 * The Tenancies API's `self` route, `GET /archivist/v1/tenancies/self`: which tenancy the client's
 * credentials act on (all tenancies share one URL, so the credentials decide). A read, retried like
 * every GET.
 */
import { responseError, type RequestContext } from "./error-body";
import type { Requester } from "./requester";
import type { TransportResponse } from "./transport";
import { parseJsonObject } from "./wire";

/** Path of the caller's own tenancy. */
export const TENANCY_SELF_PATH = "/archivist/v1/tenancies/self";

/** `tenant/<uuid>`, as DataTrails writes a tenancy's identity. */
export const TENANCY_IDENTITY =
  /^tenant\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A tenancy as the client returns it. */
export interface Tenancy {
  /** `tenant/<uuid>`. */
  identity: string;
  /** The tenancy's customer-friendly name; `""` when the service sends none. */
  displayName: string;
}

/**
 * Maps the answer of the `self` route (`v1AdminTenantResponse`) to a {@link Tenancy}.
 *
 * @throws DataTrailsResponseError when the identity is missing or not `tenant/<uuid>`, or the
 *   display name is not a string: a tenancy that cannot be told apart is no answer.
 */
export function toTenancy(ctx: RequestContext, res: TransportResponse): Tenancy {
  const wire = parseJsonObject(ctx, res);
  const { identity, display_name: name } = wire;
  if (typeof identity !== "string" || !TENANCY_IDENTITY.test(identity)) {
    throw responseError(
      ctx,
      res,
      `a tenancy without a valid identity (got ${JSON.stringify(identity ?? null)}, expected "tenant/<uuid>")`,
    );
  }
  if (name !== undefined && name !== null && typeof name !== "string") {
    throw responseError(ctx, res, `a tenancy whose display_name is ${typeof name}, not a string`);
  }
  return { identity, displayName: typeof name === "string" ? name : "" };
}

/**
 * Reads the tenancy the requester's credentials belong to.
 *
 * @param requester - Sends with the token and retries.
 * @throws DataTrailsHTTPError e.g. 403 when the credentials are not an administrator's.
 */
export function readSelfTenancy(requester: Pick<Requester, "call" | "operation">): Promise<Tenancy> {
  return requester.call({ method: "GET", path: TENANCY_SELF_PATH }, requester.operation(), (res, ctx) =>
    toTenancy(ctx, res),
  );
}
