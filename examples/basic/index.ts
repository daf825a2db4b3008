// One person invited into a DataTrails tenancy. `pulumi up` sends the invitation email once;
// `pulumi refresh` records whether they joined; `pulumi destroy` withdraws a pending invite.
import { Invite } from "pulumi-datatrails-invites";

const alice = new Invite("alice", {
  email: "alice@example.com",
  message: "Welcome to the audit tenancy",
});

/** `invites/<uuid>` (the member's identity once no invite was needed). */
export const identity = alice.identity;
/** `pending`; `accepted` after Alice joins and you run `pulumi refresh`; `expired` if she never does. */
export const status = alice.status;
/** When the invite expires unaccepted (RFC 3339 UTC). */
export const expiryTime = alice.expiryTime;
