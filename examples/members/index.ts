// Everyone listed in invitees.yaml has access to the tenancy: invited until they join, then a member
// whose Owner role follows `owner`. Deleting a line deactivates that person when the change is applied.
import * as pulumi from "@pulumi/pulumi";
import { Invitees } from "pulumi-datatrails-invites";

const config = new pulumi.Config();
// A stack that ran this program with Invites (members: false) moves to Members without sending or
// deleting anything: `pulumi config set members true`, then `pulumi up --refresh`.
const members = config.getBoolean("members") ?? true;

const team = new Invitees("team", {
  file: "invitees.yaml",
  members,
  defaults: members
    ? { message: "Welcome to the audit tenancy", onRemove: "deactivate" }
    : { message: "Welcome to the audit tenancy" },
});

/** Each person's status (`invited`, `expired`, `active` or `inactive`), by email. */
export const statuses = team.statuses;
/** How many have not joined yet. */
export const pending = team.pending;
/** How many are active members. */
export const accepted = team.accepted;
