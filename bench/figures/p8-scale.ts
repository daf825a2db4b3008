/**
 * P8: the scale curve. API calls and wall time of `up`, `refresh` and `destroy` by invites declared:
 * the engine points P7 measured (100, 200 and 1,000 through the real CLI) and 5,000 through the
 * provider host alone, in the same busy tenancy. A full run writes the table and a chart into
 * docs/performance.md and docs/scale-curve.svg.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/repo-root";
import { scaleChartSvg } from "../lib/chart";
import { email, withHost, type BenchContext, type ScalePoint } from "../lib/context";
import { describeCalls } from "../lib/emulator";
import { atMost, info, type FigureResult, type Row } from "../lib/report";
import { inFlight, nowMs, round, valuesOrThrow } from "../lib/stats";

const HOST_SIZE = 5000;
const QUICK_HOST_SIZE = 200;
const PARALLEL = 16;
const BUSY = { members: 500, pending: 100 };
/** Entries per listing page the client asks for (and the emulator's default cap). */
const PAGE = 100;

/** Where a full run writes the curve. */
export const SCALE_DOC = path.join(REPO_ROOT, "docs", "performance.md");
/** The chart a full run writes. */
export const SCALE_SVG = path.join(REPO_ROOT, "docs", "scale-curve.svg");
const START = "<!-- scale-curve:start (written by npm run bench) -->";
const END = "<!-- scale-curve:end -->";

/** `up`, `refresh` and `destroy` of `size` invites through the host, one host per command. */
async function hostPoints(ctx: BenchContext, size: number): Promise<ScalePoint[]> {
  const { emu } = ctx;
  await emu.reset();
  await emu.seed(BUSY.members, BUSY.pending, `p8-${ctx.runId}`);
  await emu.clearRequests();
  const points: ScalePoint[] = [];
  const measure = async (op: ScalePoint["op"], run: () => Promise<unknown>): Promise<void> => {
    const start = nowMs();
    await run();
    const ms = nowMs() - start;
    const calls = await emu.count();
    ctx.log(`P8: host ${op} of ${size}: ${describeCalls(calls)} in ${round(ms / 1000, 1)} s`);
    points.push({ level: "host", size, op, calls: calls.api, ms: round(ms, 0) });
  };
  let created: Array<{ id: string; properties: Record<string, unknown> }> = [];
  await measure("up", () =>
    withHost(ctx, async (host) => {
      created = valuesOrThrow(
        await inFlight(size, PARALLEL, async (i) => {
          const checked = await host.check({}, { email: email(ctx, "p8", i) });
          return host.create(checked.inputs);
        }),
      );
    }),
  );
  await measure("refresh", () =>
    withHost(ctx, async (host) =>
      valuesOrThrow(await inFlight(size, PARALLEL, (i) => host.read(created[i].id, created[i].properties))),
    ),
  );
  await measure("destroy", () =>
    withHost(ctx, async (host) =>
      valuesOrThrow(await inFlight(size, PARALLEL, (i) => host.delete(created[i].id, created[i].properties))),
    ),
  );
  await emu.reset();
  return points;
}

/** The table of the curve, in markdown. */
function table(points: readonly ScalePoint[]): string {
  const sorted = [...points].sort((a, b) => a.size - b.size || a.level.localeCompare(b.level));
  const keys = [...new Set(sorted.map((p) => `${p.level} ${p.size}`))];
  const lines = [
    "| invites | through | up: calls | up: wall | refresh: calls | refresh: wall | destroy: calls | destroy: wall |",
    "| ------: | ------- | --------: | -------: | -------------: | ------------: | -------------: | ------------: |",
  ];
  for (const key of keys) {
    const [level, size] = key.split(" ");
    const at = (op: ScalePoint["op"]): ScalePoint | undefined =>
      sorted.find((p) => `${p.level} ${p.size}` === key && p.op === op);
    const cell = (op: ScalePoint["op"]): string => {
      const p = at(op);
      return p ? `${p.calls} | ${round(p.ms / 1000, 1)} s` : "— | —";
    };
    lines.push(
      `| ${size} | ${level === "engine" ? "`pulumi` CLI" : "provider host"} | ${cell("up")} | ${cell("refresh")} | ${cell("destroy")} |`,
    );
  }
  return lines.join("\n");
}

/** Replaces the curve's section of docs/performance.md (appending it the first time). */
function writeDocs(points: readonly ScalePoint[], caption: string): void {
  fs.writeFileSync(SCALE_SVG, scaleChartSvg(points, caption));
  const section = [
    START,
    "",
    `${caption}. Busy tenancy: ${BUSY.members} members and ${BUSY.pending} pending invites no program declares.`,
    "",
    "![API calls and wall time by invites declared](scale-curve.svg)",
    "",
    table(points),
    "",
    END,
  ].join("\n");
  const doc = fs.readFileSync(SCALE_DOC, "utf8");
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  const next =
    a >= 0 && b > a
      ? doc.slice(0, a) + section + doc.slice(b + END.length)
      : `${doc.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(SCALE_DOC, next);
}

/** Runs P8. */
export async function p8(ctx: BenchContext): Promise<FigureResult> {
  const size = ctx.quick ? QUICK_HOST_SIZE : HOST_SIZE;
  ctx.log(`P8: ${size} invites through the host: up, refresh, destroy`);
  ctx.scale.push(...(await hostPoints(ctx, size)));
  const points = [...ctx.scale];
  const rows: Row[] = [];
  for (const p of [...points].sort((a, b) => a.size - b.size || a.level.localeCompare(b.level))) {
    rows.push(
      info(
        "P8",
        `${p.level}: \`${p.op}\` of ${p.size}: API calls; wall time`,
        p.calls,
        `${p.calls}; ${round(p.ms / 1000, 1)} s`,
      ),
    );
  }
  // `up` and `destroy` grow linearly: about one request per invite (plus listings for `up`). Every
  // deployment also looks its tenancy up once (the tenancy pin), which `destroy`'s one-DELETE-each
  // target sets aside, as P6's does.
  const perInvite = {
    up: { label: "`up`: API calls per invite, worst size", aside: 0, target: 1.1 },
    destroy: {
      label: "`destroy`: API calls per invite beside the deployment's one tenancy lookup, worst size",
      aside: 1,
      target: 1,
    },
  } as const;
  for (const op of ["up", "destroy"] as const) {
    const { label, aside, target } = perInvite[op];
    const worst = Math.max(...points.filter((p) => p.op === op).map((p) => (p.calls - aside) / p.size));
    if (Number.isFinite(worst)) rows.push(atMost("P8", label, worst, "", target, 3));
  }
  // `refresh` grows in listing pages: its calls over the pages of one listing of the tenancy.
  const refreshRatio = Math.max(
    ...points
      .filter((p) => p.op === "refresh")
      .map((p) => p.calls / Math.ceil((p.size + BUSY.pending) / PAGE)),
  );
  if (Number.isFinite(refreshRatio))
    rows.push(
      atMost("P8", "`refresh`: API calls ÷ pages of one invites listing, worst size", refreshRatio, "", 2, 2),
    );
  const notes = [
    `Engine points come from P7's runs (median wall time; the most API calls of any repeat); host points are ${PARALLEL} RPCs in flight ` +
      `against a fresh host per command (as the engine starts one per deployment), Check+Create / Read / Delete.`,
  ];
  if (!ctx.quick) {
    const caption = `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\``;
    writeDocs(points, caption);
    notes.push(
      `Written to ${path.relative(REPO_ROOT, SCALE_DOC)} (table) and ${path.relative(REPO_ROOT, SCALE_SVG)} (chart).`,
    );
  }
  return { id: "P8", rows, details: { points }, notes };
}
