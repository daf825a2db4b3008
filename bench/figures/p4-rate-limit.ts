/**
 * P4: invites created through the provider host under the emulator's 10 requests/s limit: failures,
 * and wall time against the ideal (invites ÷ limit).
 */
import { configuredHost, email, type BenchContext } from "../lib/context";
import { atMost, type FigureResult } from "../lib/report";
import { inFlight, median, nowMs, round, valuesOrThrow } from "../lib/stats";

const PER_SECOND = 10;
const PARALLEL = 16;

/** Runs P4. */
export async function p4(ctx: BenchContext): Promise<FigureResult> {
  const count = ctx.quick ? 30 : 300;
  const reps = ctx.quick ? 1 : 3;
  const idealMs = (count / PER_SECOND) * 1000;
  const { emu } = ctx;
  const walls: number[] = [];
  const calls: unknown[] = [];
  const errors: string[] = [];
  let failures = 0;
  for (let rep = 0; rep < reps; rep++) {
    ctx.log(
      `P4: repeat ${rep + 1}/${reps}: ${count} creates at ${PARALLEL} in flight under ${PER_SECOND} requests/s`,
    );
    await emu.reset();
    await emu.setSwitches({ rateLimitPerSecond: PER_SECOND });
    const host = await configuredHost(ctx);
    try {
      const inputs = valuesOrThrow(
        await inFlight(count, PARALLEL, (i) => host.check({}, { email: email(ctx, `p4-${rep}`, i) })),
      );
      await emu.clearRequests();
      // A whole deployment: the tenancy listing of the first create counts against the limit too.
      const start = nowMs();
      const results = await inFlight(count, PARALLEL, (i) => host.create(inputs[i].inputs));
      walls.push(nowMs() - start);
      const failed = results.filter((r) => !r.ok);
      failures += failed.length;
      for (const f of failed.slice(0, 3))
        if (!f.ok) errors.push(f.error instanceof Error ? f.error.message : String(f.error));
      calls.push(await emu.count());
    } finally {
      await host.stop();
    }
  }
  await emu.reset();
  const wall = median(walls);
  return {
    id: "P4",
    rows: [
      atMost(
        "P4",
        `${count} invites under ${PER_SECOND} requests/s through the host: failures`,
        failures,
        "",
        0,
        0,
      ),
      atMost(
        "P4",
        `${count} invites under ${PER_SECOND} requests/s: wall time ÷ ${idealMs / 1000} s (median of ${reps})`,
        wall / idealMs,
        "",
        1.15,
        3,
      ),
    ],
    details: {
      count,
      perSecond: PER_SECOND,
      parallel: PARALLEL,
      reps,
      wallMs: walls.map((w) => round(w, 0)),
      calls,
      errors,
    },
    notes: [
      `${PARALLEL} Create RPCs in flight, one fresh host per repeat; the timed run includes the deployment's member and invite listings ` +
        `(so ${count} + 2 requests at least); the emulator's windows are fixed seconds of its clock, so the first and last ` +
        `windows may be partial and a ratio slightly under 1 is possible; 429s answered are in the results JSON (\`calls\`).`,
    ],
  };
}
