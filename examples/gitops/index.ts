// Everyone listed in invitees.yaml gets one invite, and the access policies their `access` names. Changes to the list are reviewed as pull requests
// (CI runs `pulumi preview`) and applied when merged to main (CI runs `pulumi up`).
import { Invitees } from "pulumi-datatrails-invites";

// Relative to the project folder, where `pulumi` runs the program. Each invite is named after its
// email, so reordering the list changes nothing; removing an entry withdraws that invite.
const team = new Invitees("team", {
  file: "invitees.yaml",
  defaults: { message: "Welcome to the audit tenancy" },
});

/** Each invitee's status (`pending`, `expired` or `accepted`), by email. */
export const statuses = team.statuses;
/** How many invites are waiting to be accepted. */
export const pending = team.pending;
/** How many invitees have joined. */
export const accepted = team.accepted;
/** Who holds each access policy of invitees.yaml, by policy name. */
export const policyHolders = team.policyHolders;
