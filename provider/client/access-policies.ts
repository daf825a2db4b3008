/**
 * The Access Policies API: list, create, get, update (PATCH with a `mask`), delete, and the assets a
 * policy matches. Reads, the PATCH (it sets fields to given values, so repeating it ends in the same
 * policy) and the delete are retried like every idempotent request. A create is not idempotent and the
 * API has no idempotency key: it is sent again only when the service certainly did not process it (a
 * 429, or a request that never reached it); when its outcome is unknown, the error says so.
 */
import {
  checkPolicyFilter,
  checkPolicyOrder,
  createPolicyBody,
  policyPatch,
  policyUuid,
} from "./access-policy-input";
import type {
  AccessPolicyChanges,
  AccessPolicyInput,
  AccessPolicyRecord,
  AssetRecord,
  ListAccessPoliciesOptions,
  ListPolicyAssetsOptions,
} from "./access-policy-types";
import { toAccessPolicyPage, toAccessPolicyResponse, toAssetPage } from "./access-policy-wire";
import { createOutcomeUnknown } from "./create-invite";
import type { RequestContext } from "./error-body";
import { DataTrailsError, DataTrailsResponseError } from "./errors";
import { checkPageSize } from "./input";
import { paginate } from "./paging";
import type { Requester } from "./requester";
import { classifyUnprocessed, withRetries } from "./retry";
import type { TransportRequest } from "./transport";

/** The access policies collection path. */
export const ACCESS_POLICIES_PATH = "/archivist/iam/v1/access_policies";

/** The note on a create that failed after the service may have stored the policy. */
export const POLICY_MAY_HAVE_BEEN_CREATED =
  "the access policy may have been created: the request failed after it may have reached the service. " +
  "It is not sent again; list the policies with this display name before creating it again";

const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "Content-Type": "application/json" });

/** Sends the access-policy requests under {@link ACCESS_POLICIES_PATH}. */
export class AccessPolicies {
  /**
   * @param requester - Sends with the token, retries within one operation's budget.
   * @param defaultPageSize - The page size of a listing that asks for none.
   */
  constructor(
    private readonly requester: Pick<Requester, "call" | "operation" | "send">,
    private readonly defaultPageSize: number,
  ) {}

  /**
   * Every policy, all pages, lazily.
   *
   * @throws DataTrailsConfigError for a bad filter, order or page size (nothing is sent).
   */
  list(options: ListAccessPoliciesOptions = {}): AsyncIterable<AccessPolicyRecord> {
    const query = {
      page_size: checkPageSize(options.pageSize, this.defaultPageSize),
      order_by: checkPolicyOrder(options.orderBy),
      display_name: checkPolicyFilter("displayName", options.displayName),
      description: checkPolicyFilter("description", options.description),
    };
    return paginate(
      (token) =>
        this.requester.call(
          { method: "GET", path: ACCESS_POLICIES_PATH, query: { ...query, page_token: token } },
          this.requester.operation(),
          (res, ctx) => toAccessPolicyPage(ctx, res),
        ),
      `GET ${ACCESS_POLICIES_PATH}`,
    );
  }

  /**
   * Creates a policy; sent again only after a 429 or a failure to reach the service.
   *
   * @throws DataTrailsConfigError for invalid input (nothing is sent).
   * @throws DataTrailsHTTPError e.g. 400 invalid, 402 quota used up; a 5xx or a lost answer carries
   *   {@link POLICY_MAY_HAVE_BEEN_CREATED}.
   */
  async create(input: AccessPolicyInput): Promise<AccessPolicyRecord> {
    const req: TransportRequest = {
      method: "POST",
      path: ACCESS_POLICIES_PATH,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify(createPolicyBody(input)),
    };
    const ctx: RequestContext = { method: "POST", path: ACCESS_POLICIES_PATH };
    const op = this.requester.operation();
    try {
      return await withRetries(
        op.budget,
        "POST",
        ACCESS_POLICIES_PATH,
        async () => toAccessPolicyResponse(ctx, await this.requester.send(req, op)),
        classifyUnprocessed,
      );
    } catch (err) {
      if (err instanceof DataTrailsResponseError) {
        throw err.withNote(
          "the service accepted the create, so the access policy was probably created; not sending it again",
        );
      }
      throw createOutcomeUnknown(err) && err instanceof DataTrailsError
        ? err.withNote(POLICY_MAY_HAVE_BEEN_CREATED)
        : err;
    }
  }

  /**
   * One policy.
   *
   * @throws DataTrailsHTTPError 404 when it does not exist (see `isNotFound`).
   */
  get(identityOrUuid: string): Promise<AccessPolicyRecord> {
    const uuid = policyUuid(identityOrUuid, "getAccessPolicy");
    return this.one({ method: "GET", path: `${ACCESS_POLICIES_PATH}/${uuid}` });
  }

  /**
   * Changes exactly the fields given, with a `mask` naming them (so an empty value clears a field).
   *
   * @throws DataTrailsConfigError for bad changes or none at all (nothing is sent).
   * @throws DataTrailsHTTPError 404 when the policy does not exist.
   */
  update(identityOrUuid: string, changes: AccessPolicyChanges): Promise<AccessPolicyRecord> {
    const uuid = policyUuid(identityOrUuid, "updateAccessPolicy");
    const { body, mask } = policyPatch(changes);
    return this.one({
      method: "PATCH",
      path: `${ACCESS_POLICIES_PATH}/${uuid}`,
      query: { mask },
      headers: { ...JSON_HEADERS },
      body: JSON.stringify(body),
    });
  }

  /**
   * Deletes a policy.
   *
   * @throws DataTrailsHTTPError 404 when it does not exist (see `isNotFound`).
   */
  async delete(identityOrUuid: string): Promise<void> {
    const uuid = policyUuid(identityOrUuid, "deleteAccessPolicy");
    // The body ({} per the API) carries nothing: any 2xx means deleted.
    await this.requester.call(
      { method: "DELETE", path: `${ACCESS_POLICIES_PATH}/${uuid}` },
      this.requester.operation(),
      () => undefined,
    );
  }

  /**
   * The assets a policy matches, all pages, lazily.
   *
   * @throws DataTrailsConfigError for a bad identity or page size (nothing is sent).
   */
  listAssets(identityOrUuid: string, options: ListPolicyAssetsOptions = {}): AsyncIterable<AssetRecord> {
    const path = `${ACCESS_POLICIES_PATH}/${policyUuid(identityOrUuid, "listAccessPolicyAssets")}/assets`;
    const pageSize = checkPageSize(options.pageSize, this.defaultPageSize);
    return paginate(
      (token) =>
        this.requester.call(
          { method: "GET", path, query: { page_size: pageSize, page_token: token } },
          this.requester.operation(),
          (res, ctx) => toAssetPage(ctx, res),
        ),
      `GET ${path}`,
    );
  }

  private one(req: TransportRequest): Promise<AccessPolicyRecord> {
    return this.requester.call(req, this.requester.operation(), (res, ctx) =>
      toAccessPolicyResponse(ctx, res),
    );
  }
}
