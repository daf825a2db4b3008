/**
 * P6 (through the engine) and P7: the real CLI in project folders, at its default parallelism, in a
 * busy tenancy (members and pending invites no program declares). For each size, this provider's
 * `up`, `preview`, `refresh` and `destroy` (API calls counted by the emulator, wall times), against
 * the same program on a dynamic provider that does nothing and on one that sends the same one API
 * call per create (../lib/baselines.ts), in the same run, rotating.
 */
import type { BenchContext } from "../lib/context";
import { describeCalls, type CallCount } from "../lib/emulator";
import { pulumiCli } from "../lib/engine";
import { BenchProject, type ProgramKind } from "../lib/project";
import { atMost, info, notMeasured, type FigureResult, type Row } from "../lib/report";
import { median, round } from "../lib/stats";

/** One size of the run: how often, and the API-call targets at that size. */
interface Size {
  size: number;
  reps: number;
  /** Targets for `up` and `refresh` API calls; absent: the size only feeds the scale curve. */
  targets?: { up: number; refresh: number };
}

const FULL: Size[] = [
  { size: 100, reps: 1 },
  { size: 200, reps: 3, targets: { up: 220, refresh: 20 } },
  { size: 1000, reps: 2, targets: { up: 1030, refresh: 30 } },
];
const QUICK: Size[] = [{ size: 20, reps: 1, targets: { up: 40, refresh: 20 } }];
const BUSY = { members: 500, pending: 100 };
const QUICK_BUSY = { members: 50, pending: 10 };
const RATIO_TARGET = 1.15;
// This provider, then the baselines of ../lib/baselines.ts: the same one API call per create with an
// Invite's outputs (the floor of an Invite made through this engine), and nothing at all.
const KINDS: readonly EngineKind[] = ["invites", "direct", "noop"];
/** The kinds P7 compares (the native Invite is P9's). */
type EngineKind = Exclude<ProgramKind, "native">;

/** What one side's commands took and cost, per repeat. */
interface SideRuns {
  up: number[];
  refresh: number[];
  destroy: number[];
  calls: Array<Record<"up" | "preview" | "refresh" | "destroy", CallCount>>;
}

function emptyRuns(): SideRuns {
  return { up: [], refresh: [], destroy: [], calls: [] };
}

/** Runs P6 (engine rows) and P7. */
export async function p7(ctx: BenchContext): Promise<FigureResult[]> {
  const cli = pulumiCli();
  const sizes = ctx.quick ? QUICK : FULL;
  const busy = ctx.quick ? QUICK_BUSY : BUSY;
  if (!cli.ok) {
    const rows6 = sizes.flatMap((s) =>
      s.targets
        ? [
            notMeasured(
              "P6",
              `engine: \`pulumi up\` of ${s.size} invites: API calls`,
              `≤ ${s.targets.up}`,
              cli.why,
            ),
          ]
        : [],
    );
    const rows7 = sizes.map((s) =>
      notMeasured(
        "P7",
        `\`pulumi up\` of ${s.size}: this provider ÷ do-nothing`,
        `≤ ${RATIO_TARGET}`,
        cli.why,
      ),
    );
    return [
      { id: "P6", rows: rows6, details: {}, notes: [] },
      { id: "P7", rows: rows7, details: {}, notes: [] },
    ];
  }
  const { emu } = ctx;
  const parallel =
    cli.defaultParallel === undefined
      ? "the CLI's default --parallel"
      : `--parallel ${cli.defaultParallel} (the CLI's default)`;
  const rows6: Row[] = [];
  const rows7: Row[] = [];
  const notes6: string[] = [];
  const notes7: string[] = [];
  const details: Record<string, unknown> = { cli: cli.version, defaultParallel: cli.defaultParallel, busy };

  for (const { size, reps, targets } of sizes) {
    const runs: Record<EngineKind, SideRuns> = {
      invites: emptyRuns(),
      direct: emptyRuns(),
      noop: emptyRuns(),
    };
    const projects: Partial<Record<ProgramKind, BenchProject>> = {};
    try {
      for (const kind of KINDS) {
        projects[kind] = await BenchProject.create(
          `p7-${kind}-${size}`,
          emu,
          kind,
          `p7-${ctx.runId}-${size}`,
        );
        await projects[kind].setCount(size);
      }
      for (let rep = 0; rep < reps; rep++) {
        // Rotate which side goes first, so none always runs right after another.
        const order = KINDS.map((_, k) => KINDS[(rep + k) % KINDS.length]);
        for (const kind of order) {
          // The direct baseline is there for `up` (and `destroy`, to empty its stack again).
          const full = kind !== "direct";
          ctx.log(
            `P7: ${size} invites, repeat ${rep + 1}/${reps}: ${kind}: ${full ? "up, preview, refresh, destroy" : "up, destroy"}`,
          );
          const project = projects[kind]!;
          const side = runs[kind];
          // A fresh busy tenancy per repeat, seeded out of band (control requests are not counted).
          await emu.reset();
          await emu.seed(busy.members, busy.pending, `p7-${size}-${rep}-${kind}-${ctx.runId}`);
          await emu.clearRequests();
          side.up.push(await project.up());
          const up = await emu.count();
          let preview = up;
          let refresh = up;
          if (full) {
            await project.previewNoChanges();
            preview = await emu.count();
            side.refresh.push(await project.refresh());
            refresh = await emu.count();
          }
          side.destroy.push(await project.destroy());
          const destroy = await emu.count();
          side.calls.push({ up, preview, refresh, destroy });
        }
      }
    } finally {
      for (const kind of KINDS) projects[kind]?.remove();
      await emu.reset();
    }

    const ours = runs.invites;
    const direct = runs.direct;
    const noop = runs.noop;
    const lastCalls = ours.calls[ours.calls.length - 1];
    const maxOf = (op: "up" | "preview" | "refresh" | "destroy"): number =>
      Math.max(...ours.calls.map((c) => c[op].api));
    for (const op of ["up", "refresh", "destroy"] as const) {
      ctx.scale.push({ level: "engine", size, op, calls: maxOf(op), ms: round(median(ours[op]), 0) });
    }
    const scope = `${size} invites, tenancy of ${busy.members} members + ${busy.pending} pending`;
    if (targets) {
      const deletes = Math.min(
        ...ours.calls.map((c) => c.destroy.byRoute["DELETE /archivist/iam/v1/invites/{id}"] ?? 0),
      );
      rows6.push(
        atMost(
          "P6",
          `engine: \`pulumi up\` creating ${scope}: API calls (max of ${reps})`,
          maxOf("up"),
          "",
          targets.up,
          0,
        ),
        atMost(
          "P6",
          `engine: \`pulumi preview\` right after that \`up\`: API calls (the deployment's one tenancy lookup)`,
          maxOf("preview"),
          "",
          1,
          0,
        ),
        atMost(
          "P6",
          `engine: \`pulumi refresh\` of the ${size} (${parallel}): API calls (max of ${reps})`,
          maxOf("refresh"),
          "",
          targets.refresh,
          0,
        ),
        atMost(
          "P6",
          `engine: \`pulumi destroy\` of the ${size}: API calls (one DELETE each, and the deployment's one tenancy lookup)`,
          maxOf("destroy"),
          "",
          size + 1,
          0,
        ),
        info("P6", `engine: DELETE requests in that destroy`, deletes, `${deletes}`),
      );
      notes6.push(
        `engine, ${size} invites (Pulumi CLI ${cli.version}, project folder, ${parallel}), last repeat: ` +
          `up ${describeCalls(lastCalls.up)}; preview ${describeCalls(lastCalls.preview)}; ` +
          `refresh ${describeCalls(lastCalls.refresh)}; destroy ${describeCalls(lastCalls.destroy)}.`,
      );
      const ratio = median(ours.up) / median(noop.up);
      rows7.push(
        atMost(
          "P7",
          `\`pulumi up\` of ${size} invites: this provider ÷ a do-nothing dynamic provider (median of ${reps})`,
          ratio,
          "",
          RATIO_TARGET,
          3,
        ),
        info(
          "P7",
          `\`pulumi up\` of ${size}: the floor of an Invite through this engine: a provider sending the same one API call per create, with an Invite's outputs, ÷ do-nothing (median of ${reps})`,
          round(median(direct.up) / median(noop.up), 3),
          `${round(median(direct.up) / median(noop.up), 3).toFixed(3)}`,
        ),
        info(
          "P7",
          `\`pulumi up\` of ${size}: what this provider's own work adds: this provider ÷ that same-call provider (median of ${reps})`,
          round(median(ours.up) / median(direct.up), 3),
          `${round(median(ours.up) / median(direct.up), 3).toFixed(3)}`,
        ),
        info(
          "P7",
          `\`pulumi up\` of ${size}: wall time, this provider; same-call provider; do-nothing provider; per resource`,
          round(median(ours.up) / 1000, 1),
          `${round(median(ours.up) / 1000, 1)} s; ${round(median(direct.up) / 1000, 1)} s; ${round(median(noop.up) / 1000, 1)} s; ` +
            `${round(median(ours.up) / size, 1)} ms; ${round(median(direct.up) / size, 1)} ms; ${round(median(noop.up) / size, 1)} ms`,
        ),
      );
    }
    details[`size${size}`] = {
      wallMs: {
        invites: { up: ours.up, refresh: ours.refresh, destroy: ours.destroy },
        direct: { up: direct.up, destroy: direct.destroy },
        noop: { up: noop.up, refresh: noop.refresh, destroy: noop.destroy },
      },
      calls: ours.calls,
    };
    notes7.push(
      `${size} invites: medians up ${round(median(ours.up) / 1000, 1)} s vs ${round(median(direct.up) / 1000, 1)} s (same-call) and ${round(median(noop.up) / 1000, 1)} s (do-nothing), ` +
        `refresh ${round(median(ours.refresh) / 1000, 1)} s vs ${round(median(noop.refresh) / 1000, 1)} s, ` +
        `destroy ${round(median(ours.destroy) / 1000, 1)} s vs ${round(median(noop.destroy) / 1000, 1)} s.`,
    );
  }
  notes7.unshift(
    `Each side is a project folder run by the real CLI (\`pulumi up --yes --skip-preview\`, ${parallel}, local file backend) ` +
      `inside a folder where \`npm pack\` of this checkout and @pulumi/pulumi were installed with npm, outside the repository (one ` +
      `SDK; every resource records the one-line \`require\` of the installed provider). Baselines, installed as packages beside it ` +
      `and recorded the same way: a do-nothing provider whose create returns at once (the floor of Pulumi's engine, language host and ` +
      `dynamic-provider host on this machine), and a provider that sends the same one POST per create with the bare client and ` +
      `registers an Invite's inputs and outputs (the floor of any Invite made through this engine, with the emulator's work on the ` +
      `same two cores). Sides rotate within each repeat; each \`up\` starts from an empty stack.`,
  );
  return [
    { id: "P6", rows: rows6, details: { engine: details }, notes: notes6 },
    { id: "P7", rows: rows7, details, notes: notes7 },
  ];
}
