// The engine's side of the gRPC conversation with the dynamic-provider host, reduced to what a soak
// needs: one provider process per deployment, Check → Create, Read, Delete, each ending in an outcome
// the soak can record instead of an exception.
import type { RunningEmulator } from "../../emulator";
import { HostCallError, startHost, type Host, type HostPool, type Props } from "../../tools/host";
import type { CreateOutcome, Recorded } from "./ledger";
import { providerConfig, type SoakSettings } from "./settings";

/**
 * A provider process as the engine starts one for a deployment, configured with the soak's stack config.
 *
 * @param pool - Takes a host warmed up in the background from this pool instead of starting one now.
 */
export async function deployment(emu: RunningEmulator, s: SoakSettings, pool?: HostPool): Promise<Host> {
  const host = pool ? await pool.take() : await startHost();
  const { config, secretKeys } = providerConfig(emu, s);
  try {
    await host.configure(config, secretKeys);
  } catch (err) {
    await host.stop();
    throw err;
  }
  return host;
}

function messageOf(err: unknown): string {
  if (err instanceof HostCallError) return err.details;
  return err instanceof Error ? err.message : String(err);
}

/** Check then Create, as `pulumi up` does for a new resource; never throws for a provider failure. */
export async function createThroughHost(
  host: Host,
  email: string,
  extra: Props = {},
): Promise<CreateOutcome> {
  let inputs: Props;
  try {
    const checked = await host.check({}, { email, message: `soak invite for ${email}`, ...extra });
    if (checked.failures.length > 0) {
      return { email, kind: "failed", message: `Check: ${JSON.stringify(checked.failures)}` };
    }
    inputs = checked.inputs;
  } catch (err) {
    return { email, kind: "failed", message: messageOf(err) };
  }
  try {
    const created = await host.create(inputs);
    return { email, kind: "created", id: created.id, props: created.properties, inputs };
  } catch (err) {
    if (err instanceof HostCallError && err.initFailure && err.initFailure.id !== "") {
      const f = err.initFailure;
      return { email, kind: "init-failed", id: f.id, props: f.properties, inputs, message: err.details };
    }
    if (!(err instanceof HostCallError)) throw err;
    return { email, kind: "failed", message: err.details };
  }
}

/** How a refresh of one resource ended. */
export type ReadOutcome =
  | { kind: "found"; rec: Recorded }
  /** The provider says it no longer exists: the engine drops it from state. */
  | { kind: "gone" }
  | { kind: "failed"; message: string };

/** Read(id, outputs, inputs), as `pulumi refresh` does. */
export async function readThroughHost(host: Host, rec: Recorded): Promise<ReadOutcome> {
  try {
    const res = await host.read(rec.id, rec.props, rec.inputs);
    if (res.id === "") return { kind: "gone" };
    return { kind: "found", rec: { id: res.id, props: res.properties, inputs: res.inputs ?? rec.inputs } };
  } catch (err) {
    if (!(err instanceof HostCallError)) throw err;
    return { kind: "failed", message: err.details };
  }
}

/** Delete(id, outputs), as `pulumi up` does for a resource removed from the program. @returns the error message, if any */
export async function deleteThroughHost(host: Host, rec: Recorded): Promise<string | undefined> {
  try {
    await host.delete(rec.id, rec.props);
    return undefined;
  } catch (err) {
    if (!(err instanceof HostCallError)) throw err;
    return err.details;
  }
}

/** The identity named by the provider's refusal to invite an email that already holds a pending invite. */
export function refusedPendingIdentity(message: string): string | undefined {
  return /already has a pending invite \((invites\/[0-9a-f-]+)/.exec(message)?.[1];
}
