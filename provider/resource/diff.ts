import { isUnknown } from "./inputs";
import { effectiveSwitches, statusOf } from "./outputs";

/** What `diff` decides, in the shape Pulumi's `DiffResult` takes. */
export interface InviteDiff {
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
 * Compares the recorded outputs with new inputs without calling the API. Invites cannot be updated:
 * a new email or message replaces the invite. For the same person the old invite goes first, so one
 * email never holds two pending invites; for a new email the new invite is created first.
 */
export function diffInvite(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number,
): InviteDiff {
  const replaces: string[] = [];
  const emailUnknown = isUnknown(news.email);
  const sameEmail = !emailUnknown && text(olds.email).toLowerCase() === text(news.email).toLowerCase();
  if (!sameEmail) replaces.push("email");
  if (isUnknown(news.message) || text(olds.message) !== text(news.message)) replaces.push("message");

  const oldSwitches = effectiveSwitches(olds);
  const newSwitches = effectiveSwitches(
    isUnknown(news.renewExpired) ? { ...news, renewExpired: true } : news,
  );
  const expiry = typeof olds.expiryTime === "string" ? olds.expiryTime : undefined;
  // A refresh records "expired" by the service's clock; otherwise the local clock decides.
  const expired =
    olds.status === "expired" ||
    (olds.status === "pending" && expiry !== undefined && statusOf(expiry, now) === "expired");
  if (replaces.length === 0 && expired && newSwitches.renewExpired) {
    // An expired invite can no longer be accepted; replacing it is the only way to re-send it.
    replaces.push("expiryTime");
  }

  const switchesChanged =
    isUnknown(news.adopt) ||
    isUnknown(news.renewExpired) ||
    oldSwitches.adopt !== newSwitches.adopt ||
    oldSwitches.renewExpired !== newSwitches.renewExpired;

  return {
    changes: replaces.length > 0 || switchesChanged,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameEmail,
  };
}
