import type { DataTrailsClient, InviteRecord, MemberRecord } from "../client";
import { collect, DEFAULT_PAGING, isNotFound } from "../client";
import { pendingNewestFirst } from "./outputs";

/**
 * How long the provider may work from one view of the tenancy.
 * @internal
 */
export interface TenancyOptions {
  /**
   * A listing of the tenancy's invites (or members) is reused by every lookup of the deployment while
   * it is younger than this (measured from when it was requested), and fetched again once older, so a
   * long deployment never works from an old view. `0` shares only listings still in flight.
   */
  listingMaxAgeMs: number;
  /**
   * Entries per listing page, to estimate what listing everything again costs in API calls.
   */
  pageSize: number;
}

/**
 * The defaults of {@link TenancyOptions}.
 * @internal
 */
export const TENANCY_DEFAULTS: TenancyOptions = {
  listingMaxAgeMs: 30_000,
  pageSize: DEFAULT_PAGING.pageSize,
};

/**
 * What a member lookup is for. A `read` needs a members listing younger than the maximum age. A
 * `create` may keep using an older one while no invite has gone missing from the invites listings
 * since it was fetched: people join only by accepting an invite, which removes it, so until one goes
 * missing the members listing still says who has joined.
 * @internal
 */
export type MemberLookup = "create" | "read";

/**
 * What a create must know about one email's invites before it sends another.
 * @internal
 */
export interface CreateLookup {
  /** Invites for this email that can still be accepted, newest expiry first. */
  pending: InviteRecord[];
  /** Identities of every invite listed for this email, expired ones included. */
  known: string[];
}

/** One listing of members or invites, indexed for the lookups the provider makes. */
class Snapshot<T extends { identity: string; email: string }> {
  private readonly byIdentity = new Map<string, T>();
  private readonly byEmail = new Map<string, T[]>();

  constructor(items: readonly T[]) {
    for (const item of items) this.add(item);
  }

  get size(): number {
    return this.byIdentity.size;
  }

  identities(): string[] {
    return [...this.byIdentity.keys()];
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
  /** When it was requested (monotonic ms): its age counts from here, the oldest it can be. */
  startedAt: number;
  snapshot: Promise<Snapshot<T>>;
  /** How many create lookups it answered: what listing again would have to be cheaper than. */
  creates: number;
  /** Whether the listing has finished (successfully or not). */
  settled: boolean;
  /** Whether it finished successfully. */
  ok: boolean;
}

type Kind = "members" | "invites";

/**
 * The tenancy as the provider sees it during one deployment (one provider host): one listing of every
 * invite, and one of every member when a create or a missing invite needs it, shared by all lookups
 * while younger than {@link TenancyOptions.listingMaxAgeMs} and kept current with this provider's own
 * creates and deletes. A refresh of N invites costs a few listing pages, not N requests.
 * @internal
 */
export class TenancyIndex {
  private members?: Listing<MemberRecord>;
  private invites?: Listing<InviteRecord>;
  /** When (monotonic ms) the latest invites listing that found an invite gone was requested. */
  private inviteWentMissingAt = Number.NEGATIVE_INFINITY;
  /** Invites this provider deleted: gone, but not because someone joined. */
  private readonly deleted = new Set<string>();

  /**
   * @param client - The API client.
   * @param now - The service's clock estimate (epoch ms), which decides whether an invite has expired.
   * @param options - How long a listing is reused.
   * @param elapsed - A monotonic clock (ms) for listing ages; injectable so tests move it by hand.
   */
  constructor(
    private readonly client: DataTrailsClient,
    private readonly now: () => number,
    private readonly options: TenancyOptions = TENANCY_DEFAULTS,
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  /** The active member with this email (case-insensitive), if any. */
  async activeMember(email: string, use: MemberLookup = "read"): Promise<MemberRecord | undefined> {
    const members = await this.membersFor(use);
    return members.withEmail(email).find((m) => m.active);
  }

  /**
   * The member with this email (case-insensitive) whatever its state, an active one first; for
   * `Member`, which reactivates an inactive member rather than inviting them again.
   */
  async memberWithEmail(email: string, use: MemberLookup = "read"): Promise<MemberRecord | undefined> {
    const members = (await this.membersFor(use)).withEmail(email);
    return members.find((m) => m.active) ?? members[0];
  }

  /** A member by identity, whatever its state. */
  async memberByIdentity(identity: string): Promise<MemberRecord | undefined> {
    return (await this.listing("members")).withIdentity(identity);
  }

  /**
   * What sending an invite to `email` must know: its pending and known invites. Served from the shared
   * listing while it is young enough. Once it is older, the deployment lists everything again when that
   * costs fewer requests than looking up each email did during the last listing's life (a bulk `up`);
   * otherwise it asks for this one email only. (Whether the email is already a member is
   * {@link activeMember}'s or {@link memberWithEmail}'s to say, before this.)
   */
  async invitesBeforeCreate(email: string): Promise<CreateLookup> {
    const invites = await this.invitesForCreate(email);
    const now = this.now();
    return { pending: pendingNewestFirst(invites, now), known: invites.map((i) => i.identity) };
  }

  /**
   * The invite with this identity, or `undefined` when DataTrails says it does not exist. Served from
   * the shared listing; an invite the listing lacks is confirmed with a GET before it counts as gone.
   */
  async invite(identity: string): Promise<InviteRecord | undefined> {
    const listed = (await this.listing("invites")).withIdentity(identity);
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
    this.deleted.add(identity);
    void this.invites?.snapshot.then((s) => s.remove(identity), ignore);
  }

  private membersFor(use: MemberLookup): Promise<Snapshot<MemberRecord>> {
    const current = this.members;
    if (
      use === "create" &&
      current?.ok === true &&
      !this.young(current) &&
      this.inviteWentMissingAt < current.startedAt
    ) {
      return current.snapshot;
    }
    return this.listing("members");
  }

  private async invitesForCreate(email: string): Promise<readonly InviteRecord[]> {
    const current = this.invites;
    if (current && this.young(current)) {
      current.creates++;
      return (await current.snapshot).withEmail(email);
    }
    if (current && !(await this.worthListingAgain(current))) {
      // A create now and then in a long deployment: one filtered request instead of every page.
      return collect(this.client.listInvites({ email }));
    }
    const fresh = this.listing("invites");
    this.invites!.creates++;
    return (await fresh).withEmail(email);
  }

  private async worthListingAgain(old: Listing<InviteRecord>): Promise<boolean> {
    let size = 0;
    try {
      size = (await old.snapshot).size;
    } catch {
      // It failed and was forgotten; listing again is the only way on.
      return true;
    }
    const pages = Math.max(1, Math.ceil(size / this.options.pageSize));
    return old.creates >= pages;
  }

  private listing(kind: "members"): Promise<Snapshot<MemberRecord>>;
  private listing(kind: "invites"): Promise<Snapshot<InviteRecord>>;
  private listing(kind: Kind): Promise<Snapshot<MemberRecord> | Snapshot<InviteRecord>> {
    if (kind === "members") {
      if (!this.members || !this.young(this.members)) {
        this.members = this.fetch(
          () => this.client.listMembers(),
          (failed) => {
            if (this.members === failed) this.members = undefined;
          },
        );
      }
      return this.members.snapshot;
    }
    if (!this.invites || !this.young(this.invites)) {
      const previous = this.invites?.ok === true ? this.invites : undefined;
      const next = this.fetch(
        () => this.client.listInvites(),
        (failed) => {
          if (this.invites === failed) this.invites = undefined;
        },
      );
      this.invites = next;
      if (previous) void this.noteMissing(previous, next);
    }
    return this.invites.snapshot;
  }

  /** Notes when an invite of `previous` is gone from `next` (accepted, revoked or purged by someone). */
  private async noteMissing(previous: Listing<InviteRecord>, next: Listing<InviteRecord>): Promise<void> {
    try {
      const [before, after] = await Promise.all([previous.snapshot, next.snapshot]);
      const gone = (id: string): boolean => after.withIdentity(id) === undefined && !this.deleted.has(id);
      if (before.identities().some(gone)) {
        this.inviteWentMissingAt = Math.max(this.inviteWentMissingAt, next.startedAt);
      }
    } catch {
      // The new listing failed and was forgotten: there is nothing to compare.
    }
  }

  private fetch<T extends { identity: string; email: string }>(
    list: () => AsyncIterable<T>,
    forget: (failed: Listing<T>) => void,
  ): Listing<T> {
    // Listing ages use a monotonic clock: the service's clock can jump.
    const listing: Listing<T> = {
      startedAt: this.elapsed(),
      snapshot: Promise.resolve(new Snapshot<T>([])),
      creates: 0,
      settled: false,
      ok: false,
    };
    listing.snapshot = collect(list()).then(
      (items) => {
        listing.settled = true;
        listing.ok = true;
        return new Snapshot(items);
      },
      (err: unknown) => {
        // A failed listing must not be reused: the next lookup tries again.
        listing.settled = true;
        forget(listing);
        throw err;
      },
    );
    return listing;
  }

  private young(listing: Listing<{ identity: string; email: string }>): boolean {
    // A listing still in flight is shared however long it takes: its age counts from its request,
    // so the view it gives is never older than that.
    return !listing.settled || this.elapsed() - listing.startedAt <= this.options.listingMaxAgeMs;
  }
}

function ignore(): void {
  // The listing failed; the next lookup lists again, so there is nothing to keep current.
}
