import * as pulumi from "@pulumi/pulumi";
import { emailKey } from "../client";
import { AccessPolicy } from "../resource/access-policy";
import { fieldFailures } from "../resource/fields";
import { Invite } from "../resource/invite";
import { MEMBER, type OnRemove } from "../resource/kinds";
import { Member } from "../resource/member";
import type { MemberStatus } from "../resource/outputs";

/** The status of one of an {@link Invitees}' children: an `Invite`'s, or a `Member`'s with `members: true`. */
export type InviteeStatus = InviteStatus | MemberStatus;
import type { InviteStatus } from "../resource/outputs";
import {
  checkAccessNames,
  checkPolicyTemplate,
  policyDeclarations,
  policyHolders,
  rejectDuplicatePolicies,
  type LocatedPolicy,
  type PolicyTemplate,
} from "./policies";
import {
  checkInvitees,
  InviteeListError,
  readInviteeDocument,
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
  /** Only with `members: true`: `owner` for entries without one. @default false */
  owner?: boolean;
  /** Only with `members: true`: `onRemove` for entries without one. @default "keep" */
  onRemove?: OnRemove;
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
  /**
   * Named access policies the entries' `access` may name (added to those of `file`): each an
   * AccessPolicy's inputs without users; one AccessPolicy is declared per policy somebody holds, its
   * users exactly the entries naming it.
   */
  policies?: Record<string, PolicyTemplate>;
  /** Defaults for entries that leave a field out. */
  defaults?: InviteeDefaults;
  /**
   * Declare a {@link Member} per entry instead of an {@link Invite}: entries (and defaults) may then
   * set `owner` and `onRemove`. Switching an existing stack over sends no email and deletes no
   * invite: each Member carries an alias of the Invite it replaces (same name).
   * @default false
   */
  members?: boolean;
}

/**
 * The Pulumi resource name of an invitee's `Invite` inside an `Invitees` named `component`: readable,
 * derived from the email alone, so reordering the list never renames (and so never replaces) anyone.
 */
export function inviteResourceName(component: string, email: string): string {
  return `${component}-${emailKey(email)}`;
}

/**
 * Everyone listed in a reviewed file (or in code), one {@link Invite} each, or one {@link Member}
 * each with `members: true`. The list is checked as a whole before anything is declared: every bad
 * entry and every duplicate email (ignoring case) is reported with its file and line.
 *
 * @example
 * ```ts
 * const team = new Invitees("team", { file: "invitees.yaml", members: true, defaults: { onRemove: "deactivate" } });
 * export const pending = team.pending;
 * ```
 */
export class Invitees extends pulumi.ComponentResource {
  /** The invites, by email as listed (empty with `members: true`). */
  public readonly invites: Record<string, Invite>;
  /** The members, by email as listed (empty without `members: true`). */
  public readonly members: Record<string, Member>;
  /** Each entry's status, by email: an Invite's, or a Member's with `members: true`. */
  public readonly statuses: pulumi.Output<Record<string, InviteeStatus>>;
  /** How many are waiting to accept: invites `pending`, or members `invited`. */
  public readonly pending: pulumi.Output<number>;
  /** How many invites expired unaccepted. */
  public readonly expired: pulumi.Output<number>;
  /** How many have joined: invites `accepted`, or members `active`. */
  public readonly accepted: pulumi.Output<number>;
  /** How many members are `inactive` (always 0 without `members: true`). */
  public readonly inactive: pulumi.Output<number>;
  /** The access policies declared, by policy name (only those somebody holds). */
  public readonly policies: Record<string, AccessPolicy>;
  /** Who holds each named policy: the emails naming it, sorted ignoring case (`[]` for nobody). */
  public readonly policyHolders: pulumi.Output<Record<string, string[]>>;

  /**
   * @param name The component's name; also the prefix of its children's names.
   * @param args Where the list comes from, defaults, and whether it declares members.
   * @param opts Standard component options.
   * @throws InviteeListError when the list or the defaults have bad entries or duplicates (nothing is declared).
   */
  constructor(name: string, args: InviteesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("datatrails:index:Invitees", name, {}, opts);
    const { entries, policies } = Invitees.load(args);
    const defaults = args.defaults ?? {};
    this.invites = {};
    this.members = {};
    const children: (Invite | Member)[] = [];
    for (const { where: _where, access: _access, ...entry } of entries) {
      const email = entry.email;
      // The entry's own fields, then the defaults for those it leaves out.
      const declared = { ...defaults, ...entry };
      if (args.members) {
        const member = new Member(inviteResourceName(name, email), declared, { parent: this });
        this.members[email] = member;
        children.push(member);
      } else {
        const { owner: _owner, onRemove: _onRemove, ...common } = declared;
        const invite = new Invite(inviteResourceName(name, email), common, { parent: this });
        this.invites[email] = invite;
        children.push(invite);
      }
    }
    this.statuses = pulumi
      .all(children.map((c) => pulumi.all([c.email, c.status as pulumi.Output<InviteeStatus>])))
      .apply((pairs) => Object.fromEntries(pairs) as Record<string, InviteeStatus>);
    const count = (...statuses: InviteeStatus[]) =>
      this.statuses.apply((s) => Object.values(s).filter((v) => statuses.includes(v)).length);
    this.pending = count("pending", "invited");
    this.expired = count("expired");
    this.accepted = count("accepted", "active");
    this.inactive = count("inactive");
    this.policies = {};
    for (const declared of policyDeclarations(policies, entries)) {
      this.policies[declared.name] = new AccessPolicy(`${name}-policy-${declared.name}`, declared.inputs, {
        parent: this,
      });
    }
    this.policyHolders = pulumi.output(policyHolders(policies, entries));
    this.registerOutputs({
      policyHolders: this.policyHolders,
      statuses: this.statuses,
      pending: this.pending,
      expired: this.expired,
      accepted: this.accepted,
      inactive: this.inactive,
    });
  }

  private static load(args: InviteesArgs): { entries: LocatedInvitee[]; policies: LocatedPolicy[] } {
    const kind = { members: args.members === true };
    const problems: string[] = [];
    Invitees.checkDefaults(args.defaults, kind.members, problems);
    if (problems.length > 0) throw new InviteeListError("defaults", problems);
    const fromFile =
      args.file !== undefined
        ? readInviteeDocument(args.file, process.cwd(), kind)
        : { entries: [], policies: [] };
    const inCode = args.invitees !== undefined ? checkInvitees(args.invitees, "invitees", kind) : [];
    const codePolicies = Object.entries(args.policies ?? {}).flatMap(([policy, template]) => {
      const located = checkPolicyTemplate(policy, template, `policies.${policy}`, problems);
      return located ? [located] : [];
    });
    const entries = [...fromFile.entries, ...inCode];
    const policies = [...fromFile.policies, ...codePolicies];
    // Duplicates across the file and the code list are as wrong as duplicates within one.
    rejectDuplicates(entries, problems);
    rejectDuplicatePolicies(policies, problems);
    checkAccessNames(entries, policies, problems);
    if (problems.length > 0) throw new InviteeListError("invitees", problems);
    return { entries, policies };
  }

  /** Defaults follow the entries' rules: owner and onRemove only for members, and valid values. */
  private static checkDefaults(
    defaults: InviteeDefaults | undefined,
    members: boolean,
    problems: string[],
  ): void {
    if (defaults === undefined) return;
    for (const key of ["owner", "onRemove"] as const) {
      if (!members && defaults[key] !== undefined) {
        problems.push(`defaults.${key}: only members have it; set members: true on the Invitees`);
      }
    }
    // The email rule does not apply to defaults; every other field's rule does.
    for (const failure of fieldFailures(MEMBER.fields, { email: "defaults@example.com", ...defaults })) {
      problems.push(`defaults.${failure.property}: ${failure.reason}`);
    }
  }
}
