/**
 * P1: time the provider adds to one create, read and delete. Three sides, alternating: this provider
 * through Pulumi's real dynamic-provider host (gRPC), a do-nothing provider through the same host
 * (what Pulumi's host costs), and the same API call made with the bare client. What the project adds
 * is ours − do-nothing − bare. On loopback, and with 50 ms of emulator latency per request.
 */
import type { DataTrailsClient, InviteRecord } from "../../provider/client";
import type { Host, Props } from "../../tools/host";
import { bareClient, configuredHost, email, type BenchContext } from "../lib/context";
import type { CallCount } from "../lib/emulator";
import { noopProviderSource } from "../lib/noop-provider";
import { atMost, info, type FigureResult, type Row } from "../lib/report";
import { median, nowMs, round } from "../lib/stats";

type Op = "create" | "read" | "delete";
const OPS: readonly Op[] = ["create", "read", "delete"];

/**
 * One create-read-delete cycle of one invite; the time of each op in ms (the host side also times a
 * Diff, an RPC that makes no API call: the floor of what the host adds).
 */
type Cycle = (mail: string) => Promise<Record<Op, number> & { rpcFloor?: number }>;

/**
 * Create and delete go to `host`; read goes to `reader`, a host whose listings are never reused, so
 * that each read asks the service once, as the bare client's GET does (by default a read in the same
 * deployment as the create is served from the deployment's listing, with no request at all).
 */
function hostCycle(host: Host, reader: Host = host): Cycle {
  return async (mail) => {
    // Check is what the engine sends first; it is not part of the timed create.
    const checked = await host.check({}, { email: mail });
    const t0 = nowMs();
    const created = await host.create(checked.inputs);
    const t1 = nowMs();
    const read = await reader.read(created.id, created.properties);
    const t2 = nowMs();
    if (read.id !== created.id) throw new Error(`Read lost ${created.id}`);
    await host.delete(created.id, created.properties as Props);
    const t3 = nowMs();
    await host.diff(created.id, created.properties, checked.inputs);
    const t4 = nowMs();
    return { create: t1 - t0, read: t2 - t1, delete: t3 - t2, rpcFloor: t4 - t3 };
  };
}

function bareCycle(client: DataTrailsClient): Cycle {
  return async (mail) => {
    const t0 = nowMs();
    // knownIdentities: [] is what the provider passes (it knows the tenancy from its listing), so
    // both sides send exactly one POST.
    const created: InviteRecord = await client.createInvite({ email: mail }, { knownIdentities: [] });
    const t1 = nowMs();
    await client.getInvite(created.identity);
    const t2 = nowMs();
    await client.deleteInvite(created.identity);
    const t3 = nowMs();
    return { create: t1 - t0, read: t2 - t1, delete: t3 - t2 };
  };
}

type Side = "host" | "noop" | "bare";
const SIDES: readonly Side[] = ["host", "noop", "bare"];

interface Samples {
  host: Record<Op, number[]>;
  noop: Record<Op, number[]>;
  bare: Record<Op, number[]>;
  rpcFloor: number[];
}

/** Runs `reps` cycles on each side, alternating which side goes first. */
async function measure(
  ctx: BenchContext,
  cycles: Record<Side, Cycle>,
  reps: number,
  label: string,
): Promise<Samples> {
  const samples: Samples = {
    host: { create: [], read: [], delete: [] },
    noop: { create: [], read: [], delete: [] },
    bare: { create: [], read: [], delete: [] },
    rpcFloor: [],
  };
  for (let i = 0; i < reps; i++) {
    // Rotate which side goes first, so none always runs right after another's burst.
    for (let k = 0; k < SIDES.length; k++) {
      const side = SIDES[(i + k) % SIDES.length];
      const times = await cycles[side](email(ctx, `p1-${label}-${side}`, i));
      for (const op of OPS) samples[side][op].push(times[op]);
      if (side === "host" && times.rpcFloor !== undefined) samples.rpcFloor.push(times.rpcFloor);
    }
  }
  return samples;
}

/** API calls of each op of one cycle, counted by the emulator. */
async function callsPerOp(
  ctx: BenchContext,
  host: Host,
  reader: Host,
  client: DataTrailsClient,
): Promise<Record<string, unknown>> {
  const { emu } = ctx;
  const result: Record<string, Record<Op, CallCount>> = {};
  await emu.clearRequests();
  const checked = await host.check({}, { email: email(ctx, "p1-count-host", 0) });
  const created = await host.create(checked.inputs);
  const hostCreate = await emu.count();
  await reader.read(created.id, created.properties);
  const hostRead = await emu.count();
  await host.delete(created.id, created.properties);
  const hostDelete = await emu.count();
  result.host = { create: hostCreate, read: hostRead, delete: hostDelete };
  const invite = await client.createInvite(
    { email: email(ctx, "p1-count-bare", 0) },
    { knownIdentities: [] },
  );
  const bareCreate = await emu.count();
  await client.getInvite(invite.identity);
  const bareRead = await emu.count();
  await client.deleteInvite(invite.identity);
  const bareDelete = await emu.count();
  result.bare = { create: bareCreate, read: bareRead, delete: bareDelete };
  return result;
}

interface OpSummary {
  host: number;
  noop: number;
  bare: number;
  /** What the project adds: host − noop − bare. */
  added: number;
  /** host ÷ bare. */
  ratio: number;
}

function summarize(samples: Samples): Record<Op, OpSummary> & { rpcFloor: number } {
  const out = { rpcFloor: round(median(samples.rpcFloor), 3) } as Record<Op, OpSummary> & {
    rpcFloor: number;
  };
  for (const op of OPS) {
    const host = median(samples.host[op]);
    const noop = median(samples.noop[op]);
    const bare = median(samples.bare[op]);
    out[op] = {
      host: round(host, 3),
      noop: round(noop, 3),
      bare: round(bare, 3),
      added: round(host - noop - bare, 3),
      ratio: round(host / bare, 4),
    };
  }
  return out;
}

/** Runs P1. */
export async function p1(ctx: BenchContext): Promise<FigureResult> {
  const loopbackReps = ctx.quick ? 15 : 200;
  const latencyReps = ctx.quick ? 5 : 60;
  const latencyMs = 50;
  const { emu } = ctx;
  await emu.reset();
  await emu.clearRequests();
  const host = await configuredHost(ctx);
  const reader = await configuredHost(ctx, { config: { "datatrails:listingMaxAgeSeconds": "0" } });
  const noop = await configuredHost(ctx, { provider: await noopProviderSource() });
  const client = bareClient(ctx);
  try {
    // The first create of a deployment lists members and invites (then reused): measured apart.
    const checked = await host.check({}, { email: email(ctx, "p1-first", 0) });
    const firstStart = nowMs();
    const first = await host.create(checked.inputs);
    const firstMs = nowMs() - firstStart;
    const firstCalls = await emu.count();
    await host.delete(first.id, first.properties);
    // Warm both sides (token, connections, lazily loaded code) before timing.
    const cycles: Record<Side, Cycle> = {
      host: hostCycle(host, reader),
      noop: hostCycle(noop),
      bare: bareCycle(client),
    };
    for (let i = 0; i < 5; i++) {
      for (const side of SIDES) await cycles[side](email(ctx, `p1-warm-${side}`, i));
    }
    const calls = await callsPerOp(ctx, host, reader, client);

    ctx.log(`P1: ${loopbackReps} create/read/delete cycles per side on loopback`);
    const loopback = summarize(await measure(ctx, cycles, loopbackReps, "lo"));

    ctx.log(`P1: ${latencyReps} cycles per side with ${latencyMs} ms emulator latency per request`);
    await emu.addFault({ route: "*", probability: 1, kinds: [{ type: "latency", ms: latencyMs }] });
    let latency: ReturnType<typeof summarize>;
    try {
      latency = summarize(await measure(ctx, cycles, latencyReps, "lat"));
    } finally {
      await emu.clearFaults();
    }

    const rows: Row[] = [];
    for (const op of OPS) {
      rows.push(
        atMost(
          "P1",
          `${op}: time the project adds per op (this provider − do-nothing provider through the same host − bare API call), loopback (median)`,
          loopback[op].added,
          " ms",
          0.5,
        ),
      );
    }
    rows.push(
      info(
        "P1",
        "Pulumi's host floor: create; read; delete RPCs of the do-nothing provider, loopback (median)",
        loopback.create.noop,
        `${loopback.create.noop.toFixed(2)}; ${loopback.read.noop.toFixed(2)}; ${loopback.delete.noop.toFixed(2)} ms`,
      ),
      info(
        "P1",
        "round trip of a host RPC of this provider that calls no API (Diff), loopback (median)",
        loopback.rpcFloor,
        `${loopback.rpcFloor.toFixed(2)} ms`,
      ),
    );
    for (const op of OPS) {
      rows.push(
        atMost(
          "P1",
          `${op}: host ÷ bare client with ${latencyMs} ms latency per request (median)`,
          latency[op].ratio,
          "",
          1.05,
          3,
        ),
      );
    }
    const hostCalls = calls.host as Record<Op, CallCount>;
    const fmtCalls = (c: CallCount): string =>
      Object.entries(c.byRoute)
        .map(([route, n]) => `${n}× ${route}`)
        .join(" + ");
    return {
      id: "P1",
      rows,
      details: {
        loopbackReps,
        latencyReps,
        latencyMs,
        loopbackMs: loopback,
        latencyMsPerOp: latency,
        callsPerOp: calls,
        firstCreateOfDeployment: { ms: round(firstMs, 2), calls: firstCalls },
      },
      notes: [
        `sequential create → read → delete cycles, ${loopbackReps} per side on loopback and ${latencyReps} with ${latencyMs} ms latency, ` +
          `three sides rotating: this provider and a do-nothing provider as Create/Read/Delete RPCs to \`@pulumi/pulumi/cmd/dynamic-provider\` ` +
          `(Check untimed), and the bare \`DataTrailsClient\` in the driver process; medians on loopback: this provider create ${loopback.create.host}, ` +
          `read ${loopback.read.host}, delete ${loopback.delete.host} ms; do-nothing ${loopback.create.noop}, ${loopback.read.noop}, ${loopback.delete.noop} ms; ` +
          `bare ${loopback.create.bare}, ${loopback.read.bare}, ${loopback.delete.bare} ms.`,
        `Reads go to a host configured with \`datatrails:listingMaxAgeSeconds: 0\`, so each read asks the service once, like the bare GET; ` +
          `with the default, a read in the deployment that created the invite is served from the deployment's listing and makes no request.`,
        `API calls per op through the provider: create ${fmtCalls(hostCalls.create)}, read ${fmtCalls(hostCalls.read)}, ` +
          `delete ${fmtCalls(hostCalls.delete)}; bare: createInvite with knownIdentities [] (1 POST), getInvite (1 GET), deleteInvite (1 DELETE). ` +
          `The first create of a deployment also lists the tenancy (${fmtCalls(firstCalls)}, ${round(firstMs, 1)} ms here), reused by later creates.`,
      ],
    };
  } finally {
    client.close();
    await Promise.all([host.stop(), reader.stop(), noop.stop()]);
  }
}
