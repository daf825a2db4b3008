import { isUnknown } from "./inputs";
import { declaredIn, effectiveSwitches, statusOf } from "./outputs";

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
 * Compares new inputs with the recorded outputs without calling the API. Invites cannot be updated:
 * a new email or message replaces the invite. For the same person the old invite goes first, so one
 * email never holds two pending invites; for a new email the new invite is created first.
 *
 * Email and message are compared with what was declared (`declaredEmail`, `declaredMessage`), never
 * with the service's copy, which the service may have rewritten; state without a declared copy (0.1.0)
 * is compared with the recorded `email` and `message`.
 *
 * @param olds the recorded outputs
 * @param news the checked new inputs
 * @param now the service's time (epoch ms) by which a pending invite's expiry is judged
 */
export function diffInvite(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number,
): InviteDiff {
  const replaces: string[] = [];
  const declared = declaredIn(olds);
  const emailUnknown = isUnknown(news.email);
  const sameEmail = !emailUnknown && declared.email.toLowerCase() === text(news.email).toLowerCase();
  if (!sameEmail) replaces.push("email");
  if (isUnknown(news.message) || declared.message !== text(news.message)) replaces.push("message");

  const oldSwitches = effectiveSwitches(olds);
  const newSwitches = effectiveSwitches(
    isUnknown(news.renewExpired) ? { ...news, renewExpired: true } : news,
  );
  const expiry = typeof olds.expiryTime === "string" ? olds.expiryTime : undefined;
  // Both a refresh's "expired" and `now` go by the service's clock, so read and diff agree.
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
