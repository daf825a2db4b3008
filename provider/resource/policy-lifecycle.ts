// The AccessPolicy's lifecycle: create (after the cap check), read (the stored policy as outputs and
// inputs, so a refresh sees web-UI edits), update (one PATCH of exactly the fields that differ, or
// nothing) and delete (already gone counts as done). Every operation takes the deployment's session
// as a parameter, so the lifecycle is tested against a stub client.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isNotFound, type DataTrailsClient } from "../client";
import { ACCESS_POLICY, type ChangeBy } from "./kinds";
import {
  changedPolicyFields,
  policyInputOf,
  policyInputsFor,
  policyOutputs,
  policyPatchFor,
} from "./policy-plan";
import type { AccessPolicyOutputs } from "./policy-plan";
import type { PolicyQuota } from "./policy-quota";
import { isCapRefusal } from "./quota";
import { kindShell } from "./provider-shell";
import { currentSession } from "./session";

type Values = Readonly<Record<string, unknown>>;

/**
 * What the policy lifecycle uses of a deployment's session: the policy calls and the cap.
 * @internal
 */
export interface PolicySession {
  /** The API client. */
  client: Pick<
    DataTrailsClient,
    "createAccessPolicy" | "getAccessPolicy" | "updateAccessPolicy" | "deleteAccessPolicy"
  >;
  /** The cap of access policies. */
  policyQuota: Pick<PolicyQuota, "ensureRoom" | "noteSent" | "noteWithdrawn" | "refusal">;
}

/**
 * Creates the declared policy, once the cap says there is room (a 402 is reported the same way).
 * @internal
 */
export async function createPolicy(
  session: PolicySession,
  inputs: Values,
): Promise<{ id: string; outs: AccessPolicyOutputs }> {
  const input = policyInputOf(inputs);
  await session.policyQuota.ensureRoom(input.displayName);
  try {
    const created = await session.client.createAccessPolicy(input);
    session.policyQuota.noteSent();
    return { id: created.identity, outs: policyOutputs(created) };
  } catch (err) {
    throw isCapRefusal(err) ? await session.policyQuota.refusal(input.displayName, err) : err;
  }
}

/**
 * Reads the stored policy: its outputs, and the inputs that declare it (so an import previews clean
 * and a refresh records what the web UI changed). Gone drops the resource.
 * @internal
 */
export async function readPolicy(
  session: PolicySession,
  id: string,
): Promise<{ id?: string; props?: AccessPolicyOutputs; inputs?: Record<string, unknown> }> {
  try {
    const props = policyOutputs(await session.client.getAccessPolicy(id));
    return { id: props.identity, props, inputs: policyInputsFor({ ...props }) };
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
}

/**
 * Makes the stored policy the declared one with one PATCH of exactly the fields that differ (with a
 * mask); sends nothing when none does.
 * @internal
 */
export async function updatePolicy(
  session: PolicySession,
  id: string,
  olds: Values,
  news: Values,
): Promise<{ outs: AccessPolicyOutputs }> {
  const patch = policyPatchFor(olds, news);
  if (patch === undefined) return { outs: olds as unknown as AccessPolicyOutputs };
  return { outs: policyOutputs(await session.client.updateAccessPolicy(id, patch)) };
}

/**
 * Deletes the policy; already gone counts as done.
 * @internal
 */
export async function deletePolicy(session: PolicySession, id: string): Promise<void> {
  try {
    await session.client.deleteAccessPolicy(id);
    session.policyQuota.noteWithdrawn();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * The AccessPolicy's dynamic provider: the policy lifecycle over the deployment's session, with
 * `check` by the kind's table. Pulumi serializes a reference to the module exporting it, never its
 * values.
 * @internal
 */
export function policyProvider<I, O>(
  session: () => PolicySession = currentSession,
): Required<dynamic.ResourceProvider<I, O>> {
  const values = (value: unknown): Values => (value ?? {}) as Values;
  return {
    ...kindShell<I>(ACCESS_POLICY, session),
    /** Plans what the fields that differ from the stored policy ask for by the table (every one: an update). */
    async diff(_id, olds, news) {
      const changed = changedPolicyFields(values(olds), values(news));
      const fields: Readonly<Record<string, { change?: ChangeBy }>> = ACCESS_POLICY.fields;
      const replaces = changed.filter((name) => fields[name].change === "replace");
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    },
    create: async (inputs) => (await createPolicy(session(), values(inputs))) as dynamic.CreateResult<O>,
    read: async (id) => (await readPolicy(session(), id)) as dynamic.ReadResult<O>,
    update: async (id, olds, news) =>
      (await updatePolicy(session(), id, values(olds), values(news))) as dynamic.UpdateResult<O>,
    delete: (id) => deletePolicy(session(), id),
  };
}
