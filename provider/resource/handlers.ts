// The dynamic provider itself. Pulumi serializes a reference to this module (never its values) into
// every Invite's state, so everything here that holds credentials or connections lives in
// module-level state filled at run time by configure(), never at program time.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsClient, DataTrailsError, isNotFound, type InviteRecord } from "../client";
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
import {
  clientOptionsFor,
  ConfigSource,
  resolveSettings,
  ProviderSettings,
  tenancyOptionsFor,
} from "./settings";
import { TenancyIndex } from "./tenancy";

/** Inputs as the engine hands them over, with the serialized provider beside them. */
export type ProviderInputs = InviteInputs & { __provider?: string };
/**
 * Outputs as recorded in state, with the serialized provider beside them. State written by 0.1.0 has
 * no declared copy of email and message, hence optional here; every handler writes them.
 */
export type ProviderOutputs = Omit<InviteOutputs, "declaredEmail" | "declaredMessage"> &
  Partial<Pick<InviteOutputs, "declaredEmail" | "declaredMessage">> & { __provider?: string };

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
    const tenancy = new TenancyIndex(client, () => client.serverNow(), tenancyOptionsFor(settings));
    session = { settings, client, tenancy };
  }
  return session;
}

/**
 * The client of the configured session (settings from the last `configure()`, else the environment).
 * The native provider plugin's functions and imports use it, so they share the resources' settings,
 * token and clock.
 * @internal
 */
export function configuredClient(): DataTrailsClient {
  return current().client;
}

function now(): number {
  return current().client.serverNow();
}

// Diff makes no request and never failed on missing settings (check() reports those): without a
// session the local clock is the only estimate of the service's there is.
function nowForDiff(): number {
  try {
    return now();
  } catch {
    return Date.now();
  }
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
    olds,
    news as unknown as Record<string, unknown>,
    // The clock read and create judge expiry by, so a diff never disagrees with the last refresh.
    nowForDiff(),
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
  const { member, pending, known } = await tenancy.beforeCreate(inputs.email);
  if (member) {
    return { id: member.identity, outs: acceptedOutputs(member, undefined, inputs, declaredFrom(inputs)) };
  }
  if (pending.length > 0) {
    const existing = pending[0];
    if (!effectiveSwitches(inputs).adopt) {
      throw new DataTrailsError(
        `${inputs.email} already has a pending invite (${existing.identity}, expires ${existing.expiryTime}) ` +
          `that this stack does not manage. Set adopt: true on this Invite to take it over without sending ` +
          `another email, or delete that invite first.`,
      );
    }
    return {
      id: existing.identity,
      outs: inviteOutputs(existing, inputs, true, now(), declaredFrom(inputs)),
    };
  }

  const invite = await client.createInvite(
    { email: inputs.email, ...(inputs.message !== undefined ? { message: inputs.message } : {}) },
    // Any invite listed for this email now (expired ones too) is not the one this create makes.
    { knownIdentities: known },
  );
  tenancy.recordCreated(invite);
  try {
    return { id: invite.identity, outs: checkedOutputs(invite, inputs) };
  } catch (err) {
    const outs = stateOf(
      inviteOutputs(invite, inputs, false, now(), declaredFrom(inputs)),
      inputs.__provider,
    );
    throw new InviteCreatedButFailedError(
      `invite ${invite.identity} was created, but ${(err as Error).message}`,
      invite.identity,
      outs,
    );
  }
}

function checkedOutputs(invite: InviteRecord, inputs: ProviderInputs): InviteOutputs {
  if (invite.email.toLowerCase() !== inputs.email.toLowerCase()) {
    throw new DataTrailsError(
      `DataTrails answered with an invite for ${invite.email}, not ${inputs.email}: ` +
        `the invite is kept in state so that destroy or the next up can remove it`,
    );
  }
  return inviteOutputs(invite, inputs, false, now(), declaredFrom(inputs));
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
    const member = await tenancy.memberByIdentity(id);
    if (!member || !member.active) return {};
    const declared = declaredIn(inputs, { email: member.email, message: "" });
    return { id, props: stateOf(acceptedOutputs(member, inputs, inputs, declared), inputs.__provider) };
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
    return { id, props: stateOf(outs, inputs.__provider) };
  }
  const email = typeof inputs.email === "string" ? inputs.email : "";
  const member = email === "" ? undefined : await tenancy.activeMember(email);
  if (!member) return {};
  const declared = declaredIn(inputs, { email: member.email, message: "" });
  return { id, props: stateOf(acceptedOutputs(member, inputs, inputs, declared), inputs.__provider) };
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
  const { client, tenancy } = current();
  try {
    await client.deleteInvite(id);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  tenancy.recordDeleted(id);
}

export { deleteInvite as delete };
