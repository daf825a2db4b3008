// The Invite's dynamic provider. Pulumi serializes a reference to this module (never its values) into
// every Invite's state, so everything that holds credentials or connections lives in session.ts's
// module-level state, filled at run time by configure(), never at program time.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsError } from "../client";
import { checkInviteInputs, InviteInputs } from "./inputs";
import { diffInvite } from "./diff";
import {
  acceptedOutputs,
  declaredFrom,
  declaredIn,
  effectiveSwitches,
  inviteOutputs,
  InviteOutputs,
} from "./outputs";
import { adoptOrSendInvite, withdrawInvite, withProvider } from "./send-invite";
import {
  configureSession,
  currentSession,
  serviceNow as now,
  serviceNowForDiff as nowForDiff,
} from "./session";

export { InviteCreatedButFailedError } from "./send-invite";

/** Inputs as the engine hands them over, with the serialized provider beside them. */
export type ProviderInputs = InviteInputs & { __provider?: string };
/**
 * Outputs as recorded in state, with the serialized provider beside them. State written by 0.1.0 has
 * no declared copy of email and message, hence optional here; every handler writes them.
 */
export type ProviderOutputs = Omit<InviteOutputs, "declaredEmail" | "declaredMessage"> &
  Partial<Pick<InviteOutputs, "declaredEmail" | "declaredMessage">> & { __provider?: string };

/**
 * Reads the provider's settings from stack config (secrets arrive decrypted), falling back to the
 * environment. Fails early, listing every way to give credentials, when there are none.
 */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  await configureSession("Invite", req);
}

/** Validates inputs; reports every failure at once and makes no API call. */
export async function check(
  _olds: ProviderInputs,
  news: ProviderInputs,
): Promise<dynamic.CheckResult<ProviderInputs>> {
  const { inputs, failures } = checkInviteInputs(news as unknown as Record<string, unknown>);
  // Configuration problems surface at preview, before any invite could be sent.
  currentSession();
  return { inputs: inputs as unknown as ProviderInputs, failures };
}

/** Plans replace or update without calling the API. */
export async function diff(
  _id: string,
  olds: ProviderOutputs,
  news: ProviderInputs,
): Promise<dynamic.DiffResult> {
  const result = diffInvite(
    olds,
    news as unknown as Record<string, unknown>,
    // The clock read and create judge expiry by, so a diff never disagrees with the last refresh.
    nowForDiff(),
  );
  return result.replaces.length > 0 ? result : { changes: result.changes };
}

/**
 * Invites the person unless they are already a member (then records the member, sending nothing) or
 * already hold a pending invite (adopted when `adopt` is set, else refused with the way to adopt it).
 */
export async function create(inputs: ProviderInputs): Promise<dynamic.CreateResult<ProviderOutputs>> {
  const { tenancy } = currentSession();
  const member = await tenancy.activeMember(inputs.email, "create");
  if (member) {
    return { id: member.identity, outs: acceptedOutputs(member, undefined, inputs, declaredFrom(inputs)) };
  }
  return adoptOrSendInvite(
    {
      email: inputs.email,
      ...(inputs.message !== undefined ? { message: inputs.message } : {}),
      adopt: effectiveSwitches(inputs).adopt,
      resource: "Invite",
      providerString: inputs.__provider,
    },
    (invite, adopted) => inviteOutputs(invite, inputs, adopted, now(), declaredFrom(inputs)),
  );
}

/**
 * Refreshes from DataTrails. A missing invite whose email is now an active member was accepted (kept);
 * one with no member was revoked or purged (dropped, so the next `up` invites again). Every other
 * failure throws: it never means "gone".
 */
export async function read(
  id: string,
  props?: ProviderOutputs,
): Promise<dynamic.ReadResult<ProviderOutputs>> {
  const { tenancy } = currentSession();
  const inputs = props ?? ({} as ProviderOutputs);
  if (id.startsWith("members/")) {
    const member = await tenancy.memberByIdentity(id);
    if (!member || !member.active) return {};
    const declared = declaredIn(inputs, { email: member.email, message: "" });
    return { id, props: withProvider(acceptedOutputs(member, inputs, inputs, declared), inputs.__provider) };
  }
  const invite = await tenancy.invite(id);
  if (
    invite &&
    typeof inputs.email === "string" &&
    invite.email.toLowerCase() !== inputs.email.toLowerCase()
  ) {
    throw new DataTrailsError(
      `DataTrails returned invite ${id} for ${invite.email}, but state records it for ${inputs.email}: ` +
        `refusing to record another person's invite; check that datatrails:url points at the right tenancy`,
    );
  }
  if (invite) {
    // State from 0.1.0 has no declared copy: its recorded outputs are what was declared, as far as
    // anyone knows (the service's fresh copy may have been rewritten since).
    const declared = declaredIn(inputs, { email: invite.email, message: invite.message });
    const outs = inviteOutputs(invite, inputs, inputs.adopted === true, now(), declared);
    return { id, props: withProvider(outs, inputs.__provider) };
  }
  const email = typeof inputs.email === "string" ? inputs.email : "";
  const member = email === "" ? undefined : await tenancy.activeMember(email);
  if (!member) return {};
  const declared = declaredIn(inputs, { email: member.email, message: "" });
  return { id, props: withProvider(acceptedOutputs(member, inputs, inputs, declared), inputs.__provider) };
}

/**
 * Records new `adopt` / `renewExpired` values and the declaration they came with; nothing is sent
 * (invites cannot be updated, and diff plans an update only when email and message are unchanged).
 */
export async function update(
  _id: string,
  olds: ProviderOutputs,
  news: ProviderInputs,
): Promise<dynamic.UpdateResult<ProviderOutputs>> {
  const { __provider, ...outs } = olds;
  const declared = declaredFrom(news);
  return {
    outs: {
      ...outs,
      ...effectiveSwitches(news),
      declaredEmail: declared.email,
      declaredMessage: declared.message,
    },
  };
}

/** Deletes a pending or expired invite (already gone counts as done); never removes a member. */
async function deleteInvite(id: string, props: ProviderOutputs): Promise<void> {
  if (props.status === "accepted" || id.startsWith("members/")) return;
  await withdrawInvite(id);
}

export { deleteInvite as delete };
