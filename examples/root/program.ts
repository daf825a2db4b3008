// The root Pulumi project's program: the invitees listed in stack config, one Invite each.
//   pulumi config set --path 'invitees[0].email' alice@example.com
//   pulumi config set --path 'invitees[0].message' 'Welcome to the audit tenancy'
import * as pulumi from "@pulumi/pulumi";
import { Invite } from "../../provider";

/** One entry of the `invitees` stack config list. */
export interface Invitee {
  email: string;
  message?: string;
  adopt?: boolean;
  renewExpired?: boolean;
}

/** What the program exports: identity and status of each invite, by email. */
export interface InviteesExports {
  identities: pulumi.Output<Record<string, string>>;
  statuses: pulumi.Output<Record<string, string>>;
}

/** Declares one Invite per entry of the `invitees` stack config. */
export function inviteesProgram(): InviteesExports {
  const config = new pulumi.Config();
  const invitees = config.getObject<Invitee[]>("invitees") ?? [];
  const invites = invitees.map(
    (invitee) =>
      new Invite(String(invitee.email).trim().toLowerCase(), {
        email: invitee.email,
        message: invitee.message,
        adopt: invitee.adopt,
        renewExpired: invitee.renewExpired,
      }),
  );
  const byEmail = (pick: (i: Invite) => pulumi.Output<string>) =>
    pulumi
      .all(invites.map((i) => pulumi.all([i.email, pick(i)])))
      .apply((pairs) => Object.fromEntries(pairs));
  return { identities: byEmail((i) => i.identity), statuses: byEmail((i) => i.status) };
}
