/**
 * `DataTrailsClient`: the typed DataTrails invites and members API. The work is done by the layers
 * below: requester.ts (token, rate-limit hold, retries), invite-paths.ts (the invites prefix and its
 * fallback), create-invite.ts (exactly-once creation), member-writes.ts (roles, activation), caps.ts
 * (quotas), input.ts (argument checks).
 */
import { AccessPolicies } from "./access-policies";
import type {
  AccessPolicyChanges,
  AccessPolicyInput,
  AccessPolicyRecord,
  AssetRecord,
  ListAccessPoliciesOptions,
  ListPolicyAssetsOptions,
} from "./access-policy-types";
import { readCaps } from "./caps";
import { createExactlyOnce, type CreateInviteDeps } from "./create-invite";
import {
  checkCreateInput,
  checkEmailFilter,
  checkMemberEmail,
  checkMemberState,
  checkPageSize,
  emailKey,
  inviteUuid,
} from "./input";
import { InvitePaths } from "./invite-paths";
import { MemberWrites } from "./member-writes";
import { normalizeClientOptions } from "./normalize-options";
import type { DataTrailsClientOptions, NormalizedClientOptions } from "./options";
import { paginate } from "./paging";
import { Requester, type Operation } from "./requester";
import { readSelfTenancy, type Tenancy } from "./tenancies";
import type {
  Cap,
  CapService,
  CreateInviteInput,
  CreateInviteOptions,
  InviteRecord,
  ListInvitesOptions,
  ListMembersOptions,
  MemberRecord,
} from "./types";
import { parseJsonObject, toInvite, toMemberPage } from "./wire";

/**
 * A DataTrails API client for invites and members.
 *
 * Safe requests (GET, DELETE, list pages, and the idempotent member changes) are retried on 429,
 * 5xx (but 501), network errors and timeouts within a time budget. `createInvite` is never sent
 * twice for one invite: see its docs.
 */
export class DataTrailsClient {
  private readonly opts: NormalizedClientOptions;
  private readonly requester: Requester;
  private readonly paths: InvitePaths;
  private readonly createDeps: CreateInviteDeps;
  private readonly memberWrites: MemberWrites;
  private readonly accessPolicies: AccessPolicies;

  /**
   * @param options - URL, credentials and tuning; checked at once.
   * @throws DataTrailsConfigError for malformed options (nothing is sent).
   */
  constructor(options: DataTrailsClientOptions) {
    this.opts = normalizeClientOptions(options);
    const { endpoints, logger } = this.opts;
    this.requester = new Requester(this.opts);
    this.paths = new InvitePaths(
      this.requester,
      endpoints.invitesPrefix,
      endpoints.invitesPrefixFallback,
      logger,
    );
    this.createDeps = {
      send: (req, op, sent) => this.requester.send(req, op, sent),
      invitesFor: (email, op) => this.invitesFor(email, op),
      paths: this.paths,
      now: this.opts.now,
      sleep: this.opts.sleep,
      retry: this.opts.retry,
      timeoutMs: this.opts.transport.timeoutMs,
      logger,
    };
    this.memberWrites = new MemberWrites(this.requester, endpoints.membersPath);
    this.accessPolicies = new AccessPolicies(this.requester, this.opts.paging.pageSize);
  }

  /** The invites collection path in use (the fallback once a 404 has switched to it). */
  get invitesPrefix(): string {
    return this.paths.prefix;
  }

  /**
   * The service's current time (epoch ms), estimated as the local clock (`now` option) plus the
   * offset seen in the latest `Date` response header; the local time until a response has been
   * seen. Use it to compare with server-set times such as {@link InviteRecord.expiryTime}.
   */
  serverNow(): number {
    return this.requester.serverNow();
  }

  /**
   * Creates an invite (the service emails the invitee), exactly once: the API has no idempotency
   * key, so a create whose outcome is unknown is looked for in the listing before it is ever sent
   * again. The full contract is at the top of create-invite.ts. If even the listing fails, the
   * thrown error says the outcome is unknown.
   *
   * @param input - Email (at most 128 characters) and optional message (at most 256).
   * @param options - What the caller already knows of the invites for this email.
   * @returns The created invite.
   * @throws DataTrailsConfigError for invalid input (nothing is sent).
   * @throws DataTrailsHTTPError e.g. 400 invalid, 402 quota used up, 403 not an administrator, 409 duplicate.
   */
  async createInvite(input: CreateInviteInput, options: CreateInviteOptions = {}): Promise<InviteRecord> {
    const body = checkCreateInput(input);
    return createExactlyOnce(this.createDeps, body, options, this.requester.operation());
  }

  /**
   * Reads one invite.
   *
   * @param identityOrUuid - `invites/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async getInvite(identityOrUuid: string): Promise<InviteRecord> {
    const uuid = inviteUuid(identityOrUuid);
    const op = this.requester.operation();
    return this.paths.item(uuid, op, (path) =>
      this.requester.call({ method: "GET", path }, op, (res, ctx) =>
        toInvite(ctx, res, parseJsonObject(ctx, res)),
      ),
    );
  }

  /**
   * Lists invites, all pages, lazily (a page is fetched when the previous one is consumed).
   *
   * @param options - Email filter and page size.
   */
  listInvites(options: ListInvitesOptions = {}): AsyncIterable<InviteRecord> {
    const pageSize = checkPageSize(options.pageSize, this.opts.paging.pageSize);
    const email = checkEmailFilter(options.email);
    return paginate(
      (token) => this.paths.page({ email, pageSize, token }, this.requester.operation()),
      `GET ${this.paths.prefix}`,
    );
  }

  /**
   * Deletes (revokes) an invite.
   *
   * @param identityOrUuid - `invites/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async deleteInvite(identityOrUuid: string): Promise<void> {
    const uuid = inviteUuid(identityOrUuid);
    const op = this.requester.operation();
    // The body ({} per the API) carries nothing: any 2xx means deleted.
    await this.paths.item(uuid, op, (path) =>
      this.requester.call({ method: "DELETE", path }, op, () => undefined),
    );
  }

  /**
   * Lists tenancy members, all pages, lazily.
   *
   * @param options - Member state (default `MEMBER_STATE_BOTH`) and page size.
   */
  listMembers(options: ListMembersOptions = {}): AsyncIterable<MemberRecord> {
    const pageSize = checkPageSize(options.pageSize, this.opts.paging.pageSize);
    const memberState = checkMemberState(options.memberState);
    const path = this.opts.endpoints.membersPath;
    return paginate(
      (token) =>
        this.requester.call(
          {
            method: "GET",
            path,
            query: { page_size: pageSize, page_token: token, member_state: memberState },
          },
          this.requester.operation(),
          (res, ctx) => toMemberPage(ctx, res),
        ),
      `GET ${path}`,
    );
  }

  /**
   * Finds the member with this email (case-insensitive), active or not; an active member wins when
   * both exist.
   *
   * @param email - Email address.
   * @returns The member, or `undefined` when no member has this email.
   */
  async findMemberByEmail(email: string): Promise<MemberRecord | undefined> {
    const key = emailKey(checkMemberEmail(email));
    let inactive: MemberRecord | undefined;
    for await (const member of this.listMembers({ memberState: "MEMBER_STATE_BOTH" })) {
      if (emailKey(member.email) === key) {
        if (member.active) {
          return member;
        }
        inactive ??= member;
      }
    }
    return inactive;
  }

  /**
   * PATCH /archivist/iam/v1/members/{uuid}?mask=roles with {roles}; returns the member.
   *
   * @param identityOrUuid - `members/<uuid>` or the bare uuid.
   * @param roles - The member's new roles, e.g. `["OWNER"]` or `[]`.
   * @throws DataTrailsConfigError for a bad identity or roles (nothing is sent).
   * @throws DataTrailsHTTPError e.g. 400 unknown role, 404 no such member, or the refusal of a member demoting itself.
   */
  async updateMemberRoles(identityOrUuid: string, roles: readonly string[]): Promise<MemberRecord> {
    return this.memberWrites.updateRoles(identityOrUuid, roles);
  }

  /**
   * POST /archivist/iam/v1/members/{uuid}:activate; returns the member (with basic rights only).
   *
   * @param identityOrUuid - `members/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when the member does not exist (see {@link isNotFound}).
   */
  async activateMember(identityOrUuid: string): Promise<MemberRecord> {
    return this.memberWrites.setActive(identityOrUuid, true);
  }

  /**
   * POST /archivist/iam/v1/members/{uuid}:deactivate; returns the member (its roles removed).
   *
   * @param identityOrUuid - `members/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when missing, or the refusal of a member deactivating itself.
   */
  async deactivateMember(identityOrUuid: string): Promise<MemberRecord> {
    return this.memberWrites.setActive(identityOrUuid, false);
  }

  /**
   * GET /archivist/v1/caps?service=<service>; counts parsed to numbers (strings or numbers accepted).
   *
   * @returns The service's caps; empty when it has none.
   * @throws DataTrailsConfigError for another service (nothing is sent).
   */
  async getCaps(service: CapService): Promise<Cap[]> {
    return readCaps(this.requester, this.opts.endpoints.capsPath, service);
  }

  /**
   * GET /archivist/v1/tenancies/self: the tenancy these credentials act on.
   *
   * @returns Its identity (`tenant/<uuid>`) and display name.
   * @throws DataTrailsHTTPError e.g. 403 when the credentials are not an administrator's.
   */
  async getSelfTenancy(): Promise<Tenancy> {
    return readSelfTenancy(this.requester);
  }

  /**
   * Lists access policies, all pages, lazily.
   *
   * @param options - Display name and description filters (exact), order and page size.
   */
  listAccessPolicies(options: ListAccessPoliciesOptions = {}): AsyncIterable<AccessPolicyRecord> {
    return this.accessPolicies.list(options);
  }

  /**
   * Creates an access policy (the service records an event on every asset it matches). Sent again
   * only after a 429 or a failure to reach the service; an unknown outcome is thrown saying so.
   *
   * @throws DataTrailsConfigError for invalid input (nothing is sent).
   * @throws DataTrailsHTTPError e.g. 400 invalid, 402 quota used up (see `getCaps("access_policies")`).
   */
  async createAccessPolicy(input: AccessPolicyInput): Promise<AccessPolicyRecord> {
    return this.accessPolicies.create(input);
  }

  /**
   * Reads one access policy.
   *
   * @param identityOrUuid - `access_policies/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async getAccessPolicy(identityOrUuid: string): Promise<AccessPolicyRecord> {
    return this.accessPolicies.get(identityOrUuid);
  }

  /**
   * PATCH of an access policy changing exactly the fields given, named in the `mask` (an empty value
   * clears its field; arrays are replaced whole). Every update records an event on every asset the
   * policy matches: send one only when something changed.
   *
   * @param identityOrUuid - `access_policies/<uuid>` or the bare uuid.
   * @throws DataTrailsConfigError for bad changes or none (nothing is sent).
   * @throws DataTrailsHTTPError 404 when it does not exist.
   */
  async updateAccessPolicy(
    identityOrUuid: string,
    changes: AccessPolicyChanges,
  ): Promise<AccessPolicyRecord> {
    return this.accessPolicies.update(identityOrUuid, changes);
  }

  /**
   * Deletes an access policy.
   *
   * @param identityOrUuid - `access_policies/<uuid>` or the bare uuid.
   * @throws DataTrailsHTTPError 404 when it does not exist (see {@link isNotFound}).
   */
  async deleteAccessPolicy(identityOrUuid: string): Promise<void> {
    return this.accessPolicies.delete(identityOrUuid);
  }

  /**
   * Lists the assets an access policy matches, all pages, lazily.
   *
   * @param identityOrUuid - `access_policies/<uuid>` or the bare uuid.
   */
  listAccessPolicyAssets(
    identityOrUuid: string,
    options: ListPolicyAssetsOptions = {},
  ): AsyncIterable<AssetRecord> {
    return this.accessPolicies.listAssets(identityOrUuid, options);
  }

  /** Closes idle keep-alive connections, e.g. before the process exits. */
  close(): void {
    this.requester.close();
  }

  /** Every invite listed for `email` (the filter is applied again locally, case-insensitively). */
  private async invitesFor(email: string, op: Operation): Promise<InviteRecord[]> {
    const key = emailKey(email);
    const out: InviteRecord[] = [];
    const items = paginate(
      (token) => this.paths.page({ email, pageSize: this.opts.paging.pageSize, token }, op),
      `GET ${this.paths.prefix}`,
    );
    for await (const invite of items) {
      if (emailKey(invite.email) === key) {
        out.push(invite);
      }
    }
    return out;
  }
}
