/**
 * P7: `pulumi up` of N invites with this provider against the same program with a dynamic provider
 * that does nothing, through the real CLI and engine.
 */
import { Invite } from "../../provider";
import type { BenchContext } from "../lib/context";
import { email } from "../lib/context";
import { benchStack, pulumiCli, removeStack, type BenchStack } from "../lib/engine";
import { NoopResource } from "../lib/noop-provider";
import { atMost, notMeasured, type FigureResult } from "../lib/report";
import { median, nowMs, round } from "../lib/stats";

/** Runs P7. */
export async function p7(ctx: BenchContext): Promise<FigureResult> {
  const count = ctx.quick ? 20 : 200;
  const reps = ctx.quick ? 1 : 3;
  const figure = `\`pulumi up\` of ${count} invites: this provider ÷ a do-nothing dynamic provider (median of ${reps})`;
  const cli = pulumiCli();
  if (!cli.ok)
    return { id: "P7", rows: [notMeasured("P7", figure, "≤ 1.3", cli.why)], details: {}, notes: [] };
  const { emu } = ctx;
  await emu.reset();
  const emails = Array.from({ length: count }, (_, i) => email(ctx, "p7", i));
  let ours: BenchStack | undefined;
  let noop: BenchStack | undefined;
  const times: Record<"ours" | "noop", number[]> = { ours: [], noop: [] };
  try {
    ours = await benchStack("p7-invites", emu, async () => {
      for (let i = 0; i < count; i++) new Invite(`invite-${i}`, { email: emails[i] });
    });
    noop = await benchStack("p7-noop", emu, async () => {
      for (let i = 0; i < count; i++) new NoopResource(`invite-${i}`, { email: emails[i] });
    });
    const stacks = { ours, noop };
    for (let rep = 0; rep < reps; rep++) {
      const order: Array<"ours" | "noop"> = rep % 2 === 0 ? ["ours", "noop"] : ["noop", "ours"];
      for (const side of order) {
        ctx.log(`P7: repeat ${rep + 1}/${reps}: pulumi up of ${count} (${side})`);
        const start = nowMs();
        const result = await stacks[side].stack.up();
        times[side].push(nowMs() - start);
        const created = result.summary.resourceChanges?.create ?? 0;
        if (created < count) throw new Error(`${side}: up created ${created} resources, expected ${count}`);
      }
      // Not timed: back to an empty stack for the next repeat.
      await ours.stack.destroy();
      await noop.stack.destroy();
    }
  } finally {
    removeStack(ours);
    removeStack(noop);
    await emu.reset();
  }
  const oursMs = median(times.ours);
  const noopMs = median(times.noop);
  return {
    id: "P7",
    rows: [atMost("P7", figure, oursMs / noopMs, "", 1.3, 3)],
    details: {
      count,
      reps,
      wallMs: { ours: times.ours.map((t) => round(t, 0)), noop: times.noop.map((t) => round(t, 0)) },
      cli: cli.version,
      defaultParallel: cli.defaultParallel,
    },
    notes: [
      `wall time of \`stack.up()\` (Automation API, inline program, Pulumi CLI ${cli.version}, default --parallel), ` +
        `medians ${round(oursMs / 1000, 1)} s (invites) and ${round(noopMs / 1000, 1)} s (do-nothing provider); destroyed between repeats.`,
    ],
  };
}
