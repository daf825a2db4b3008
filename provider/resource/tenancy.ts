import type { DataTrailsClient, InviteRecord, Member } from "../client";
import { collect, isNotFound } from "../client";
import { statusOf } from "./outputs";

/**
 * How long lookups may reuse a listing.
 */
const TENANCY_DEFAULTS = {
  /**
   * A create reuses the tenancy's member and invite listings for this long (and keeps them current
   * with its own creates and deletes), so a deployment of N invites lists the tenancy once, not N times.
   * @default 300000
   */
  deploymentReuseMs: 300_000,
} as const;

/**
 * How fresh a lookup must be. `deployment` may reuse a listing for
 * {@link TENANCY_DEFAULTS.deploymentReuseMs}. `fresh` (refresh) shares a listing still in flight, or
 * one that finished no longer ago than it took to fetch: never staler than one listing round trip.
 */
type Freshness = "deployment" | "fresh";

/** One listing of members or invites, indexed for the lookups the provider makes. */
class Snapshot<T extends { identity: string; email: string }> {
  private readonly byIdentity = new Map<string, T>();
  private readonly byEmail = new Map<string, T[]>();

  constructor(items: readonly T[]) {
    for (const item of items) this.add(item);
  }

  withEmail(email: string): readonly T[] {
    return this.byEmail.get(email.toLowerCase()) ?? [];
  }

  withIdentity(identity: string): T | undefined {
    return this.byIdentity.get(identity);
  }

  add(item: T): void {
    this.remove(item.identity);
    this.byIdentity.set(item.identity, item);
    const key = item.email.toLowerCase();
    this.byEmail.set(key, [...(this.byEmail.get(key) ?? []), item]);
  }

  remove(identity: string): void {
    const old = this.byIdentity.get(identity);
    if (!old) return;
    this.byIdentity.delete(identity);
    const key = old.email.toLowerCase();
    this.byEmail.set(
      key,
      (this.byEmail.get(key) ?? []).filter((i) => i.identity !== identity),
    );
  }
}

interface Listing<T extends { identity: string; email: string }> {
  startedAt: number;
  completedAt?: number;
  snapshot: Promise<Snapshot<T>>;
}

/**
 * The tenancy as the provider sees it during one deployment: member and invite listings fetched once
 * and shared by every concurrent lookup, instead of one API call per resource.
 */
export class TenancyIndex {
  private members?: Listing<Member>;
  private invites?: Listing<InviteRecord>;

  /**
   * @param client - The API client.
   * @param now - The service's clock (epoch ms), which decides whether an invite has expired.
   */
  /**
   * @param now the service's clock estimate (epoch ms)
   * @param options how long a deployment reuses a listing
   * @param elapsed a monotonic clock (ms) for listing ages; injectable so tests move it by hand
   */
  constructor(
    private readonly client: DataTrailsClient,
    private readonly now: () => number,
    private readonly options: { deploymentReuseMs: number } = TENANCY_DEFAULTS,
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  /** The active member with this email (case-insensitive), if any. */
  async activeMember(email: string, freshness: Freshness): Promise<Member | undefined> {
    const members = await this.listing("members", freshness);
    return members.withEmail(email).find((m) => m.active);
  }

  /** A member by identity, whatever its state. */
  async memberByIdentity(identity: string, freshness: Freshness): Promise<Member | undefined> {
    return (await this.listing("members", freshness)).withIdentity(identity);
  }

  /** Identities of every listed invite for this email, expired ones included. */
  async inviteIdentities(email: string, freshness: Freshness): Promise<string[]> {
    return (await this.listing("invites", freshness)).withEmail(email).map((i) => i.identity);
  }

  /** Invites for this email that can still be accepted, newest expiry first. */
  async pendingInvites(email: string, freshness: Freshness): Promise<InviteRecord[]> {
    const now = this.now();
    const invites = await this.listing("invites", freshness);
    return invites
      .withEmail(email)
      .filter((i) => statusOf(i.expiryTime, now) === "pending")
      .sort((a, b) => Date.parse(b.expiryTime) - Date.parse(a.expiryTime));
  }

  /**
   * The invite with this identity, or `undefined` when DataTrails says it does not exist. Served from
   * a fresh shared listing; an invite the listing lacks is confirmed with a GET before it counts as gone.
   */
  async invite(identity: string): Promise<InviteRecord | undefined> {
    const listed = (await this.listing("invites", "fresh")).withIdentity(identity);
    if (listed) return listed;
    try {
      return await this.client.getInvite(identity);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Keeps the shared listing current after this provider created an invite. */
  recordCreated(invite: InviteRecord): void {
    void this.invites?.snapshot.then((s) => s.add(invite), ignore);
  }

  /** Keeps the shared listing current after this provider deleted an invite. */
  recordDeleted(identity: string): void {
    void this.invites?.snapshot.then((s) => s.remove(identity), ignore);
  }

  private listing(kind: "members", freshness: Freshness): Promise<Snapshot<Member>>;
  private listing(kind: "invites", freshness: Freshness): Promise<Snapshot<InviteRecord>>;
  private listing(
    kind: "members" | "invites",
    freshness: Freshness,
  ): Promise<Snapshot<Member> | Snapshot<InviteRecord>> {
    if (kind === "members") {
      if (!this.members || !this.reusable(this.members, freshness)) {
        this.members = this.fetch(
          () => this.client.listMembers(),
          (failed) => {
            if (this.members === failed) this.members = undefined;
          },
        );
      }
      return this.members.snapshot;
    }
    if (!this.invites || !this.reusable(this.invites, freshness)) {
      this.invites = this.fetch(
        () => this.client.listInvites(),
        (failed) => {
          if (this.invites === failed) this.invites = undefined;
        },
      );
    }
    return this.invites.snapshot;
  }

  private fetch<T extends { identity: string; email: string }>(
    list: () => AsyncIterable<T>,
    forget: (failed: Listing<T>) => void,
  ): Listing<T> {
    // Listing ages use a monotonic clock: the service's clock can jump.
    const listing: Listing<T> = {
      startedAt: this.elapsed(),
      snapshot: Promise.resolve(new Snapshot<T>([])),
    };
    listing.snapshot = collect(list()).then(
      (items) => {
        listing.completedAt = this.elapsed();
        return new Snapshot(items);
      },
      (err: unknown) => {
        // A failed listing must not be reused: the next lookup tries again.
        forget(listing);
        throw err;
      },
    );
    return listing;
  }

  private reusable(listing: Listing<{ identity: string; email: string }>, freshness: Freshness): boolean {
    // Lookups that arrive while a listing is in flight share it.
    if (listing.completedAt === undefined) return true;
    const age = this.elapsed() - listing.completedAt;
    if (freshness === "deployment") return age <= this.options.deploymentReuseMs;
    return age <= listing.completedAt - listing.startedAt;
  }

  /**
   * The member with this email (case-insensitive) whatever its state, an active one first; for
   * `Member`, which reactivates an inactive member rather than inviting them again.
   */
  async memberWithEmail(email: string, freshness: Freshness): Promise<Member | undefined> {
    const members = (await this.listing("members", freshness)).withEmail(email);
    return members.find((m) => m.active) ?? members[0];
  }
}

function ignore(): void {
  // The listing failed; the next lookup lists again, so there is nothing to keep current.
}
