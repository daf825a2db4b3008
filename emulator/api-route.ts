import type { Caller } from "./auth";
import type { EmulatorCore } from "./core";
import type { FaultRoute } from "./faults";
import { EmulatorError, type Reply, type RequestBody } from "./http";
import { checkQuery, type QuerySpec } from "./query";
import { rateLimitHeaders } from "./rate-limit";

/** What an API handler sees of a request. */
export interface ApiRequest {
  /** Query parameters. */
  query: URLSearchParams;
  /** Request body. */
  body: RequestBody;
  /** `Authorization` header, if any. */
  authorization: string | undefined;
}

/** A matched API route. */
export interface ApiRoute {
  /** The fault route it belongs to. */
  key: Exclude<FaultRoute, "*">;
  /** The query parameters the published file declares for it, checked before it is handled. */
  query: QuerySpec;
  /** Answers the request (errors are thrown as EmulatorError). */
  handle(core: EmulatorCore, request: ApiRequest): Reply;
}

/**
 * Authenticates the caller, then applies its rate limit.
 * @throws EmulatorError 401/403 from authentication, 429 beyond the rate limit
 */
export function authorize(core: EmulatorCore, request: ApiRequest): Caller {
  // Authentication comes before the rate limit: limits are per token, so an unknown caller has none.
  const caller = core.auth.authenticate(request.authorization, core.nowMs());
  const verdict = core.rateLimiter.check(caller.token, core.switches.rateLimitPerSecond, core.nowMs());
  if (!verdict.allowed) {
    throw new EmulatorError(
      429,
      "rate limit exceeded",
      rateLimitHeaders(verdict.resetSeconds, core.switches.retryAfterHeader),
    );
  }
  return caller;
}

/**
 * Answers a request on a route: its query is checked against the route's declared parameters first, as
 * a gRPC gateway parses the query before the service sees the request.
 * @throws EmulatorError 400 naming a bad query parameter, or what the route's handler throws
 */
export function answer(route: ApiRoute, core: EmulatorCore, request: ApiRequest): Reply {
  checkQuery(route.query, request.query);
  return route.handle(core, request);
}
