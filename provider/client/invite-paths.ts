/**
 * The invites collection path. The docs and the OpenAPI file disagree on it, so the client starts
 * with the configured prefix and, until a request under it has succeeded, takes a 404 of the
 * collection as "wrong prefix" and switches to the fallback once.
 */
import { isNotFound } from "./errors";
import type { Logger } from "./logger";
import type { Operation, Requester } from "./requester";
import type { InviteRecord } from "./types";
import { toInvitePage, type Page } from "./wire";

/** Which page of the invites collection to fetch. */
interface InvitesPageQuery {
  /** Only invites for this email. */
  email?: string;
  /** Entries per page. */
  pageSize: number;
  /** The page token; `undefined` for the first page. */
  token?: string;
}

/** The invites path in use, its fallback, and the requests that may switch between them. */
export class InvitePaths {
  private current: string;
  // Set once any invites request under `current` succeeds: from then on a 404 means "not found",
  // never "wrong prefix".
  private confirmed = false;

  /**
   * @param requester - Sends the collection requests.
   * @param prefix - The configured invites path.
   * @param fallback - The path tried once after a 404 of `prefix`; `null` for none.
   * @param logger - Told about the switch.
   */
  constructor(
    private readonly requester: Pick<Requester, "call">,
    prefix: string,
    private readonly fallback: string | null,
    private readonly logger: Required<Logger>,
  ) {
    this.current = prefix;
  }

  /** The invites collection path in use (the fallback once a 404 has switched to it). */
  get prefix(): string {
    return this.current;
  }

  /** Records that a request under the current path succeeded. */
  confirm(): void {
    this.confirmed = true;
  }

  /**
   * Switches to the fallback after a 404 on `failedPath`, once.
   *
   * @returns Whether to try again (also when a concurrent request has switched already).
   */
  switchToFallback(failedPath: string): boolean {
    const fallback = this.fallback;
    if (this.confirmed || !fallback || failedPath === fallback) {
      return false;
    }
    if (this.current === failedPath) {
      this.logger.debug(`${failedPath} answered 404; using ${fallback} for invites from now on`);
      this.current = fallback;
    }
    return true;
  }

  /** One page of invites; a 404 of an unconfirmed collection switches to the fallback once. */
  async page(q: InvitesPageQuery, op: Operation): Promise<Page<InviteRecord>> {
    const fetchPage = (path: string): Promise<Page<InviteRecord>> =>
      this.requester.call(
        { method: "GET", path, query: { page_size: q.pageSize, page_token: q.token, email: q.email } },
        op,
        (res, ctx) => toInvitePage(ctx, res),
      );
    const path = this.current;
    try {
      const page = await fetchPage(path);
      this.confirmed = true;
      return page;
    } catch (err) {
      if (!isNotFound(err) || !this.switchToFallback(path)) {
        throw err;
      }
      try {
        const page = await fetchPage(this.current);
        this.confirmed = true;
        return page;
      } catch (fallbackErr) {
        throw isNotFound(fallbackErr)
          ? fallbackErr.withNote(`${path} answered 404 too; check the invitesPrefix option`)
          : fallbackErr;
      }
    }
  }

  /**
   * Runs an item request (GET/DELETE `{prefix}/{uuid}`). While the prefix is unconfirmed, a 404 is
   * checked against the collection, so a wrong prefix is not mistaken for a missing invite.
   */
  async item<T>(uuid: string, op: Operation, run: (path: string) => Promise<T>): Promise<T> {
    const prefix = this.current;
    try {
      const result = await run(`${prefix}/${uuid}`);
      this.confirmed = true;
      return result;
    } catch (err) {
      if (!isNotFound(err) || this.confirmed || !this.fallback) {
        throw err;
      }
      // Probe the collection: 200 confirms the prefix (the 404 is real); 404 switches to the fallback.
      await this.page({ pageSize: 1 }, op);
      if (this.current === prefix) {
        throw err;
      }
      return run(`${this.current}/${uuid}`);
    }
  }
}
