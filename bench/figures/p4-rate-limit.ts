/**
 * P4: invites created through the provider host under the emulator's 10 requests/s limit: failures,
 * and wall time against the ideal for the requests the deployment needed (API calls the limit let
 * through ÷ 10 per second; refused requests do not count against the emulator's windows).
 */
import { configuredHost, email, type BenchContext } from "../lib/context";
import { atMost, type FigureResult } from "../lib/report";
import type { CallCount } from "../lib/emulator";
import { inFlight, median, nowMs, round, valuesOrThrow } from "../lib/stats";

const PER_SECOND = 10;
const PARALLEL = 16;

/** Runs P4. */
export async function p4(ctx: BenchContext): Promise<FigureResult> {
  const count = ctx.quick ? 50 : 5000;
  const reps = 1;
  const { emu } = ctx;
  const walls: number[] = [];
  const ratios: number[] = [];
  const calls: CallCount[] = [];
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
      const wall = nowMs() - start;
      walls.push(wall);
      const failed = results.filter((r) => !r.ok);
      failures += failed.length;
      for (const f of failed.slice(0, 3))
        if (!f.ok) errors.push(f.error instanceof Error ? f.error.message : String(f.error));
      const counted = await emu.count();
      calls.push(counted);
      ratios.push(wall / (((counted.api - counted.rateLimited) / PER_SECOND) * 1000));
    } finally {
      await host.stop();
    }
  }
  await emu.reset();
  const ratio = median(ratios);
  const last = calls[calls.length - 1];
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
        `${count} invites under ${PER_SECOND} requests/s: wall time ÷ (API calls let through ÷ ${PER_SECOND}/s)`,
        ratio,
        "",
        1.1,
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
      `${PARALLEL} Create RPCs in flight through one fresh host; ${round(median(walls) / 1000, 1)} s for ${last.api} API calls, ` +
        `${last.rateLimited} of them answered 429 (refused requests do not count against the emulator's windows, so the ideal is ` +
        `${last.api - last.rateLimited} ÷ ${PER_SECOND}/s). The timed run includes the deployment's member and invite listings, ` +
        `refetched while the run outlives \`datatrails:listingMaxAgeSeconds\`; the emulator's windows are fixed seconds of its clock, so ` +
        `the first and last windows may be partial and a ratio slightly under 1 is possible.`,
    ],
  };
}
