// The person lifecycle: one create, read, update and delete over one recorded-person state
// (person.ts) for every kind declared by a person table (kinds/). An `Invite` is a `Member` with
// access management off. Every operation takes the deployment's session as a parameter (the
// dynamic providers pass session.ts's), so the lifecycle is tested against a stub tenancy.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsError, type DataTrailsClient, type MemberRecord } from "../client";
import { diffPerson } from "./diff";
import { switchesOf } from "./fields";
import type { InviteInputs, InviteSwitches, MemberInputs } from "./kinds";
import type { PersonKindSpec } from "./kinds/types";

export type { PersonKindSpec } from "./kinds/types";
import { bringInLine, deactivate, type MemberApi } from "./member-changes";
import type { InviteOutputs, MemberOutputs } from "./outputs";
import {
  declaredFrom,
  declaredIn,
  invitedPerson,
  joined,
  joinedPerson,
  memberRecordOf,
  recordedPerson,
  type Person,
  type RecordedPerson,
} from "./person";
import { adoptOrSendInvite, withdrawInvite, withProvider, type InviteSession } from "./send-invite";
import { kindShell } from "./provider-shell";
import { currentSession, serviceNowForDiff } from "./session";
import type { TenancyIndex } from "./tenancy";

/** Inputs as the engine hands them over, with the serialized provider beside them. */
export type ProviderInputs = InviteInputs & { __provider?: string };
/**
 * Outputs as recorded in state, with the serialized provider beside them. State written by an earlier
 * version may lack the declared copy of email and message (0.1.0) or a switch added since, hence
 * optional here; the handlers default them, and every handler writes them.
 */
export type ProviderOutputs = Omit<
  InviteOutputs,
  "declaredEmail" | "declaredMessage" | keyof InviteSwitches
> &
  Partial<Pick<InviteOutputs, "declaredEmail" | "declaredMessage"> & InviteSwitches> & {
    __provider?: string;
  };
/** A Member's inputs as the engine hands them over, with the serialized provider beside them. */
export type MemberProviderInputs = MemberInputs & { __provider?: string };
/**
 * A Member's recorded outputs with the serialized provider beside them; after a move from `Invite`
 * they are an Invite's until the first update rewrites them, hence all optional.
 */
export type MemberProviderOutputs = Partial<MemberOutputs> & { __provider?: string };

/**
 * What the lifecycle uses of a deployment's session: the API calls, the shared listings and the cap.
 * @internal
 */
export interface PersonSession extends InviteSession {
  /** The API client. */
  client: InviteSession["client"] & MemberApi & Pick<DataTrailsClient, "serverNow">;
  /** The shared listings of the tenancy. */
  tenancy: InviteSession["tenancy"] &
    Pick<TenancyIndex, "activeMember" | "memberWithEmail" | "memberByIdentity" | "invite">;
}

type Fields = Readonly<Record<string, unknown>>;
type Outputs = Record<string, unknown>;

function outputs(kind: PersonKindSpec, person: Person): Outputs {
  return kind.present(person) as Outputs;
}

/**
 * Creates a person: with access management, takes over the member with this email (reactivated,
 * roles made to match `owner`; no email); without, records an active member as is. Anyone else is
 * invited, or their pending invite adopted (or refused, naming the way to adopt it).
 * @internal
 */
export async function createPerson(
  session: PersonSession,
  kind: PersonKindSpec,
  inputs: Fields,
): Promise<{ id: string; outs: Outputs }> {
  const { client, tenancy } = session;
  const switches = switchesOf(kind, inputs);
  const declared = declaredFrom(inputs);
  const email = declared.email;
  const manage = kind.policy.manageAccess;
  const member = manage
    ? await tenancy.memberWithEmail(email, "create")
    : await tenancy.activeMember(email, "create");
  if (member) {
    const current = manage ? await bringInLine(client, member, switches.owner === true) : member;
    return {
      id: current.identity,
      outs: outputs(kind, joinedPerson(current, undefined, switches, declared)),
    };
  }
  return adoptOrSendInvite(
    session,
    {
      email,
      ...(typeof inputs.message === "string" ? { message: inputs.message } : {}),
      adopt: switches.adopt === true,
      resource: kind.name,
      providerString: typeof inputs.__provider === "string" ? inputs.__provider : undefined,
    },
    (invite, adopted) =>
      outputs(kind, invitedPerson(invite, switches, adopted, client.serverNow(), declared)),
  );
}

/** The member a recorded person names: by membership when known, else by email. */
async function memberOf(
  session: PersonSession,
  kind: PersonKindSpec,
  recorded: RecordedPerson,
): Promise<MemberRecord | undefined> {
  const { tenancy } = session;
  if (recorded.memberIdentity !== null) return tenancy.memberByIdentity(recorded.memberIdentity);
  const email = recorded.declared.email || recorded.email;
  if (email === "") return undefined;
  return kind.policy.manageAccess ? tenancy.memberWithEmail(email) : tenancy.activeMember(email);
}

/**
 * Refreshes from DataTrails. An invite still there is pending (or expired by the service's clock);
 * once it is gone, the membership decides (with access management, an inactive member is recorded
 * as such; without, only an active one counts). With no member at all the resource is dropped, so
 * the next `up` invites again. Every other failure throws: it never means "gone".
 * @internal
 */
export async function readPerson(
  session: PersonSession,
  kind: PersonKindSpec,
  id: string,
  olds: Fields,
): Promise<{ id?: string; props?: Outputs }> {
  const { tenancy, client } = session;
  const recorded = recordedPerson(kind, id, olds);
  const providerString = typeof olds.__provider === "string" ? olds.__provider : undefined;
  if (recorded.memberIdentity === null && recorded.inviteIdentity !== null) {
    const invite = await tenancy.invite(recorded.inviteIdentity);
    if (invite && recorded.email !== "" && invite.email.toLowerCase() !== recorded.email.toLowerCase()) {
      throw new DataTrailsError(
        `DataTrails returned invite ${invite.identity} for ${invite.email}, but state records it for ` +
          `${recorded.email}: refusing to record another person's invite; check that datatrails:url ` +
          `points at the right tenancy`,
      );
    }
    if (invite) {
      // State from 0.1.0 has no declared copy: its recorded outputs are what was declared, as far as
      // anyone knows (the service's fresh copy may have been rewritten since).
      const declared = declaredIn(olds, { email: invite.email, message: invite.message });
      const person = invitedPerson(invite, recorded.switches, recorded.adopted, client.serverNow(), declared);
      return { id, props: withProvider(outputs(kind, person), providerString) };
    }
  }
  const member = await memberOf(session, kind, recorded);
  if (!member || (!kind.policy.manageAccess && !member.active)) return {};
  const declared = declaredIn(olds, { email: member.email, message: "" });
  const person = joinedPerson(member, recorded, recorded.switches, declared);
  return { id, props: withProvider(outputs(kind, person), providerString) };
}

/** The member as recorded, or (for an Invite's state, which records no roles) as listed now. */
async function knownMember(
  session: PersonSession,
  kind: PersonKindSpec,
  recorded: RecordedPerson,
): Promise<MemberRecord> {
  if (recorded.memberIdentity !== null && recorded.roles !== undefined) {
    return memberRecordOf(recorded, recorded.memberIdentity);
  }
  const member = await memberOf(session, kind, recorded);
  if (!member) {
    throw new DataTrailsError(
      `the member recorded for ${recorded.declared.email || recorded.email} ` +
        `(${recorded.memberIdentity ?? "no membership recorded"}) is not listed by DataTrails: run ` +
        `pulumi refresh (or up --refresh) to record what happened to them, then up again`,
    );
  }
  return member;
}

/**
 * Records new switches and declaration; nothing is ever sent to a person who is still invited (diff
 * replaces their invite when email or message change). With access management, a member is also
 * given the access declared: reactivated if inactive, and roles set to match `owner` (one PATCH, only
 * when they differ); state another kind wrote is rewritten as this kind's.
 * @internal
 */
export async function updatePerson(
  session: PersonSession,
  kind: PersonKindSpec,
  id: string,
  olds: Fields,
  news: Fields,
): Promise<{ outs: Outputs }> {
  const recorded = recordedPerson(kind, id, olds);
  const switches = switchesOf(kind, news);
  const declared = declaredFrom(news);
  if (!kind.policy.manageAccess || !joined(recorded)) {
    return { outs: outputs(kind, { ...recorded, switches, declared }) };
  }
  const known = await knownMember(session, kind, recorded);
  const current = await bringInLine(session.client, known, switches.owner === true);
  return { outs: outputs(kind, joinedPerson(current, recorded, switches, declared)) };
}

/**
 * Withdraws the invite of someone who has not joined (already gone counts as done). A member is
 * never removed without access management; with it, `onRemove` decides: `deactivate` deactivates
 * the membership (refusing the last active Owner), `keep` only forgets it.
 * @internal
 */
export async function deletePerson(
  session: PersonSession,
  kind: PersonKindSpec,
  id: string,
  olds: Fields,
): Promise<void> {
  const recorded = recordedPerson(kind, id, olds);
  if (!joined(recorded)) {
    if (recorded.inviteIdentity !== null) await withdrawInvite(session, recorded.inviteIdentity);
    return;
  }
  if (!kind.policy.manageAccess || recorded.switches.onRemove !== "deactivate") return;
  if (recorded.memberIdentity !== null) {
    await deactivate(session.client, memberRecordOf(recorded, recorded.memberIdentity));
  }
}

/**
 * A kind's dynamic provider: the person lifecycle over the deployment's session (session.ts), with
 * `check` by the kind's table. Pulumi serializes a reference to the module exporting it, never its
 * values: credentials and connections live in the session, filled at run time by configure().
 * @internal
 */
export function personProvider<I, O>(
  kind: PersonKindSpec,
  session: () => PersonSession = currentSession,
): Required<dynamic.ResourceProvider<I, O>> {
  const fields = (value: unknown): Fields => (value ?? {}) as Fields;
  return {
    ...kindShell<I>(kind, session),
    /** Plans replace or update without calling the API (see {@link diffPerson}). */
    async diff(id, olds, news) {
      // The clock read and create judge expiry by, so a diff never disagrees with the last refresh.
      const result = diffPerson(kind, id, fields(olds), fields(news), serviceNowForDiff());
      return result.replaces.length > 0 ? result : { changes: result.changes };
    },
    create: async (inputs) =>
      (await createPerson(session(), kind, fields(inputs))) as dynamic.CreateResult<O>,
    read: async (id, props) =>
      (await readPerson(session(), kind, id, fields(props))) as dynamic.ReadResult<O>,
    update: async (id, olds, news) =>
      (await updatePerson(session(), kind, id, fields(olds), fields(news))) as dynamic.UpdateResult<O>,
    delete: (id, props) => deletePerson(session(), kind, id, fields(props)),
  };
}
