import { createHash } from "node:crypto";
import type { FilterClause } from "./access-filter";
import { grantsFor, policyCovers, type AssetFacts, type AssetGrant, type Person } from "./access-rights";
import { AccessStore, type AccessEventKind, type StoredAsset, type StoredPolicy } from "./access-store";
import type { PolicyFields } from "./access-validation";
import { Auth, type Credentials } from "./auth";
import { Clock } from "./clock";
import { FaultInjector } from "./faults";
import { EmulatorError } from "./http";
import { writeStateFile, type PersistedState } from "./persistence";
import { RateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { bareId, normalizedInvite, Store, type StoredInvite, type StoredMember } from "./store";
import { copySwitches, type Switches } from "./switches";
import type { EmulatorTenancy } from "./tenancy";

/** What the core needs to start. */
export interface CoreOptions {
  /** Accepted app registration and static token. */
  credentials: Credentials;
  /** Seed of fault probabilities. */
  seed: number;
  /** Switches at start, and after a reset. */
  switches: Switches;
  /** State file, if persistence is on. */
  statePath?: string;
  /** Contents of the state file read at start. */
  persisted?: PersistedState;
  /** The tenancy the emulator stands in for at start, and again after a reset. */
  tenancy: EmulatorTenancy;
  /** Source of real time. @default Date.now */
  now?: () => number;
}

/** How an invite is being created: through the API (rules apply) or out of band. */
export interface CreateInviteMode {
  /** Apply `duplicatePending` and `inviteQuota`. */
  enforce: boolean;
  /** Lifetime override in seconds; defaults to the `inviteTtlSeconds` switch. */
  ttlSeconds?: number;
}

/**
 * A resource with a cap: invites (pending ones count), members (active ones count) or access policies
 * (every stored one counts).
 */
export type CapResource = "invites" | "members" | "access_policies";

/** The tenancy identity of an emulator: `tenant/<uuid>`, derived from its client id so it is stable. */
export function tenantIdentity(clientId: string): string {
  const hex = createHash("sha256").update(`tenant:${clientId}`).digest("hex");
  return `tenant/${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** All emulator state, and the operations shared by the API and the control API. */
export class EmulatorCore {
  /** Emulator time. */
  readonly clock: Clock;
  /** Invites and members. */
  readonly store = new Store();
  /** Access policies, assets and their audit events. */
  readonly access = new AccessStore();
  /** `tenant/<uuid>` of the emulated tenancy. */
  readonly tenant: string;
  /** Tokens and credentials. */
  readonly auth: Auth;
  /** Fault rules. */
  readonly faults: FaultInjector;
  /** Per-token rate limit windows. */
  readonly rateLimiter = new RateLimiter();
  /** API requests seen. */
  readonly log = new RequestLog();
  /** Current switches. */
  switches: Switches;
  /** The tenancy every accepted credential belongs to (`GET /archivist/v1/tenancies/self`). */
  tenancy: EmulatorTenancy;
  /** Set once the emulator is stopping; late handlers then neither answer nor persist. */
  stopped = false;

  /** @param options credentials, seed, start switches and the state file, if any */
  constructor(private readonly options: CoreOptions) {
    this.clock = new Clock(options.persisted?.clockOffsetMs ?? 0, options.now);
    this.tenant = tenantIdentity(options.credentials.clientId);
    this.auth = new Auth(options.credentials);
    this.faults = new FaultInjector(options.seed);
    this.switches = copySwitches(options.switches);
    this.tenancy = { ...options.tenancy };
    if (options.persisted) {
      this.store.restore(options.persisted);
      this.auth.restore(options.persisted.tokens);
      if (options.persisted.access) this.access.restore(options.persisted.access);
    }
  }

  /** Emulator time in epoch milliseconds. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Whether an invite's expiry time has been reached. */
  isExpired(invite: StoredInvite): boolean {
    return invite.expiryMs <= this.nowMs();
  }

  /** Whether the API shows an invite: always, unless it expired and `expiredInvites` is `vanish`. */
  isVisible(invite: StoredInvite): boolean {
    return this.switches.expiredInvites === "listed" || !this.isExpired(invite);
  }

  /** Invites not yet expired. */
  pendingInvites(): StoredInvite[] {
    return this.store.allInvites().filter((i) => !this.isExpired(i));
  }

  /**
   * Creates an invite, normalising its email and message first under `normalizeStored`.
   * @throws EmulatorError 409 for a duplicate pending invite under `duplicatePending: "conflict"`,
   *   402 when the invite quota is used up (both only when `mode.enforce`)
   */
  createInvite(email: string, message: string, mode: CreateInviteMode): StoredInvite {
    if (mode.enforce) {
      const pending = this.pendingInvites();
      const lower = email.toLowerCase();
      if (
        this.switches.duplicatePending === "conflict" &&
        pending.some((i) => i.email.toLowerCase() === lower)
      ) {
        throw new EmulatorError(409, `a pending invite for ${email} already exists`);
      }
      const quota = this.capLimit("invites");
      if (quota !== null && this.capUsed("invites") >= quota) {
        throw new EmulatorError(402, `the tenancy's invite quota (${quota} pending invites) is used up`);
      }
    }
    const ttl = mode.ttlSeconds ?? this.switches.inviteTtlSeconds;
    // Whole seconds, as the service reports expiry without fractions.
    const expiryMs = Math.floor((this.nowMs() + ttl * 1000) / 1000) * 1000;
    const stored = this.switches.normalizeStored ? normalizedInvite(email, message) : { email, message };
    const invite = this.store.addInvite(stored.email, stored.message, expiryMs);
    this.persist();
    return invite;
  }

  /** The cap of a resource, from its switch (`inviteQuota`, `memberQuota`); null when unlimited. */
  capLimit(resource: CapResource): number | null {
    if (resource === "access_policies") return this.switches.accessPolicyQuota;
    return resource === "invites" ? this.switches.inviteQuota : this.switches.memberQuota;
  }

  /**
   * What counts against a resource's cap: pending (non-expired) invites, or active members. The one
   * count behind both the 402 refusals and the caps route.
   */
  capUsed(resource: CapResource): number {
    if (resource === "access_policies") return this.access.allPolicies().length;
    return resource === "invites"
      ? this.pendingInvites().length
      : this.store.allMembers().filter((m) => m.active).length;
  }

  /**
   * The member with this UUID or identity.
   * @throws EmulatorError 404 when there is none
   */
  requireMember(idOrIdentity: string): StoredMember {
    const member = this.store.member(bareId(idOrIdentity));
    if (!member) throw new EmulatorError(404, `member ${idOrIdentity} not found`);
    return member;
  }

  /**
   * Deactivates or reactivates a member, for the API and the control API alike. Deactivation removes
   * every role; reactivating an inactive member restores only basic rights (no roles); reactivating an
   * active member changes nothing.
   * @param enforce apply `memberQuota` to a reactivation (the API does, the control API does not)
   * @throws EmulatorError 402 when reactivating would exceed the member cap (only when `enforce`)
   */
  setMemberActive(member: StoredMember, active: boolean, enforce: boolean): StoredMember {
    if (active && member.active) return member;
    if (active && enforce) {
      const quota = this.capLimit("members");
      if (quota !== null && this.capUsed("members") >= quota) {
        throw new EmulatorError(402, `the tenancy's member cap (${quota} active members) is reached`);
      }
    }
    member.active = active;
    member.roles = [];
    this.persist();
    return member;
  }

  /** Replaces a member's roles (already checked), duplicates dropped. */
  setMemberRoles(member: StoredMember, roles: readonly string[]): StoredMember {
    member.roles = [...new Set(roles)];
    this.persist();
    return member;
  }

  /**
   * Creates an access policy and records the audit event on every asset it covers.
   * @param enforce apply `accessPolicyQuota` (the API does)
   * @throws EmulatorError 402 when the quota is used up (only when `enforce`)
   */
  createPolicy(fields: PolicyFields, enforce: boolean): StoredPolicy {
    if (enforce) {
      const quota = this.capLimit("access_policies");
      if (quota !== null && this.capUsed("access_policies") >= quota) {
        throw new EmulatorError(402, `the tenancy's access policy quota (${quota} policies) is used up`);
      }
    }
    const policy = this.access.addPolicy(fields);
    this.recordAccessChange(policy.id, [policy.filters], "access_policy_created");
    this.persist();
    return policy;
  }

  /**
   * Replaces a policy's fields (already checked) and records the audit event on every asset it covered
   * before or covers now: every update does, whether or not anything changed.
   */
  updatePolicy(policy: StoredPolicy, fields: PolicyFields): StoredPolicy {
    const before = policy.filters;
    Object.assign(policy, fields);
    this.recordAccessChange(policy.id, [before, policy.filters], "access_policy_updated");
    this.persist();
    return policy;
  }

  // The audit event DataTrails writes on every asset whose access a policy change touches.
  private recordAccessChange(policyId: string, filterSets: FilterClause[][], kind: AccessEventKind): void {
    for (const asset of this.access.allAssets()) {
      if (filterSets.some((f) => policyCovers(f, this.assetFacts(asset)))) {
        this.access.addEvent(asset.id, policyId, kind, this.nowMs());
      }
    }
  }

  /** The non-public assets a policy's filters match, in creation order. */
  assetsCoveredBy(policy: StoredPolicy): StoredAsset[] {
    return this.access.allAssets().filter((a) => policyCovers(policy.filters, this.assetFacts(a)));
  }

  /** What a person may read and write through the stored policies, under the rights switches. */
  grantsFor(person: Person): AssetGrant[] {
    const policies = this.access
      .allPolicies()
      .map((p) => ({ filters: p.filters, permissions: p.permissions }));
    return grantsFor(
      person,
      policies,
      this.access.allAssets().map((a) => this.assetFacts(a)),
      {
        emailCaseSensitive: this.switches.emailCaseSensitive,
        noUserAttributes: this.switches.noUserAttributes,
      },
    );
  }

  private assetFacts(asset: StoredAsset): AssetFacts {
    return { identity: `assets/${asset.id}`, attributes: asset.attributes, public: asset.public };
  }

  /**
   * Empties the store, log, faults and rate windows, zeroes the clock, restores the start switches
   * and the tenancy it started as.
   */
  reset(): void {
    this.tenancy = { ...this.options.tenancy };
    this.store.clear();
    this.access.clear();
    this.log.clear();
    this.faults.reset();
    this.rateLimiter.reset();
    this.clock.offsetMs = 0;
    this.switches = copySwitches(this.options.switches);
    this.persist();
  }

  /** Writes the state file, when there is one. Called after every change. */
  persist(): void {
    if (this.options.statePath === undefined || this.stopped) return;
    writeStateFile(this.options.statePath, {
      version: 1,
      ...this.store.snapshot(),
      access: this.access.snapshot(),
      clockOffsetMs: this.clock.offsetMs,
      credentials: { ...this.auth.credentials },
      tokens: this.auth.snapshot(),
      tenancy: { ...this.tenancy },
    });
  }
}
