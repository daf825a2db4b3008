import { authorize, type ApiRoute } from "./api-route";
import { CAPS_PATH, getCaps } from "./caps";
import type { EmulatorCore } from "./core";
import { EmulatorError, parseJsonObject } from "./http";
import { listMembers, patchMember, setMemberActive } from "./member-api";
import { filterFingerprint, paginate } from "./paging";
import { wireInvite } from "./store";
import { PAGING_QUERY } from "./query";
import { checkCreateInvite, isUuid } from "./validation";
import { getSelfTenancy, TENANCY_SELF_PATH } from "./tenancy";
import { ACCESS_POLICIES_PATH, matchAccessPolicyRoute } from "./access-policy-api";

export type { ApiRequest, ApiRoute } from "./api-route";
export { CAPS_PATH } from "./caps";
export { MEMBER_STATES } from "./member-api";
export { ACCESS_POLICIES_PATH, POLICY_ASSET_ORDERS, POLICY_ORDERS } from "./access-policy-api";

/** Invite collection path of each prefix switch. */
export const INVITE_PREFIXES = {
  iam: "/archivist/iam/v1/invites",
  v1: "/archivist/v1/invites",
} as const;

/** Members collection path. */
export const MEMBERS_PATH = "/archivist/iam/v1/members";

/** Token endpoint path. */
export const TOKEN_PATH = "/archivist/iam/v1/appidp/token";

function visibleInvite(core: EmulatorCore, id: string) {
  const invite = isUuid(id) ? core.store.invite(id) : undefined;
  return invite && core.isVisible(invite) ? invite : undefined;
}

const createInvite: ApiRoute = {
  key: "POST /invites",
  query: {},
  handle(core, request) {
    authorize(core, request);
    const input = checkCreateInvite(parseJsonObject(request.body));
    const invite = core.createInvite(input.email, input.message, { enforce: true });
    return { status: 200, body: wireInvite(invite) };
  },
};

/** The `order_by` values of the invite list (the Invites file's enum; the emulator lists in creation order). */
export const INVITE_ORDERS = ["DEFAULT", "DISPLAY_NAME"] as const;

const listInvites: ApiRoute = {
  key: "GET /invites",
  query: { ...PAGING_QUERY, order_by: { type: "enum", values: INVITE_ORDERS }, email: { type: "string" } },
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
    query: {},
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
    query: {},
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

const issueToken: ApiRoute = {
  key: "POST /token",
  query: {},
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

// `{uuid}` answers PATCH; `{uuid}:activate` and `{uuid}:deactivate` answer POST.
function matchMemberRoute(method: string, segment: string): ApiRoute | undefined {
  const decoded = safeDecode(segment);
  if (decoded === undefined || decoded.includes("/")) return undefined;
  const colon = decoded.indexOf(":");
  const id = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const action = colon >= 0 ? decoded.slice(colon + 1) : undefined;
  if (action === undefined) return method === "PATCH" ? patchMember(id) : undefined;
  if (method !== "POST") return undefined;
  if (action === "activate") return setMemberActive(id, true);
  if (action === "deactivate") return setMemberActive(id, false);
  return undefined;
}

/**
 * Finds the API route of a request, honouring the `prefixes` switch.
 * @param path the request path without query, one trailing slash tolerated
 */
export function matchApiRoute(method: string, path: string, core: EmulatorCore): ApiRoute | undefined {
  const clean = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (clean === TOKEN_PATH) return method === "POST" ? issueToken : undefined;
  if (clean === MEMBERS_PATH) return method === "GET" ? listMembers : undefined;
  if (clean.startsWith(`${MEMBERS_PATH}/`))
    return matchMemberRoute(method, clean.slice(MEMBERS_PATH.length + 1));
  if (clean === CAPS_PATH) return method === "GET" ? getCaps : undefined;
  if (clean === TENANCY_SELF_PATH) return method === "GET" ? getSelfTenancy : undefined;
  if (clean === ACCESS_POLICIES_PATH || clean.startsWith(`${ACCESS_POLICIES_PATH}/`)) {
    const rest = safeDecode(clean.slice(ACCESS_POLICIES_PATH.length));
    return rest === undefined ? undefined : matchAccessPolicyRoute(method, rest);
  }
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
