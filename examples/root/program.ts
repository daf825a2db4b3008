// The root Pulumi project's program: the invitees listed in `invitees.yaml` (beside Pulumi.yaml), or
// in stack config when `invitees` is set there, one Invite each.
//   pulumi config set --path 'invitees[0].email' alice@example.com
import * as pulumi from "@pulumi/pulumi";
import { Invite, Invitees, type InviteeSpec } from "../../provider";

/** One entry of the `invitees` stack config list. */
export type Invitee = InviteeSpec;

/** What the program exports, by email, and the status counts. */
export interface InviteesExports {
  identities: pulumi.Output<Record<string, string>>;
  statuses: pulumi.Output<Record<string, string>>;
  pending: pulumi.Output<number>;
  expired: pulumi.Output<number>;
  accepted: pulumi.Output<number>;
}

/**
 * Keeps this project's stacks from before `Invitees`: its root program of 0.1 declared each Invite at
 * the top level, named by the lower-cased email. The alias moves those invites under the component
 * without replacing (and so re-sending) them. It lives here, not in the library, so that `Invitees`
 * never adopts another program's resources.
 */
export const fromRootProgramOf01: pulumi.ResourceTransformation = ({ resource, props, opts }) => {
  if (!(resource instanceof Invite) || typeof props.email !== "string") return undefined;
  const alias = { name: props.email.toLowerCase(), parent: pulumi.rootStackResource };
  return { props, opts: { ...opts, aliases: [...(opts.aliases ?? []), alias] } };
};

/** Declares the team's invitees from stack config `invitees`, else from the file `inviteesFile`. */
export function inviteesProgram(): InviteesExports {
  const config = new pulumi.Config();
  const listed = config.getObject<InviteeSpec[]>("invitees");
  const team = new Invitees(
    "invitees",
    listed !== undefined ? { invitees: listed } : { file: config.get("inviteesFile") ?? "invitees.yaml" },
    { transformations: [fromRootProgramOf01] },
  );
  const invites = Object.values(team.invites);
  const identities = pulumi
    .all(invites.map((i) => pulumi.all([i.email, i.identity])))
    .apply((pairs) => Object.fromEntries(pairs));
  return {
    identities,
    statuses: team.statuses,
    pending: team.pending,
    expired: team.expired,
    accepted: team.accepted,
  };
}
