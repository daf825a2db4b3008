import type { EmulatorCore } from "./core";
import type { FaultRoute } from "./faults";
import { EmulatorError, parseJsonObject, type Reply, type RequestBody } from "./http";
import { filterFingerprint, paginate } from "./paging";
import { rateLimitHeaders } from "./rate-limit";
import { wireInvite, wireMember } from "./store";
import { checkCreateInvite, isUuid } from "./validation";

/** Invite collection path of each prefix switch. */
export const INVITE_PREFIXES = {
  iam: "/archivist/iam/v1/invites",
  v1: "/archivist/v1/invites",
} as const;

/** Members collection path. */
export const MEMBERS_PATH = "/archivist/iam/v1/members";

/** Token endpoint path. */
export const TOKEN_PATH = "/archivist/iam/v1/appidp/token";

/** The `member_state` values of the Members API. */
export const MEMBER_STATES = [
  "MEMBER_STATE_UNSPECIFIED",
  "MEMBER_STATE_ACTIVE",
  "MEMBER_STATE_INACTIVE",
  "MEMBER_STATE_BOTH",
] as const;

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
  /** Answers the request (errors are thrown as EmulatorError). */
  handle(core: EmulatorCore, request: ApiRequest): Reply;
}

// Authentication comes before the rate limit: limits are per token, so an unknown caller has none.
function authorize(core: EmulatorCore, request: ApiRequest): void {
  const caller = core.auth.authenticate(request.authorization, core.nowMs());
  const verdict = core.rateLimiter.check(caller.token, core.switches.rateLimitPerSecond, core.nowMs());
  if (!verdict.allowed) {
    throw new EmulatorError(
      429,
      "rate limit exceeded",
      rateLimitHeaders(verdict.resetSeconds, core.switches.retryAfterHeader),
    );
  }
}

function visibleInvite(core: EmulatorCore, id: string) {
  const invite = isUuid(id) ? core.store.invite(id) : undefined;
  return invite && core.isVisible(invite) ? invite : undefined;
}

const createInvite: ApiRoute = {
  key: "POST /invites",
  handle(core, request) {
    authorize(core, request);
    const input = checkCreateInvite(parseJsonObject(request.body));
    const invite = core.createInvite(input.email, input.message, { enforce: true });
    return { status: 200, body: wireInvite(invite) };
  },
};

const listInvites: ApiRoute = {
  key: "GET /invites",
  handle(core, request) {
    authorize(core, request);
    const email = request.query.get("email") ?? "";
    const lower = email.toLowerCase();
    const matching = core.store
      .allInvites()
      .filter((i) => core.isVisible(i) && (email === "" || i.email.toLowerCase() === lower));
    const page = paginate(matching, request.query, filterFingerprint("invites", lower), core.switches);
    return { status: 200, body: { invites: page.items.map(wireInvite), next_page_token: page.next } };
  },
};

function getInvite(id: string): ApiRoute {
  return {
    key: "GET /invites/{uuid}",
    handle(core, request) {
      authorize(core, request);
      const invite = visibleInvite(core, id);
      if (!invite) throw new EmulatorError(404, `invite ${id} not found`);
      return { status: 200, body: wireInvite(invite) };
    },
  };
}

function deleteInvite(id: string): ApiRoute {
  return {
    key: "DELETE /invites/{uuid}",
    handle(core, request) {
      authorize(core, request);
      const invite = visibleInvite(core, id);
      if (!invite) {
        if (core.switches.deleteMissing === 200) return { status: 200, body: {} };
        throw new EmulatorError(404, `invite ${id} not found`);
      }
      core.store.deleteInvite(invite.id);
      core.persist();
      return { status: 200, body: {} };
    },
  };
}

const listMembers: ApiRoute = {
  key: "GET /members",
  handle(core, request) {
    authorize(core, request);
    const raw = request.query.get("member_state") || "MEMBER_STATE_UNSPECIFIED";
    const state = MEMBER_STATES.find((s) => s === raw);
    if (state === undefined)
      throw new EmulatorError(400, `member_state must be one of ${MEMBER_STATES.join(", ")}`);
    const matching = core.store.allMembers().filter((m) => {
      if (state === "MEMBER_STATE_BOTH") return true;
      if (state === "MEMBER_STATE_INACTIVE") return !m.active;
      return m.active;
    });
    const page = paginate(matching, request.query, filterFingerprint("members", state), core.switches);
    return { status: 200, body: { members: page.items.map(wireMember), page_token: page.next } };
  },
};

const issueToken: ApiRoute = {
  key: "POST /token",
  handle(core, request) {
    if (request.body.tooLarge) throw new EmulatorError(400, "request body is too large");
    const response = core.auth.issue(request.body.text, core.nowMs(), core.switches.tokenTtlSeconds);
    core.persist();
    return { status: 200, body: response };
  },
};

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Finds the API route of a request, honouring the `prefixes` switch.
 * @param path the request path without query, one trailing slash tolerated
 */
export function matchApiRoute(method: string, path: string, core: EmulatorCore): ApiRoute | undefined {
  const clean = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (clean === TOKEN_PATH) return method === "POST" ? issueToken : undefined;
  if (clean === MEMBERS_PATH) return method === "GET" ? listMembers : undefined;
  for (const [name, prefix] of Object.entries(INVITE_PREFIXES)) {
    if (!core.switches.prefixes[name as keyof typeof INVITE_PREFIXES]) continue;
    if (clean === prefix) {
      if (method === "POST") return createInvite;
      if (method === "GET") return listInvites;
      return undefined;
    }
    if (clean.startsWith(`${prefix}/`)) {
      const id = safeDecode(clean.slice(prefix.length + 1));
      if (id === undefined || id.includes("/")) return undefined;
      if (method === "GET") return getInvite(id);
      if (method === "DELETE") return deleteInvite(id);
      return undefined;
    }
  }
  return undefined;
}
