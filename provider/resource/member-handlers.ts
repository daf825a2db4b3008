// The Member's dynamic provider. Like the Invite's (handlers.ts), Pulumi serializes a reference to this
// module, never its values; the client, the tenancy listings and the cap live in session.ts, shared
// with the Invite's handlers for the whole deployment.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsError, type MemberRecord } from "../client";
import { bringInLine, deactivate } from "./member-changes";
import { diffMember } from "./member-diff";
import { checkMemberInputs, memberSwitches, type MemberInputs } from "./member-inputs";
import {
  invitedOutputs,
  joinedOutputs,
  recordedMember,
  recordedOutputs,
  type MemberOutputs,
  type RecordedMember,
} from "./member-outputs";
import { declaredFrom, declaredIn } from "./outputs";
import { adoptOrSendInvite, withdrawInvite, withProvider } from "./send-invite";
import { configureSession, currentSession, serviceNow, serviceNowForDiff } from "./session";

/** A Member's inputs as the engine hands them over, with the serialized provider beside them. */
export type MemberProviderInputs = MemberInputs & { __provider?: string };
/**
 * A Member's recorded outputs with the serialized provider beside them; after a move from `Invite`
 * they are an Invite's until the first update rewrites them, hence all optional (and read through
 * {@link recordedMember}, which understands both).
 */
export type MemberProviderOutputs = Partial<MemberOutputs> & { __provider?: string };

function fields(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}

/**
 * Reads the provider's settings (stack config first, then the environment), joining the session the
 * Invite's provider started with the same settings in this deployment.
 */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  await configureSession("Member", req);
}

/** Validates inputs with the Invite's field rules plus `owner` and `onRemove`; makes no API call. */
export async function check(
  _olds: MemberProviderInputs,
  news: MemberProviderInputs,
): Promise<dynamic.CheckResult<MemberProviderInputs>> {
  const { inputs, failures } = checkMemberInputs(fields(news));
  // Configuration problems surface at preview, before any invite could be sent.
  currentSession();
  return { inputs: inputs as unknown as MemberProviderInputs, failures };
}

/** Plans replace or update without calling the API (see {@link diffMember}). */
export async function diff(
  id: string,
  olds: MemberProviderOutputs,
  news: MemberProviderInputs,
): Promise<dynamic.DiffResult> {
  const result = diffMember(id, fields(olds), fields(news), serviceNowForDiff());
  return result.replaces.length > 0 ? result : { changes: result.changes };
}

/**
 * Takes over an active member with this email (roles made to match `owner`; no email), reactivates
 * an inactive one, adopts or refuses a pending invite as `Invite` does, or else invites the person.
 */
export async function create(
  inputs: MemberProviderInputs,
): Promise<dynamic.CreateResult<MemberProviderOutputs>> {
  const { client, tenancy } = currentSession();
  const switches = memberSwitches(fields(inputs));
  const declared = declaredFrom(inputs);
  const member = await tenancy.memberWithEmail(inputs.email, "create");
  if (member) {
    const joined = await bringInLine(client, member, switches.owner);
    return { id: joined.identity, outs: joinedOutputs(joined, undefined, switches, declared) };
  }
  return adoptOrSendInvite(
    {
      email: inputs.email,
      ...(inputs.message !== undefined ? { message: inputs.message } : {}),
      adopt: switches.adopt,
      resource: "Member",
      providerString: inputs.__provider,
    },
    (invite, adopted) => invitedOutputs(invite, switches, adopted, serviceNow(), declared),
  );
}

/** The member a recorded state names: by membership when known, else by email (any state). */
async function memberOf(recorded: RecordedMember): Promise<MemberRecord | undefined> {
  const { tenancy } = currentSession();
  if (recorded.memberIdentity !== null) return tenancy.memberByIdentity(recorded.memberIdentity);
  const email = recorded.declared.email || recorded.email;
  return email === "" ? undefined : tenancy.memberWithEmail(email);
}

/**
 * Refreshes from DataTrails. An invite still there is `invited` or `expired`; once it is gone, the
 * email's membership decides (`active` with its roles, or `inactive`), and with no member at all the
 * resource is dropped so the next `up` invites again. A recorded membership is read by identity.
 * Every other failure throws: it never means "gone".
 */
export async function read(
  id: string,
  props?: MemberProviderOutputs,
): Promise<dynamic.ReadResult<MemberProviderOutputs>> {
  const { tenancy } = currentSession();
  const olds = props ?? {};
  const recorded = recordedMember(id, fields(olds));
  const declared = declaredIn(fields(olds), { email: recorded.email, message: recorded.message });
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
      const outs = invitedOutputs(invite, recorded.switches, recorded.adopted, serviceNow(), declared);
      return { id, props: withProvider(outs, olds.__provider) };
    }
  }
  const member = await memberOf({ ...recorded, declared });
  if (!member) return {};
  const outs = joinedOutputs(member, recorded, recorded.switches, declared);
  return { id, props: withProvider(outs, olds.__provider) };
}

/**
 * Records new switches and declaration; for a member, also gives them the access declared: an
 * inactive member is reactivated, and the roles are set to match `owner` (one PATCH, only when they
 * differ). An Invite's recorded state is rewritten as a Member's; nothing is ever sent to a person
 * who is still invited (diff replaces their invite when email or message change).
 */
export async function update(
  id: string,
  olds: MemberProviderOutputs,
  news: MemberProviderInputs,
): Promise<dynamic.UpdateResult<MemberProviderOutputs>> {
  const recorded = recordedMember(id, fields(olds));
  const switches = memberSwitches(fields(news));
  const declared = declaredFrom(news);
  if (recorded.status !== "active" && recorded.status !== "inactive") {
    return { outs: recordedOutputs(recorded, switches, declared) };
  }
  const known = await knownMember(recorded);
  const joined = await bringInLine(currentSession().client, known, switches.owner);
  return { outs: joinedOutputs(joined, recorded, switches, declared) };
}

/** The member as recorded, or (for an Invite's state, which records no roles) as listed now. */
async function knownMember(recorded: RecordedMember): Promise<MemberRecord> {
  if (recorded.memberIdentity !== null && recorded.roles !== undefined) {
    return {
      identity: recorded.memberIdentity,
      email: recorded.email,
      displayName: recorded.displayName ?? "",
      active: recorded.status === "active",
      roles: recorded.roles,
    };
  }
  const member = await memberOf(recorded);
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
 * Withdraws the invite of someone who has not joined. For a member, `onRemove` decides: `deactivate`
 * deactivates the membership (refusing the last active Owner), `keep` only forgets it.
 */
async function deleteMember(id: string, props: MemberProviderOutputs): Promise<void> {
  const recorded = recordedMember(id, fields(props));
  if (recorded.status === "invited" || recorded.status === "expired") {
    if (recorded.inviteIdentity !== null) await withdrawInvite(recorded.inviteIdentity);
    return;
  }
  if (recorded.switches.onRemove !== "deactivate" || recorded.memberIdentity === null) return;
  await deactivate(currentSession().client, {
    identity: recorded.memberIdentity,
    email: recorded.email,
    displayName: recorded.displayName ?? "",
    active: recorded.status === "active",
    roles: recorded.roles ?? [],
  });
}

export { deleteMember as delete };
