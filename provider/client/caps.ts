/**
 * The caps (quotas) route, `GET {capsPath}?service=<service>`: how many more invites or members the
 * tenancy may have. A read, retried like every GET.
 */
import { checkCapService } from "./input";
import type { Requester } from "./requester";
import type { Cap } from "./types";
import { toCaps } from "./wire";

/**
 * Reads the caps of one service.
 *
 * @param requester - Sends with the token and retries.
 * @param capsPath - The caps path, e.g. `/archivist/v1/caps`.
 * @param service - `invites` or `members`.
 * @returns The service's caps; empty when it has none (unlimited).
 * @throws DataTrailsConfigError for an unknown service (nothing is sent).
 */
export function readCaps(
  requester: Pick<Requester, "call" | "operation">,
  capsPath: string,
  service: unknown,
): Promise<Cap[]> {
  const checked = checkCapService(service);
  return requester.call(
    { method: "GET", path: capsPath, query: { service: checked } },
    requester.operation(),
    (res, ctx) => toCaps(ctx, res),
  );
}
