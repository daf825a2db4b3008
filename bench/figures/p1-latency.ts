/**
 * P1: time the provider adds to one create, read and delete, through Pulumi's real dynamic-provider
 * host (gRPC) against the same API call made with the bare client; on loopback and with 50 ms of
 * emulator latency per request.
 */
import type { DataTrailsClient, InviteRecord } from "../../provider/client";
import type { Host, Props } from "../../tools/host";
import { bareClient, configuredHost, email, type BenchContext } from "../lib/context";
import type { CallCount } from "../lib/emulator";
import { atMost, info, type FigureResult, type Row } from "../lib/report";
import { median, nowMs, round } from "../lib/stats";

type Op = "create" | "read" | "delete";
const OPS: readonly Op[] = ["create", "read", "delete"];

/**
 * One create-read-delete cycle of one invite; the time of each op in ms (the host side also times a
 * Diff, an RPC that makes no API call: the floor of what the host adds).
 */
type Cycle = (mail: string) => Promise<Record<Op, number> & { rpcFloor?: number }>;

function hostCycle(host: Host): Cycle {
  return async (mail) => {
    // Check is what the engine sends first; it is not part of the timed create.
    const checked = await host.check({}, { email: mail });
    const t0 = nowMs();
    const created = await host.create(checked.inputs);
    const t1 = nowMs();
    const read = await host.read(created.id, created.properties);
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

interface Samples {
  host: Record<Op, number[]>;
  bare: Record<Op, number[]>;
  rpcFloor: number[];
}

/** Runs `reps` cycles on each side, alternating which side goes first. */
async function measure(
  ctx: BenchContext,
  host: Cycle,
  bare: Cycle,
  reps: number,
  label: string,
): Promise<Samples> {
  const samples: Samples = {
    host: { create: [], read: [], delete: [] },
    bare: { create: [], read: [], delete: [] },
    rpcFloor: [],
  };
  for (let i = 0; i < reps; i++) {
    const order: Array<"host" | "bare"> = i % 2 === 0 ? ["host", "bare"] : ["bare", "host"];
    for (const side of order) {
      const times = await (side === "host" ? host : bare)(email(ctx, `p1-${label}-${side}`, i));
      for (const op of OPS) samples[side][op].push(times[op]);
      if (times.rpcFloor !== undefined) samples.rpcFloor.push(times.rpcFloor);
    }
  }
  return samples;
}

/** API calls of each op of one cycle, counted by the emulator. */
async function callsPerOp(
  ctx: BenchContext,
  host: Host,
  client: DataTrailsClient,
): Promise<Record<string, unknown>> {
  const { emu } = ctx;
  const result: Record<string, Record<Op, CallCount>> = {};
  await emu.clearRequests();
  const checked = await host.check({}, { email: email(ctx, "p1-count-host", 0) });
  const created = await host.create(checked.inputs);
  const hostCreate = await emu.count();
  await host.read(created.id, created.properties);
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
  bare: number;
  added: number;
  ratio: number;
}

function summarize(samples: Samples): Record<Op, OpSummary> & { rpcFloor: number } {
  const out = { rpcFloor: round(median(samples.rpcFloor), 3) } as Record<Op, OpSummary> & {
    rpcFloor: number;
  };
  for (const op of OPS) {
    const host = median(samples.host[op]);
    const bare = median(samples.bare[op]);
    out[op] = {
      host: round(host, 3),
      bare: round(bare, 3),
      added: round(host - bare, 3),
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
    const hostSide = hostCycle(host);
    const bareSide = bareCycle(client);
    for (let i = 0; i < 5; i++) {
      await hostSide(email(ctx, "p1-warm-host", i));
      await bareSide(email(ctx, "p1-warm-bare", i));
    }
    const calls = await callsPerOp(ctx, host, client);

    ctx.log(`P1: ${loopbackReps} create/read/delete cycles per side on loopback`);
    const loopback = summarize(await measure(ctx, hostSide, bareSide, loopbackReps, "lo"));

    ctx.log(`P1: ${latencyReps} cycles per side with ${latencyMs} ms emulator latency per request`);
    await emu.addFault({ route: "*", probability: 1, kinds: [{ type: "latency", ms: latencyMs }] });
    let latency: ReturnType<typeof summarize>;
    try {
      latency = summarize(await measure(ctx, hostSide, bareSide, latencyReps, "lat"));
    } finally {
      await emu.clearFaults();
    }

    const rows: Row[] = [];
    for (const op of OPS) {
      rows.push(
        atMost(
          "P1",
          `${op}: time added per op by the provider host, loopback (median)`,
          loopback[op].added,
          " ms",
          2,
        ),
      );
    }
    rows.push(
      info(
        "P1",
        "round trip of a host RPC that calls no API (Diff), loopback (median)",
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
          `host and bare client alternating; host = Create/Read/Delete RPCs to \`@pulumi/pulumi/cmd/dynamic-provider\` (Check untimed), ` +
          `bare = \`DataTrailsClient\` in the driver process; medians (bare on loopback: create ${loopback.create.bare} ms, read ${loopback.read.bare} ms, delete ${loopback.delete.bare} ms).`,
        `API calls per op through the provider: create ${fmtCalls(hostCalls.create)}, read ${fmtCalls(hostCalls.read)}, ` +
          `delete ${fmtCalls(hostCalls.delete)}; bare: createInvite with knownIdentities [] (1 POST), getInvite (1 GET), deleteInvite (1 DELETE). ` +
          `The first create of a deployment also lists the tenancy (${fmtCalls(firstCalls)}, ${round(firstMs, 1)} ms here), reused by later creates.`,
      ],
    };
  } finally {
    client.close();
    await host.stop();
  }
}
