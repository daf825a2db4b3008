/**
 * P2 and P5: 1,000 creates at 16 in flight through the provider host against the bare client at 16
 * in flight (throughput ratio), and the host's peak resident memory over that run.
 */
import type { DataTrailsClient } from "../../provider/client";
import type { Host } from "../../tools/host";
import { bareClient, configuredHost, cpuMsOf, email, memoryOf, type BenchContext } from "../lib/context";
import { atLeast, atMost, info, type FigureResult } from "../lib/report";
import { inFlight, median, nowMs, round, sleep, valuesOrThrow } from "../lib/stats";

const PARALLEL = 16;
/** Requests the API client keeps in flight by default (DEFAULT_TRANSPORT.maxInFlight). */
const CLIENT_DEFAULT_LIMIT = 8;

interface Run {
  ms: number;
  perSecond: number;
  failures: number;
  /** CPU ms per create spent by each process (load-independent, unlike the rate). */
  cpuMsPerCreate: { driver: number; host?: number; emulator?: number };
}

async function timedCreates(
  count: number,
  pids: { host?: number; emulator: number },
  create: (i: number) => Promise<unknown>,
): Promise<Run> {
  const cpu = (): { driver: number; host?: number; emulator?: number } => {
    const own = process.cpuUsage();
    return {
      driver: (own.user + own.system) / 1000,
      ...(pids.host === undefined ? {} : { host: cpuMsOf(pids.host) }),
      emulator: cpuMsOf(pids.emulator),
    };
  };
  const before = cpu();
  const start = nowMs();
  const results = await inFlight(count, PARALLEL, create);
  const ms = nowMs() - start;
  const after = cpu();
  const per = (a?: number, b?: number): number | undefined =>
    a === undefined || b === undefined ? undefined : round((a - b) / count, 3);
  return {
    ms,
    perSecond: (count / ms) * 1000,
    failures: results.filter((r) => !r.ok).length,
    cpuMsPerCreate: {
      driver: per(after.driver, before.driver) ?? NaN,
      ...(pids.host === undefined ? {} : { host: per(after.host, before.host) }),
      emulator: per(after.emulator, before.emulator),
    },
  };
}

/** Runs P2 and P5 (they share the run). */
export async function p2p5(ctx: BenchContext): Promise<FigureResult[]> {
  const count = ctx.quick ? 150 : 1000;
  const reps = ctx.quick ? 1 : 3;
  const { emu } = ctx;
  const runs: Record<"host" | "bare8" | "bare16", Run[]> = { host: [], bare8: [], bare16: [] };
  const peaks: number[] = [];
  const rssSamples: number[] = [];

  const hostRun = async (rep: number): Promise<void> => {
    await emu.reset();
    const host: Host = await configuredHost(ctx);
    try {
      // Warm: token, member and invite listings (a deployment does this once), connections.
      const warm = await host.check({}, { email: email(ctx, `p2-warm-host-${rep}`, 0) });
      await host.create(warm.inputs);
      // Check as the engine sends it before each Create (untimed).
      const inputs = valuesOrThrow(
        await inFlight(count, PARALLEL, (i) => host.check({}, { email: email(ctx, `p2-host-${rep}`, i) })),
      );
      const poll = setInterval(() => {
        const m = memoryOf(host.pid);
        if (m) rssSamples.push(m.rss);
      }, 50);
      try {
        runs.host.push(
          await timedCreates(count, { host: host.pid, emulator: emu.pid }, (i) =>
            host.create(inputs[i].inputs),
          ),
        );
      } finally {
        clearInterval(poll);
      }
      const m = memoryOf(host.pid);
      if (m) peaks.push(m.hwm);
    } finally {
      await host.stop();
    }
  };
  const bareRun = async (rep: number, limit: number, into: Run[]): Promise<void> => {
    await emu.reset();
    const client: DataTrailsClient = bareClient(ctx, limit === CLIENT_DEFAULT_LIMIT ? undefined : limit);
    try {
      await client.createInvite(
        { email: email(ctx, `p2-warm-bare${limit}-${rep}`, 0) },
        { knownIdentities: [] },
      );
      into.push(
        await timedCreates(count, { emulator: emu.pid }, (i) =>
          client.createInvite({ email: email(ctx, `p2-bare${limit}-${rep}`, i) }, { knownIdentities: [] }),
        ),
      );
    } finally {
      client.close();
    }
  };

  // What the host holds before it loads the provider: Pulumi's own runtime (for P5's attribution).
  const idle = await configuredHost(ctx);
  await sleep(1000);
  const idleRss = memoryOf(idle.pid)?.rss ?? NaN;
  await idle.stop();

  for (let rep = 0; rep < reps; rep++) {
    ctx.log(
      `P2/P5: repeat ${rep + 1}/${reps}: ${count} creates at ${PARALLEL} in flight, host and bare client`,
    );
    const steps = [
      () => hostRun(rep),
      () => bareRun(rep, CLIENT_DEFAULT_LIMIT, runs.bare8),
      () => bareRun(rep, PARALLEL, runs.bare16),
    ];
    // Rotate the order so no side always runs first (or right after the emulator warmed up).
    for (let k = 0; k < steps.length; k++) await steps[(k + rep) % steps.length]();
  }
  await emu.reset();

  const rate = (r: Run[]): number => median(r.map((x) => x.perSecond));
  const hostRate = rate(runs.host);
  const bare8Rate = rate(runs.bare8);
  const bare16Rate = rate(runs.bare16);
  const failures = [...runs.host, ...runs.bare8, ...runs.bare16].reduce((n, r) => n + r.failures, 0);
  const peak = Math.max(...peaks);
  const peakPolled = Math.max(...rssSamples);
  const mb = (bytes: number): number => bytes / 1e6;

  const cpuOf = (r: Run[], key: "driver" | "host" | "emulator"): number =>
    round(median(r.map((x) => x.cpuMsPerCreate[key] ?? NaN)), 3);
  const hostCpu = cpuOf(runs.host, "driver") + cpuOf(runs.host, "host") + cpuOf(runs.host, "emulator");
  const bareCpu = cpuOf(runs.bare8, "driver") + cpuOf(runs.bare8, "emulator");
  const p2: FigureResult = {
    id: "P2",
    rows: [
      atLeast(
        "P2",
        `${count} creates at ${PARALLEL} in flight: host ÷ bare client, throughput (median of ${reps})`,
        hostRate / bare8Rate,
        "",
        0.8,
        3,
      ),
      info(
        "P2",
        "creates/s: host; bare client (limit 8); bare client (limit 16)",
        round(hostRate, 1),
        `${round(hostRate, 0)}; ${round(bare8Rate, 0)}; ${round(bare16Rate, 0)}`,
      ),
      info(
        "P2",
        "CPU ms per create, all processes: host path (driver + host + emulator); bare (driver + emulator)",
        round(hostCpu, 2),
        `${round(hostCpu, 2)} (${cpuOf(runs.host, "driver")} + ${cpuOf(runs.host, "host")} + ${cpuOf(runs.host, "emulator")}); ` +
          `${round(bareCpu, 2)} (${cpuOf(runs.bare8, "driver")} + ${cpuOf(runs.bare8, "emulator")})`,
      ),
    ],
    details: {
      count,
      reps,
      parallel: PARALLEL,
      clientInFlightLimit: {
        host: CLIENT_DEFAULT_LIMIT,
        bare: CLIENT_DEFAULT_LIMIT,
        bareUnlimited: PARALLEL,
      },
      creates_per_second: {
        host: round(hostRate, 1),
        bare8: round(bare8Rate, 1),
        bare16: round(bare16Rate, 1),
      },
      ratioAgainstBare16: round(hostRate / bare16Rate, 3),
      failures,
      runs,
    },
    notes: [
      `${PARALLEL} Create RPCs (host) or createInvite calls (bare) in flight; both reach the API through one DataTrailsClient whose ` +
        `default limit of ${CLIENT_DEFAULT_LIMIT} requests in flight applies (the provider does not make it configurable), so the ratio compares ` +
        `like with like; host ÷ bare client with its limit raised to ${PARALLEL}: ${round(hostRate / bare16Rate, 3)}. ` +
        `Each side warmed (token, tenancy listing) before timing; 1 POST per create on both sides; ${failures} failures. ` +
        `The driver's grpc-js client stands in for the engine and shares the same cores as the host and the emulator, so ` +
        `on a small machine the ratio follows the CPU per create (row above) more than latency.`,
    ],
  };
  const p5: FigureResult = {
    id: "P5",
    rows: [
      atMost("P5", `peak RSS of the host process over the ${count}-invite run`, mb(peak), " MB", 150, 1),
      info(
        "P5",
        "RSS of an idle host (started and configured, provider not loaded yet)",
        round(mb(idleRss), 1),
        `${round(mb(idleRss), 1)} MB`,
      ),
    ],
    details: {
      idleHostRssBytes: idleRss,
      vmHwmBytesPerRun: peaks,
      maxPolledVmRssBytes: peakPolled,
      pollIntervalMs: 50,
    },
    notes: [
      `VmHWM of the host process read from /proc at the end of each run (max over ${peaks.length} runs; MB = 10^6 bytes); ` +
        `VmRSS polled every 50 ms peaked at ${round(mb(peakPolled), 1)} MB.`,
    ],
  };
  return [p2, p5];
}
