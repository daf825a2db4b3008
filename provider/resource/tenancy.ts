import type { DataTrailsClient, Invite, Member } from "../client";
import { isNotFound } from "../client";
import { statusOf } from "./outputs";

/**
 * How long lookups may reuse a listing.
 */
export const TENANCY_DEFAULTS = {
  /**
   * A create reuses the tenancy's member and invite listings for this long (and keeps them current
   * with its own creates and deletes), so a deployment of N invites lists the tenancy once, not N times.
   * @default 300000
   */
  deploymentReuseMs: 300_000,
} as const;

/**
 * How fresh a lookup must be: `deployment` may reuse a listing for {@link TENANCY_DEFAULTS.deploymentReuseMs};
 * `fresh` (refresh) only shares a listing still in flight, so it is never staler than one round trip.
 */
export type Freshness = "deployment" | "fresh";

interface Listing<T> {
  completedAt?: number;
  items: Promise<T[]>;
}

/**
 * The tenancy as the provider sees it during one deployment: member and invite listings fetched once
 * and shared by every concurrent lookup, instead of one API call per resource.
 */
export class TenancyIndex {
  private members?: Listing<Member>;
  private invites?: Listing<Invite>;

  /**
   * @param client - The API client.
   * @param now - The service's clock (epoch ms), which decides whether an invite has expired.
   * @param options - Reuse windows.
   * @param elapsed - A monotonic clock (ms) for listing ages; the service's clock can jump.
   */
  constructor(
    private readonly client: DataTrailsClient,
    private readonly now: () => number = Date.now,
    private readonly options: { deploymentReuseMs: number } = TENANCY_DEFAULTS,
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  /** The active member with this email (case-insensitive), if any. */
  async activeMember(email: string, freshness: Freshness): Promise<Member | undefined> {
    const wanted = email.toLowerCase();
    const members = await this.list("members", freshness);
    return members.find((m) => m.active && m.email.toLowerCase() === wanted);
  }

  /** A member by identity, whatever its state. */
  async memberByIdentity(identity: string, freshness: Freshness): Promise<Member | undefined> {
    const members = await this.list("members", freshness);
    return members.find((m) => m.identity === identity);
  }

  /** Invites for this email that can still be accepted, newest expiry first. */
  async pendingInvites(email: string, freshness: Freshness): Promise<Invite[]> {
    const wanted = email.toLowerCase();
    const now = this.now();
    const invites = await this.list("invites", freshness);
    return invites
      .filter((i) => i.email.toLowerCase() === wanted && statusOf(i.expiryTime, now) === "pending")
      .sort((a, b) => Date.parse(b.expiryTime) - Date.parse(a.expiryTime));
  }

  /**
   * The invite with this identity, or `undefined` when DataTrails says it does not exist. Served from
   * a fresh shared listing; an invite the listing lacks is confirmed with a GET before it counts as gone.
   */
  async invite(identity: string): Promise<Invite | undefined> {
    const listed = (await this.list("invites", "fresh")).find((i) => i.identity === identity);
    if (listed) return listed;
    try {
      return await this.client.getInvite(identity);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Keeps the shared listing current after this provider created an invite. */
  recordCreated(invite: Invite): void {
    this.patch("invites", (items) => [...items.filter((i) => i.identity !== invite.identity), invite]);
  }

  /** Keeps the shared listing current after this provider deleted an invite. */
  recordDeleted(identity: string): void {
    this.patch("invites", (items) => items.filter((i) => i.identity !== identity));
  }

  private patch(kind: "invites", change: (items: Invite[]) => Invite[]): void {
    const listing = this[kind];
    if (!listing) return;
    listing.items = listing.items.then(change);
  }

  private list(kind: "members", freshness: Freshness): Promise<Member[]>;
  private list(kind: "invites", freshness: Freshness): Promise<Invite[]>;
  private list(kind: "members" | "invites", freshness: Freshness): Promise<Member[] | Invite[]> {
    const current = this[kind] as Listing<Member | Invite> | undefined;
    if (current && this.reusable(current, freshness)) return current.items as Promise<Member[] | Invite[]>;
    const listing: Listing<Member | Invite> = { items: Promise.resolve([]) };
    listing.items = (
      kind === "members" ? collect(this.client.listMembers()) : collect(this.client.listInvites())
    ).then(
      (items) => {
        listing.completedAt = this.elapsed();
        return items;
      },
      (err: unknown) => {
        // A failed listing must not be reused: the next lookup tries again.
        if (this[kind] === listing) this[kind] = undefined;
        throw err;
      },
    );
    if (kind === "members") this.members = listing as Listing<Member>;
    else this.invites = listing as Listing<Invite>;
    return listing.items as Promise<Member[] | Invite[]>;
  }

  private reusable(listing: Listing<unknown>, freshness: Freshness): boolean {
    // Lookups that arrive while a listing is in flight share it: at most one round trip stale.
    if (listing.completedAt === undefined) return true;
    if (freshness === "fresh") return false;
    return this.elapsed() - listing.completedAt <= this.options.deploymentReuseMs;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
