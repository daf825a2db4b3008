// The dynamic provider itself. Pulumi serializes a reference to this module (never its values) into
// every Invite's state, so everything here that holds credentials or connections lives in
// module-level state filled at run time by configure(), never at program time.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsClient, DataTrailsError, isNotFound, type Invite as WireInvite } from "../client";
import { checkInviteInputs, InviteInputs } from "./inputs";
import { diffInvite } from "./diff";
import { acceptedOutputs, effectiveSwitches, inviteOutputs, InviteOutputs } from "./outputs";
import { clientOptionsFor, ConfigSource, resolveSettings, ProviderSettings } from "./settings";
import { TenancyIndex } from "./tenancy";

/** Inputs as the engine hands them over, with the serialized provider beside them. */
export type ProviderInputs = InviteInputs & { __provider?: string };
/** Outputs as recorded in state, with the serialized provider beside them. */
export type ProviderOutputs = InviteOutputs & { __provider?: string };

/**
 * An error from `create` after the invite already exists: Pulumi reads `id` and `properties` and keeps
 * the invite in state, so it is neither orphaned nor sent twice.
 */
export class InviteCreatedButFailedError extends DataTrailsError {
  /** Identity of the invite that was created. */
  readonly id: string;
  /** Outputs recorded for it. */
  readonly properties: Record<string, unknown>;
  /** Why the create did not finish. */
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>) {
    super(message);
    this.name = "InviteCreatedButFailedError";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}

interface Session {
  settings: ProviderSettings;
  client: DataTrailsClient;
  tenancy: TenancyIndex;
}

let configured: ConfigSource | undefined;
let session: Session | undefined;

function current(): Session {
  if (!session) {
    // Without configure() (e.g. a program calling the handlers directly) the environment is the only source.
    const settings = resolveSettings(configured, process.env);
    const client = new DataTrailsClient(clientOptionsFor(settings));
    session = { settings, client, tenancy: new TenancyIndex(client, () => client.serverNow()) };
  }
  return session;
}

function now(): number {
  return current().client.serverNow();
}

/**
 * Reads the provider's settings from stack config (secrets arrive decrypted), falling back to the
 * environment. Fails early, listing every way to give credentials, when there are none.
 */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  configured = req.config;
  session = undefined;
  current();
}

/** Validates inputs; reports every failure at once and makes no API call. */
export async function check(
  _olds: ProviderInputs,
  news: ProviderInputs,
): Promise<dynamic.CheckResult<ProviderInputs>> {
  const { inputs, failures } = checkInviteInputs(news as unknown as Record<string, unknown>);
  // Configuration problems surface at preview, before any invite could be sent.
  current();
  return { inputs: inputs as unknown as ProviderInputs, failures };
}

/** Plans replace or update without calling the API. */
export async function diff(
  _id: string,
  olds: ProviderOutputs,
  news: ProviderInputs,
): Promise<dynamic.DiffResult> {
  const result = diffInvite(
    olds as unknown as Record<string, unknown>,
    news as unknown as Record<string, unknown>,
    Date.now(),
  );
  return result.replaces.length > 0 ? result : { changes: result.changes };
}

function stateOf(outputs: InviteOutputs, providerString: string | undefined): ProviderOutputs {
  return providerString === undefined ? outputs : { ...outputs, __provider: providerString };
}

/**
 * Invites the person unless they are already a member (then records the member, sending nothing) or
 * already hold a pending invite (adopted when `adopt` is set, else refused with the way to adopt it).
 */
export async function create(inputs: ProviderInputs): Promise<dynamic.CreateResult<ProviderOutputs>> {
  const { client, tenancy } = current();
  const member = await tenancy.activeMember(inputs.email, "deployment");
  if (member) {
    return { id: member.identity, outs: acceptedOutputs(member, undefined, inputs) };
  }
  const pending = await tenancy.pendingInvites(inputs.email, "deployment");
  if (pending.length > 0) {
    const existing = pending[0];
    if (!effectiveSwitches(inputs).adopt) {
      throw new DataTrailsError(
        `${inputs.email} already has a pending invite (${existing.identity}, expires ${existing.expiryTime}) ` +
          `that this stack does not manage. Set adopt: true on this Invite to take it over without sending ` +
          `another email, or delete that invite first.`,
      );
    }
    return { id: existing.identity, outs: inviteOutputs(existing, inputs, true, now()) };
  }

  const invite = await client.createInvite(
    { email: inputs.email, ...(inputs.message !== undefined ? { message: inputs.message } : {}) },
    // Any invite listed for this email now (expired ones too) is not the one this create makes.
    { knownIdentities: await tenancy.inviteIdentities(inputs.email, "deployment") },
  );
  tenancy.recordCreated(invite);
  try {
    return { id: invite.identity, outs: checkedOutputs(invite, inputs) };
  } catch (err) {
    const outs = stateOf(inviteOutputs(invite, inputs, false, now()), inputs.__provider);
    throw new InviteCreatedButFailedError(
      `invite ${invite.identity} was created, but ${(err as Error).message}`,
      invite.identity,
      outs as unknown as Record<string, unknown>,
    );
  }
}

function checkedOutputs(invite: WireInvite, inputs: ProviderInputs): InviteOutputs {
  if (invite.email.toLowerCase() !== inputs.email.toLowerCase()) {
    throw new DataTrailsError(
      `DataTrails answered with an invite for ${invite.email}, not ${inputs.email}: ` +
        `the invite is kept in state so that destroy or the next up can remove it`,
    );
  }
  return inviteOutputs(invite, inputs, false, now());
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
  const { tenancy } = current();
  const inputs = props ?? ({} as ProviderOutputs);
  if (id.startsWith("members/")) {
    const member = await tenancy.memberByIdentity(id, "fresh");
    if (!member || !member.active) return {};
    return { id, props: stateOf(acceptedOutputs(member, inputs, inputs), inputs.__provider) };
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
    const outs = inviteOutputs(invite, inputs, inputs.adopted === true, now());
    return { id, props: stateOf(outs, inputs.__provider) };
  }
  const email = typeof inputs.email === "string" ? inputs.email : "";
  const member = email === "" ? undefined : await tenancy.activeMember(email, "fresh");
  if (!member) return {};
  return { id, props: stateOf(acceptedOutputs(member, inputs, inputs), inputs.__provider) };
}

/** Records new `adopt` / `renewExpired` values; nothing is sent (invites cannot be updated). */
export async function update(
  _id: string,
  olds: ProviderOutputs,
  news: ProviderInputs,
): Promise<dynamic.UpdateResult<ProviderOutputs>> {
  const { __provider, ...outs } = olds;
  return { outs: { ...outs, ...effectiveSwitches(news) } };
}

/** Deletes a pending or expired invite (already gone counts as done); never removes a member. */
async function deleteInvite(id: string, props: ProviderOutputs): Promise<void> {
  if (props.status === "accepted" || id.startsWith("members/")) return;
  const { client, tenancy } = current();
  try {
    await client.deleteInvite(id);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  tenancy.recordDeleted(id);
}

export { deleteInvite as delete };
