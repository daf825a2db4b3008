// The person lifecycle's plan, for both kinds: what replaces, what updates in place, and in which
// order a replacement goes. Pure: no API call, the service's clock given.
import { isUnknown, switchesOf } from "./fields";
import type { PersonKindSpec } from "./kinds/types";
import { holdsOwner, statusOf } from "./outputs";
import { joined, recordedPerson } from "./person";

/** What `diff` decides, in the shape Pulumi's `DiffResult` takes. */
export interface PersonDiff {
  /** Whether anything differs. */
  changes: boolean;
  /** Properties whose change forces a new invite. */
  replaces: string[];
  /** Delete the old invite before creating the new one. */
  deleteBeforeReplace: boolean;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Compares new inputs with the recorded outputs (a Member's, or an Invite's for a stack moving from
 * `Invite` to `Member`) without calling the API.
 *
 * - Invites cannot be updated: a new email replaces (new invite first: another person), a new message
 *   replaces (old invite first, so one email never holds two pending invites), and an expired invite
 *   is replaced when `renewExpired`. Email and message are compared with what was declared
 *   (`declaredEmail`, `declaredMessage`), never with the service's copy, which the service may have
 *   rewritten; state without a declared copy (0.1.0) is compared with the recorded outputs.
 * - The other switches are recorded by an update.
 * - With access management (a Member who joined): `owner` differing from the recorded roles, or an
 *   `inactive` member, is an update (one PATCH, or a reactivation); a new message is only recorded;
 *   state another kind wrote always plans an update, which rewrites it without sending anything.
 *
 * @param id the resource's ID
 * @param olds the recorded outputs
 * @param news the checked new inputs
 * @param now the service's time (epoch ms) by which a pending invite's expiry is judged
 */
export function diffPerson(
  kind: PersonKindSpec,
  id: string,
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  now: number,
): PersonDiff {
  const recorded = recordedPerson(kind, id, olds);
  const manage = kind.policy.manageAccess;
  const member = manage && joined(recorded);
  const replaces: string[] = [];
  const sameEmail =
    !isUnknown(news.email) && recorded.declared.email.toLowerCase() === text(news.email).toLowerCase();
  if (!sameEmail) replaces.push("email");
  const messageChanged = isUnknown(news.message) || recorded.declared.message !== text(news.message);
  if (messageChanged && !member) replaces.push("message");

  const names = Object.keys(recorded.switches);
  const switches = switchesOf(kind, isUnknown(news.renewExpired) ? { ...news, renewExpired: true } : news);
  const waiting = recorded.status === "invited" || recorded.status === "expired";
  // Both a refresh's "expired" and `now` go by the service's clock, so read and diff agree.
  const expired =
    recorded.status === "expired" ||
    (waiting && recorded.expiryTime !== null && statusOf(recorded.expiryTime, now) === "expired");
  if (replaces.length === 0 && expired && switches.renewExpired === true) {
    // An expired invite can no longer be accepted; replacing it is the only way to re-send it.
    replaces.push("expiryTime");
  }

  const switchesChanged = names.some((k) => isUnknown(news[k]) || recorded.switches[k] !== switches[k]);
  // Declaring someone means they should have access, with exactly the roles `owner` says.
  const needsAccess =
    manage &&
    (recorded.status === "inactive" ||
      (recorded.status === "active" &&
        (isUnknown(news.owner) ||
          recorded.roles === undefined ||
          holdsOwner(recorded.roles) !== switches.owner)));

  return {
    changes:
      replaces.length > 0 || recorded.moved || switchesChanged || needsAccess || (member && messageChanged),
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameEmail,
  };
}
