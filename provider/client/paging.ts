/**
 * Turns page-at-a-time listings into async iterables that fetch lazily, one page ahead of nothing:
 * a page is requested only when the consumer has used up the previous one.
 */
import { DataTrailsError } from "./errors";
import type { Page } from "./wire";

/**
 * Iterates every item of every page, following next-page tokens until one is empty.
 *
 * @param fetchPage - Fetches the page for a token (`undefined` for the first page).
 * @param what - Names the listing in errors, e.g. `"GET /archivist/iam/v1/invites"`.
 * @throws DataTrailsError when the server hands back a token it already gave, which would loop forever.
 * @internal
 */
export function paginate<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  what: string,
): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator](): AsyncIterator<T> {
      const seen = new Set<string>();
      let token: string | undefined;
      for (;;) {
        const page = await fetchPage(token);
        yield* page.items;
        if (!page.nextToken) {
          return;
        }
        if (seen.has(page.nextToken)) {
          throw new DataTrailsError(
            `${what} returned a page token it had already returned; stopping to avoid an endless loop`,
          );
        }
        seen.add(page.nextToken);
        token = page.nextToken;
      }
    },
  };
}

/**
 * Collects an async iterable into an array.
 *
 * @param items - Any async iterable, e.g. `client.listInvites()`.
 * @internal
 */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
  }
  return out;
}
