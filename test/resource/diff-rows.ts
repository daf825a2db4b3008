// The plans the diff tables expect (Invite and Member plan the same way).
import type { PersonDiff as InviteDiff } from "../../provider/resource/diff";

/** No change planned. */
export const none: InviteDiff = { changes: false, replaces: [], deleteBeforeReplace: false };
/** An in-place update (nothing is sent). */
export const update: InviteDiff = { changes: true, replaces: [], deleteBeforeReplace: false };
/** A replace because of `replaces`. */
export const replace = (replaces: string[], deleteBeforeReplace: boolean): InviteDiff => ({
  changes: true,
  replaces,
  deleteBeforeReplace,
});
