/**
 * P9: what one native provider process costs (each `pulumi:providers:datatrails` resource is one).
 * The plugin started by its launcher as the engine starts it, timed from spawn to its first answer
 * (GetPluginInfo); its resident memory idle (configured, nothing to do) and busy (the peak over N
 * check+create pairs at 16 in flight); and `pulumi up` of N invites through a TypeScript program on
 * the generated Node.js SDK (the native Invite) against the same program on the dynamic Invite, in
 * the same run, rotating.
 */
import type { BenchContext } from "../lib/context";
import { memoryOf, providerConfig } from "../lib/context";
import { pulumiCli } from "../lib/engine";
import { BenchProject, type ProgramKind } from "../lib/project";
import { atMost, info, notMeasured, type FigureResult, type Row } from "../lib/report";
import { median, nowMs, round } from "../lib/stats";
import { startHost, type Host } from "../../tools/host";

const READY_TARGET_MS = 1000;
const IDLE_TARGET_MB = 100;
const RATIO_TARGET = 1.0;
const IN_FLIGHT = 16;
const MB = 1024 * 1024;

interface Plan {
  /** Plugin starts timed. */
  starts: number;
  /** Creates while busy. */
  busyCreates: number;
  /** Invites per `up`, and repeats. */
  up: { size: number; reps: number };
}

const FULL: Plan = { starts: 10, busyCreates: 1000, up: { size: 200, reps: 3 } };
const QUICK: Plan = { starts: 2, busyCreates: 40, up: { size: 20, reps: 1 } };

/** Spawn to first answer, in ms, and the started plugin. */
async function timedStart(): Promise<{ ms: number; host: Host }> {
  const start = nowMs();
  const host = await startHost({ shell: "native" });
  await host.getPluginInfo();
  return { ms: nowMs() - start, host };
}

async function busy(ctx: BenchContext, host: Host, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const news = { email: `p9-${ctx.runId}-${i}@example.com` };
      const { inputs } = await host.check({}, news);
      await host.create(inputs);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Runs P9. */
export async function p9(ctx: BenchContext): Promise<FigureResult> {
  const plan = ctx.quick ? QUICK : FULL;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};

  // Start to first answer; the first start (cold file cache) is left out of the median.
  const starts: number[] = [];
  for (let i = 0; i <= plan.starts; i++) {
    const { ms, host } = await timedStart();
    if (i > 0) starts.push(ms);
    await host.stop();
  }
  rows.push(
    atMost(
      "P9",
      `native plugin: spawn to first answer (GetPluginInfo) (median of ${plan.starts})`,
      round(median(starts), 0),
      " ms",
      READY_TARGET_MS,
      0,
    ),
  );
  details.startMs = starts;

  // Idle and busy resident memory of one plugin process.
  const { host } = await timedStart();
  try {
    await host.configure(providerConfig(ctx.emu), ["datatrails:clientSecret"]);
    const idle = memoryOf(host.pid);
    await ctx.emu.reset();
    await busy(ctx, host, plan.busyCreates);
    const after = memoryOf(host.pid);
    if (idle && after) {
      rows.push(
        atMost(
          "P9",
          "native plugin: resident memory, idle (configured)",
          round(idle.rss / MB, 1),
          " MB",
          IDLE_TARGET_MB,
          1,
        ),
        info(
          "P9",
          `native plugin: resident memory, busy (peak over ${plan.busyCreates} check+create at ${IN_FLIGHT} in flight; after)`,
          round(after.hwm / MB, 1),
          `${round(after.hwm / MB, 1)} MB; ${round(after.rss / MB, 1)} MB`,
        ),
      );
      details.memoryBytes = { idle, busy: after };
    }
  } finally {
    await host.stop();
    await ctx.emu.reset();
  }

  // `pulumi up` of N invites: native Invite (generated SDK) against the dynamic Invite.
  const cli = pulumiCli();
  const { size, reps } = plan.up;
  const title = `\`pulumi up\` of ${size} invites: TypeScript on the native SDK ÷ on the dynamic Invite`;
  if (!cli.ok) {
    rows.push(notMeasured("P9", title, `≤ ${RATIO_TARGET}`, cli.why));
    return { id: "P9", rows, details, notes };
  }
  const kinds: readonly ProgramKind[] = ["native", "invites"];
  const times: Record<string, number[]> = { native: [], invites: [] };
  const projects: Partial<Record<ProgramKind, BenchProject>> = {};
  try {
    for (const kind of kinds) {
      projects[kind] = await BenchProject.create(
        `p9-${kind}-${size}`,
        ctx.emu,
        kind,
        `p9-${ctx.runId}-${kind}`,
      );
      await projects[kind].setCount(size);
    }
    for (let rep = 0; rep < reps; rep++) {
      const order = kinds.map((_, k) => kinds[(rep + k) % kinds.length]);
      for (const kind of order) {
        ctx.log(`P9: up of ${size}, repeat ${rep + 1}/${reps}: ${kind}`);
        await ctx.emu.reset();
        const project = projects[kind]!;
        times[kind].push(await project.up());
        await project.destroy();
      }
    }
  } finally {
    for (const kind of kinds) projects[kind]?.remove();
    await ctx.emu.reset();
  }
  const ratio = median(times.native) / median(times.invites);
  rows.push(
    atMost("P9", `${title} (median of ${reps})`, round(ratio, 3), "", RATIO_TARGET, 3),
    info(
      "P9",
      `\`pulumi up\` of ${size}: wall time, native; dynamic`,
      round(median(times.native) / 1000, 1),
      `${round(median(times.native) / 1000, 1)} s; ${round(median(times.invites) / 1000, 1)} s`,
    ),
  );
  details.upMs = times;
  notes.push(
    `Plugin: plugin/pulumi-resource-datatrails started as the engine starts it (the launcher runs \`node\`), ` +
      `timed from spawn to the answer of its first RPC; memory from /proc (VmRSS; busy: VmHWM). ` +
      `\`up\`: the same program (N Invites, one per email) in project folders run by the real CLI, ` +
      `one on the native Invite of the generated Node.js SDK with the packed package's plugin, one on ` +
      `the dynamic Invite; sides rotate, each \`up\` starts from an empty stack.`,
  );
  return { id: "P9", rows, details, notes };
}
