/**
 * P2 and P5, which share the host runs:
 * - P2: throughput of creates at 16 in flight with 50 ms latency per request, through the provider
 *   host (its client allowed 16 requests in flight) against the bare client (16); and the CPU per create
 *   the provider adds over a do-nothing provider through the same host, on loopback.
 * - P5: resident memory the provider adds over an idle host, after 1,000 and 10,000 creates.
 */
import type { DataTrailsClient } from "../../provider/client";
import type { Host } from "../../tools/host";
import {
  bareClient,
  configuredHost,
  cpuMsOf,
  email,
  memoryOf,
  type BenchContext,
  type BenchHostOptions,
} from "../lib/context";
import { baselineProviderSource } from "../lib/baselines";
import { atLeast, atMost, info, type FigureResult } from "../lib/report";
import { inFlight, median, nowMs, round, sleep, valuesOrThrow } from "../lib/stats";

const PARALLEL = 16;
const LATENCY_MS = 50;
/** The host's client gets as many requests in flight as the driver sends, like the bare client. */
const IN_FLIGHT_CONFIG = { "datatrails:maxRequestsInFlight": String(PARALLEL) };

interface Run {
  ms: number;
  perSecond: number;
  failures: number;
  /** CPU ms per create of the host process (undefined for the bare client). */
  hostCpuMsPerCreate?: number;
  /** Peak resident set of the host (VmHWM), bytes. */
  hostPeakBytes?: number;
}

/** `count` creates through a fresh host (warmed: token, listings, connections), timed. */
async function hostRun(
  ctx: BenchContext,
  label: string,
  count: number,
  options: BenchHostOptions,
): Promise<Run> {
  const host: Host = await configuredHost(ctx, options);
  try {
    const warm = await host.check({}, { email: email(ctx, `${label}-warm`, 0) });
    await host.create(warm.inputs);
    // Check as the engine sends it before each Create (untimed).
    const inputs = valuesOrThrow(
      await inFlight(count, PARALLEL, (i) => host.check({}, { email: email(ctx, label, i) })),
    );
    const cpuBefore = cpuMsOf(host.pid);
    const start = nowMs();
    const results = await inFlight(count, PARALLEL, (i) => host.create(inputs[i].inputs));
    const ms = nowMs() - start;
    const cpuAfter = cpuMsOf(host.pid);
    return {
      ms,
      perSecond: (count / ms) * 1000,
      failures: results.filter((r) => !r.ok).length,
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? { hostCpuMsPerCreate: (cpuAfter - cpuBefore) / count }
        : {}),
      ...(memoryOf(host.pid) ? { hostPeakBytes: memoryOf(host.pid)!.hwm } : {}),
    };
  } finally {
    await host.stop();
  }
}

/** `count` creates with the bare client (16 in flight allowed), timed. */
async function bareRun(ctx: BenchContext, label: string, count: number): Promise<Run> {
  const client: DataTrailsClient = bareClient(ctx, PARALLEL);
  try {
    await client.createInvite({ email: email(ctx, `${label}-warm`, 0) }, { knownIdentities: [] });
    const start = nowMs();
    const results = await inFlight(count, PARALLEL, (i) =>
      client.createInvite({ email: email(ctx, label, i) }, { knownIdentities: [] }),
    );
    const ms = nowMs() - start;
    return { ms, perSecond: (count / ms) * 1000, failures: results.filter((r) => !r.ok).length };
  } finally {
    client.close();
  }
}

/** Runs P2 and P5. */
export async function p2p5(ctx: BenchContext): Promise<FigureResult[]> {
  const { emu } = ctx;
  const count = ctx.quick ? 100 : 1000;
  const reps = ctx.quick ? 1 : 3;
  const memorySizes = ctx.quick ? [200] : [1000, 10_000];
  const noopText = await baselineProviderSource("noop");

  // --- P2: throughput at 50 ms per request -----------------------------------------------------
  const latency: Record<"host" | "bare", Run[]> = { host: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    ctx.log(
      `P2: repeat ${rep + 1}/${reps}: ${count} creates at ${PARALLEL} in flight, ${LATENCY_MS} ms per request`,
    );
    const order: Array<"host" | "bare"> = rep % 2 === 0 ? ["host", "bare"] : ["bare", "host"];
    for (const side of order) {
      await emu.reset();
      await emu.addFault({ route: "*", probability: 1, kinds: [{ type: "latency", ms: LATENCY_MS }] });
      const label = `p2-${side}-${rep}`;
      latency[side].push(
        side === "host"
          ? await hostRun(ctx, label, count, { config: IN_FLIGHT_CONFIG })
          : await bareRun(ctx, label, count),
      );
    }
  }
  await emu.reset();

  // --- P2: CPU per create on loopback, this provider against the do-nothing one ----------------
  const cpu: Record<"ours" | "noop", Run[]> = { ours: [], noop: [] };
  for (let rep = 0; rep < reps; rep++) {
    ctx.log(
      `P2: repeat ${rep + 1}/${reps}: ${count} creates on loopback, CPU of the host (this provider, do-nothing)`,
    );
    for (const side of rep % 2 === 0 ? (["ours", "noop"] as const) : (["noop", "ours"] as const)) {
      await emu.reset();
      cpu[side].push(
        await hostRun(
          ctx,
          `p2-cpu-${side}-${rep}`,
          count,
          side === "noop" ? { provider: noopText } : { config: IN_FLIGHT_CONFIG },
        ),
      );
    }
  }

  // --- P5: memory over an idle host -------------------------------------------------------------
  // What the host holds before any provider is loaded: Pulumi's own runtime.
  const idle = await configuredHost(ctx);
  await sleep(1000);
  const idleRss = memoryOf(idle.pid)?.rss ?? NaN;
  await idle.stop();
  const memory: Array<{ size: number; ours: number; noop: number }> = [];
  for (const size of memorySizes) {
    ctx.log(`P5: ${size} creates through a host (this provider, then do-nothing), peak RSS`);
    await emu.reset();
    const ours = await hostRun(ctx, `p5-ours-${size}`, size, {});
    await emu.reset();
    const noop = await hostRun(ctx, `p5-noop-${size}`, size, { provider: noopText });
    memory.push({ size, ours: ours.hostPeakBytes ?? NaN, noop: noop.hostPeakBytes ?? NaN });
  }
  await emu.reset();

  const rate = (r: Run[]): number => median(r.map((x) => x.perSecond));
  const cpuPer = (r: Run[]): number => median(r.map((x) => x.hostCpuMsPerCreate ?? NaN));
  const failures = [...latency.host, ...latency.bare, ...cpu.ours, ...cpu.noop].reduce(
    (n, r) => n + r.failures,
    0,
  );
  const ratio = rate(latency.host) / rate(latency.bare);
  const mb = (bytes: number): number => bytes / 1e6;
  const p2: FigureResult = {
    id: "P2",
    rows: [
      atLeast(
        "P2",
        `${count} creates at ${PARALLEL} in flight, ${LATENCY_MS} ms per request: host ÷ bare client, throughput (median of ${reps})`,
        ratio,
        "",
        0.9,
        3,
      ),
      info(
        "P2",
        `creates/s at ${LATENCY_MS} ms per request: host; bare client`,
        round(rate(latency.host), 1),
        `${round(rate(latency.host), 0)}; ${round(rate(latency.bare), 0)}`,
      ),
      info(
        "P2",
        "host CPU ms per create on loopback: added by this provider over the do-nothing provider (this provider; do-nothing)",
        round(cpuPer(cpu.ours) - cpuPer(cpu.noop), 3),
        `${round(cpuPer(cpu.ours) - cpuPer(cpu.noop), 3)} (${round(cpuPer(cpu.ours), 3)}; ${round(cpuPer(cpu.noop), 3)})`,
      ),
    ],
    details: { count, reps, parallel: PARALLEL, latencyMs: LATENCY_MS, latency, cpu, failures },
    notes: [
      `${PARALLEL} Create RPCs (host, its client configured with \`datatrails:maxRequestsInFlight: ${PARALLEL}\`) or createInvite calls ` +
        `(bare client allowed ${PARALLEL} in flight) at a time, every request delayed ${LATENCY_MS} ms by the emulator; each side warmed ` +
        `(token, tenancy listing, connections) first; 1 POST per create on both sides; ${failures} failures over every P2 run. ` +
        `CPU: the host process's user+system time per create, this provider against a do-nothing provider through the same host.`,
    ],
  };
  const p5: FigureResult = {
    id: "P5",
    rows: [
      ...memory.map((m) =>
        atMost(
          "P5",
          `resident memory this provider adds, after ${m.size} creates: its host's peak RSS − the do-nothing provider's host's peak RSS after the same RPCs`,
          mb(m.ours - m.noop),
          " MB",
          m.size >= 10_000 ? 60 : 30,
          1,
        ),
      ),
      ...memory.map((m) =>
        info(
          "P5",
          `after ${m.size} creates, over an idle host (peak RSS − idle RSS): this provider; do-nothing provider (Pulumi's host floor)`,
          round(mb(m.ours - idleRss), 1),
          `${round(mb(m.ours - idleRss), 1)} MB; ${round(mb(m.noop - idleRss), 1)} MB`,
        ),
      ),
      info(
        "P5",
        "idle host RSS (started and configured, no provider loaded)",
        round(mb(idleRss), 1),
        `${round(mb(idleRss), 1)} MB`,
      ),
    ],
    details: { idleRssBytes: idleRss, memory },
    notes: [
      `Peak RSS is the host's VmHWM from /proc after ${memorySizes.join(" and ")} creates at ${PARALLEL} in flight (MB = 10^6 bytes). ` +
        `A do-nothing provider through the same host, with the same RPCs, grows by what Pulumi's host itself holds for them (its gRPC ` +
        `server, request and response objects, heap headroom); what this provider adds is the difference of the two peaks.`,
    ],
  };
  return [p2, p5];
}
