// The root Pulumi project's program: the invitees listed in stack config, one Invite each.
//   pulumi config set --path 'invitees[0].email' alice@example.com
//   pulumi config set --path 'invitees[0].message' 'Welcome to the audit tenancy'
import * as pulumi from "@pulumi/pulumi";
import { Invite } from "../../provider";

interface Invitee {
  email: string;
  message?: string;
}

const config = new pulumi.Config();
const invitees = config.getObject<Invitee[]>("invitees") ?? [];

const invites = invitees.map(
  (invitee) => new Invite(invitee.email.trim().toLowerCase(), { email: invitee.email, message: invitee.message }),
);

/** Each invitee's invite identity, by email. */
export const identities = pulumi
  .all(invites.map((i) => pulumi.all([i.email, i.identity])))
  .apply((pairs) => Object.fromEntries(pairs));

/** Each invitee's status (pending, expired or accepted), by email. */
export const statuses = pulumi
  .all(invites.map((i) => pulumi.all([i.email, i.status])))
  .apply((pairs) => Object.fromEntries(pairs));
