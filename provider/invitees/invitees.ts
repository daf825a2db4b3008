import * as pulumi from "@pulumi/pulumi";
import { Invite } from "../resource/invite";
import type { InviteStatus } from "../resource/outputs";
import {
  checkInvitees,
  InviteeListError,
  readInviteeFile,
  rejectDuplicates,
  type InviteeSpec,
  type LocatedInvitee,
} from "./spec";

/** Values applied to every entry that does not set its own. */
export interface InviteeDefaults {
  /** Message for entries without one. */
  message?: string;
  /** `renewExpired` for entries without one. @default true */
  renewExpired?: boolean;
}

/** The arguments of {@link Invitees}: a list file, a list in code, or both. */
export interface InviteesArgs {
  /**
   * A YAML or JSON file holding a list of `{email, message?, adopt?, renewExpired?}`. A relative path
   * is resolved against the project folder (the one holding `Pulumi.yaml`), wherever `main` points.
   */
  file?: string;
  /** Invitees given in code (added to those of `file`). */
  invitees?: InviteeSpec[];
  /** Defaults for entries that leave a field out. */
  defaults?: InviteeDefaults;
}

/**
 * The Pulumi resource name of an invitee's `Invite` inside an `Invitees` named `component`: readable,
 * derived from the email alone, so reordering the list never renames (and so never replaces) anyone.
 */
export function inviteResourceName(component: string, email: string): string {
  return `${component}-${email.trim().toLowerCase()}`;
}

/**
 * Everyone listed in a reviewed file (or in code), one {@link Invite} each. The list is checked as a
 * whole before anything is declared: every bad entry and every duplicate email (ignoring case) is
 * reported with its file and line.
 *
 * @example
 * ```ts
 * const team = new Invitees("team", { file: "invitees.yaml", defaults: { message: "Welcome" } });
 * export const pending = team.pending;
 * ```
 */
export class Invitees extends pulumi.ComponentResource {
  /** The invites, by email as listed. */
  public readonly invites: Record<string, Invite>;
  /** Each invitee's status, by email. */
  public readonly statuses: pulumi.Output<Record<string, InviteStatus>>;
  /** How many invites are pending. */
  public readonly pending: pulumi.Output<number>;
  /** How many invites expired unaccepted. */
  public readonly expired: pulumi.Output<number>;
  /** How many invitees have joined. */
  public readonly accepted: pulumi.Output<number>;

  /**
   * @param name The component's name; also the prefix of its invites' names.
   * @param args Where the list comes from, and defaults.
   * @param opts Standard component options.
   * @throws InviteeListError when the list has bad entries or duplicates (nothing is declared).
   */
  constructor(name: string, args: InviteesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datatrails:index:Invitees", name, {}, opts);
    const entries = Invitees.load(args);
    this.invites = {};
    for (const entry of entries) {
      const email = entry.email;
      this.invites[email] = new Invite(
        inviteResourceName(name, email),
        {
          email,
          message: entry.message ?? args.defaults?.message,
          adopt: entry.adopt,
          renewExpired: entry.renewExpired ?? args.defaults?.renewExpired,
        },
        { parent: this },
      );
    }
    const list = Object.values(this.invites);
    this.statuses = pulumi
      .all(list.map((i) => pulumi.all([i.email, i.status])))
      .apply((pairs) => Object.fromEntries(pairs) as Record<string, InviteStatus>);
    const count = (status: InviteStatus) =>
      this.statuses.apply((s) => Object.values(s).filter((v) => v === status).length);
    this.pending = count("pending");
    this.expired = count("expired");
    this.accepted = count("accepted");
    this.registerOutputs({
      statuses: this.statuses,
      pending: this.pending,
      expired: this.expired,
      accepted: this.accepted,
    });
  }

  private static load(args: InviteesArgs): LocatedInvitee[] {
    const fromFile = args.file !== undefined ? readInviteeFile(args.file) : [];
    const inCode = args.invitees !== undefined ? checkInvitees(args.invitees) : [];
    const all = [...fromFile, ...inCode];
    // Duplicates across the file and the code list are as wrong as duplicates within one.
    const problems: string[] = [];
    rejectDuplicates(all, problems);
    if (problems.length > 0) throw new InviteeListError("invitees", problems);
    return all;
  }
}
