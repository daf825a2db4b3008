/**
 * The Access Policies API as published: list, create, get, PATCH, delete, and the assets a policy
 * matches, under `/archivist/iam/v1/access_policies`.
 */
import { authorize, type ApiRoute } from "./api-route";
import { wireAsset, wirePolicy, type StoredPolicy } from "./access-store";
import { applyPolicyPatch, checkCreatePolicy, parsePolicyMask } from "./access-validation";
import type { EmulatorCore } from "./core";
import { EmulatorError, parseJsonObject } from "./http";
import { filterFingerprint, paginate } from "./paging";
import { PAGING_QUERY } from "./query";
import { isUuid } from "./validation";

/** Access policies collection path. */
export const ACCESS_POLICIES_PATH = "/archivist/iam/v1/access_policies";

/** The `order_by` values of the policy list (`v1ListIAMAccessPoliciesRequestOrderBy`). */
export const POLICY_ORDERS = ["DEFAULT", "DISPLAY_NAME"] as const;

/** The `order_by` values of a policy's asset list. */
export const POLICY_ASSET_ORDERS = ["DEFAULT"] as const;

function requirePolicy(core: EmulatorCore, id: string): StoredPolicy {
  const policy = isUuid(id) ? core.access.policy(id) : undefined;
  if (!policy) throw new EmulatorError(404, `access policy ${id} not found`);
  return policy;
}

const listPolicies: ApiRoute = {
  key: "GET /access_policies",
  query: {
    ...PAGING_QUERY,
    order_by: { type: "enum", values: POLICY_ORDERS },
    display_name: { type: "string" },
    description: { type: "string" },
  },
  handle(core, request) {
    authorize(core, request);
    const order = request.query.get("order_by") ?? "DEFAULT";
    const name = request.query.get("display_name") ?? "";
    const description = request.query.get("description") ?? "";
    const matching = core.access
      .allPolicies()
      .filter(
        (p) =>
          (name === "" || p.displayName === name) && (description === "" || p.description === description),
      );
    if (order === "DISPLAY_NAME") {
      // Stable: equal names keep their creation order.
      matching.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
    }
    const fingerprint = filterFingerprint("access_policies", order, name, description);
    const page = paginate(matching, request.query, fingerprint, core.switches);
    return {
      status: 200,
      body: {
        access_policies: page.items.map((p) => wirePolicy(p, core.tenant)),
        next_page_token: page.next,
      },
    };
  },
};

const createPolicy: ApiRoute = {
  key: "POST /access_policies",
  query: {},
  handle(core, request) {
    authorize(core, request);
    const fields = checkCreatePolicy(parseJsonObject(request.body));
    return { status: 200, body: wirePolicy(core.createPolicy(fields, true), core.tenant) };
  },
};

function getPolicy(id: string): ApiRoute {
  return {
    key: "GET /access_policies/{uuid}",
    query: {},
    handle(core, request) {
      authorize(core, request);
      return { status: 200, body: wirePolicy(requirePolicy(core, id), core.tenant) };
    },
  };
}

function patchPolicy(id: string): ApiRoute {
  return {
    key: "PATCH /access_policies/{uuid}",
    query: { mask: { type: "mask" } },
    handle(core, request) {
      authorize(core, request);
      const mask = parsePolicyMask(request.query.get("mask"));
      const body = parseJsonObject(request.body);
      const policy = requirePolicy(core, id);
      const fields = applyPolicyPatch(policy, body, mask);
      return { status: 200, body: wirePolicy(core.updatePolicy(policy, fields), core.tenant) };
    },
  };
}

function deletePolicy(id: string): ApiRoute {
  return {
    key: "DELETE /access_policies/{uuid}",
    query: {},
    handle(core, request) {
      authorize(core, request);
      const policy = requirePolicy(core, id);
      core.access.deletePolicy(policy.id);
      core.persist();
      return { status: 200, body: {} };
    },
  };
}

function listPolicyAssets(id: string): ApiRoute {
  return {
    key: "GET /access_policies/{uuid}/assets",
    query: { ...PAGING_QUERY, order_by: { type: "enum", values: POLICY_ASSET_ORDERS } },
    handle(core, request) {
      authorize(core, request);
      const policy = requirePolicy(core, id);
      const fingerprint = filterFingerprint("access_policy_assets", policy.id);
      const page = paginate(core.assetsCoveredBy(policy), request.query, fingerprint, core.switches);
      return {
        status: 200,
        body: { assets: page.items.map((a) => wireAsset(a, core.tenant)), next_page_token: page.next },
      };
    },
  };
}

/**
 * The route of a request under {@link ACCESS_POLICIES_PATH}.
 * @param rest the path after the collection path: `""`, `/<uuid>` or `/<uuid>/assets`
 */
export function matchAccessPolicyRoute(method: string, rest: string): ApiRoute | undefined {
  if (rest === "") {
    if (method === "GET") return listPolicies;
    if (method === "POST") return createPolicy;
    return undefined;
  }
  const parts = rest.slice(1).split("/");
  const id = parts[0] ?? "";
  if (id === "" || parts.length > 2) return undefined;
  if (parts.length === 2) return parts[1] === "assets" && method === "GET" ? listPolicyAssets(id) : undefined;
  if (method === "GET") return getPolicy(id);
  if (method === "PATCH") return patchPolicy(id);
  if (method === "DELETE") return deletePolicy(id);
  return undefined;
}
