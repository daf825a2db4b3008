import { isUnknown } from "./inputs";
import { memberSwitches } from "./member-inputs";
import { holdsOwner, recordedMember } from "./member-outputs";
import type { InviteDiff } from "./diff";
import { statusOf } from "./outputs";

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Compares new inputs with a Member's recorded outputs (or an Invite's, for a stack moving from
 * `Invite` to `Member`) without calling the API.
 *
 * - Not joined yet (`invited` / `expired`): exactly as `Invite`. A new email replaces (new invite
 *   first), a new message replaces (old invite first), an expired invite is replaced when
 *   `renewExpired`; `owner` and `onRemove` are recorded by an update, applied once the person joined.
 * - Joined: a new email means another person (replace: the new one is invited or taken over first,
 *   then `onRemove` applies to the old one); `owner` differing from the recorded roles, or an
 *   `inactive` member, is an update (one PATCH, or a reactivation); a new message is only recorded.
 * - An Invite's state always plans an update, which rewrites it as a Member's without sending anything.
 *
 * @param id the resource's ID
 * @param olds the recorded outputs
 * @param news the checked new inputs
 * @param now the service's time (epoch ms) by which a pending invite's expiry is judged
 */
export function diffMember(
  id: string,
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  now: number,
): InviteDiff {
  const recorded = recordedMember(id, olds);
  const joined = recorded.status === "active" || recorded.status === "inactive";
  const replaces: string[] = [];
  const sameEmail =
    !isUnknown(news.email) && recorded.declared.email.toLowerCase() === text(news.email).toLowerCase();
  if (!sameEmail) replaces.push("email");
  const messageChanged = isUnknown(news.message) || recorded.declared.message !== text(news.message);

  const unknownSwitches = ["owner", "onRemove", "adopt", "renewExpired"].some((k) => isUnknown(news[k]));
  const switches = memberSwitches(isUnknown(news.renewExpired) ? { ...news, renewExpired: true } : news);

  if (!joined) {
    if (messageChanged) replaces.push("message");
    const expired =
      recorded.status === "expired" ||
      (recorded.expiryTime !== null && statusOf(recorded.expiryTime, now) === "expired");
    // An expired invite can no longer be accepted; replacing it is the only way to re-send it.
    if (replaces.length === 0 && expired && switches.renewExpired) replaces.push("expiryTime");
  }

  const old = recorded.switches;
  const switchesChanged =
    unknownSwitches ||
    old.owner !== switches.owner ||
    old.onRemove !== switches.onRemove ||
    old.adopt !== switches.adopt ||
    old.renewExpired !== switches.renewExpired;
  // Declaring someone means they should have access, with exactly the roles `owner` says.
  const needsAccess =
    recorded.status === "inactive" ||
    (recorded.status === "active" &&
      (isUnknown(news.owner) ||
        recorded.roles === undefined ||
        holdsOwner(recorded.roles) !== switches.owner));

  return {
    changes:
      replaces.length > 0 ||
      recorded.fromInvite ||
      switchesChanged ||
      needsAccess ||
      (joined && messageChanged),
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameEmail,
  };
}
