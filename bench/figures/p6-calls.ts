/**
 * P6: API calls the provider makes in a tenancy of 500 members and 100 pending invites no program
 * declares: an `up` creating 200 invites, a refresh of them, and their destroy. Through the host
 * (as the engine drives it) and, where the CLI is available, through the real engine.
 */
import { Invite } from "../../provider";
import type { Host } from "../../tools/host";
import { configuredHost, email, type BenchContext } from "../lib/context";
import type { CallCount } from "../lib/emulator";
import { benchStack, pulumiCli, removeStack, type BenchStack } from "../lib/engine";
import { atMost, info, notMeasured, type FigureResult, type Row } from "../lib/report";
import { inFlight, nowMs, round, valuesOrThrow } from "../lib/stats";

const MEMBERS = 500;
const PENDING = 100;
const INVITES = 200;
const PARALLEL = 16;
const UP_TARGET = 220;
const REFRESH_TARGET = 20;

function describe(c: CallCount): string {
  const routes = Object.entries(c.byRoute)
    .map(([route, n]) => `${n}× ${route}`)
    .join(", ");
  return `${c.api} (${routes || "none"}; +${c.token} token)`;
}

/** A fresh, seeded tenancy with an empty request log. */
async function seededTenancy(
  ctx: BenchContext,
  label: string,
  members: number,
  pending: number,
): Promise<void> {
  await ctx.emu.reset();
  await ctx.emu.seed(members, pending, `${label}-${ctx.runId}`);
  await ctx.emu.clearRequests();
}

/** One command = one fresh host process, as the engine starts one per deployment. */
async function withHost<T>(ctx: BenchContext, run: (host: Host) => Promise<T>): Promise<T> {
  const host = await configuredHost(ctx);
  try {
    return await run(host);
  } finally {
    await host.stop();
  }
}

/** Runs P6. */
export async function p6(ctx: BenchContext): Promise<FigureResult> {
  const scale = ctx.quick ? 0.1 : 1;
  const members = Math.round(MEMBERS * scale);
  const pending = Math.round(PENDING * scale);
  const invites = Math.round(INVITES * scale);
  const upTarget = Math.round(UP_TARGET * scale);
  const refreshTarget = REFRESH_TARGET;
  const { emu } = ctx;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = { members, pending, invites, parallel: PARALLEL };
  const scope = `${invites} invites, tenancy of ${members} members + ${pending} pending`;

  // --- through the host -------------------------------------------------------------------------
  ctx.log(`P6: host: seeding ${members} members and ${pending} pending invites`);
  await seededTenancy(ctx, "p6h", members, pending);
  const created = await withHost(ctx, async (host) => {
    const results = await inFlight(invites, PARALLEL, async (i) => {
      const checked = await host.check({}, { email: email(ctx, "p6-host", i) });
      return host.create(checked.inputs);
    });
    return valuesOrThrow(results);
  });
  const hostUp = await emu.count();
  const refresh = async (parallel: number): Promise<CallCount> => {
    await withHost(ctx, async (host) =>
      valuesOrThrow(
        await inFlight(invites, parallel, (i) => host.read(created[i].id, created[i].properties)),
      ),
    );
    return emu.count();
  };
  const hostRefresh16 = await refresh(PARALLEL);
  const hostRefreshAll = await refresh(invites);
  await withHost(ctx, async (host) =>
    valuesOrThrow(
      await inFlight(invites, PARALLEL, (i) => host.delete(created[i].id, created[i].properties)),
    ),
  );
  const hostDestroy = await emu.count();
  details.host = { up: hostUp, refresh16: hostRefresh16, refreshAll: hostRefreshAll, destroy: hostDestroy };
  rows.push(
    atMost("P6", `host: \`up\` creating ${scope}: API calls`, hostUp.api, "", upTarget, 0),
    atMost(
      "P6",
      `host: refresh (Read) of the ${invites}, ${PARALLEL} in flight: API calls`,
      hostRefresh16.api,
      "",
      refreshTarget,
      0,
    ),
    atMost(
      "P6",
      `host: refresh (Read) of the ${invites}, all ${invites} at once: API calls`,
      hostRefreshAll.api,
      "",
      refreshTarget,
      0,
    ),
    info("P6", `host: destroy of the ${invites}: API calls`, hostDestroy.api, `${hostDestroy.api}`),
  );
  notes.push(
    `host (fresh host process per command, Check+Create / Read / Delete RPCs): up ${describe(hostUp)}; ` +
      `refresh at ${PARALLEL} in flight ${describe(hostRefresh16)}; all at once ${describe(hostRefreshAll)}; destroy ${describe(hostDestroy)}. ` +
      `A naive provider (member lookup + invite listing per create, one GET per read) needs about ${3 * invites}, ${invites} and ${invites}.`,
  );

  // --- through the real engine ------------------------------------------------------------------
  const cli = pulumiCli();
  if (!cli.ok) {
    for (const what of ["up", "refresh", "destroy"]) {
      rows.push(
        notMeasured(
          "P6",
          `engine: \`pulumi ${what}\` of ${scope}: API calls`,
          what === "destroy" ? "—" : `≤ ${what === "up" ? upTarget : refreshTarget}`,
          cli.why,
        ),
      );
    }
    return { id: "P6", rows, details, notes };
  }
  ctx.log(`P6: engine: seeding, then pulumi up / refresh / destroy of ${invites} invites`);
  await seededTenancy(ctx, "p6e", members, pending);
  const emails = Array.from({ length: invites }, (_, i) => email(ctx, "p6-engine", i));
  let s: BenchStack | undefined;
  try {
    s = await benchStack("p6", emu, async () => {
      for (let i = 0; i < emails.length; i++) new Invite(`invite-${i}`, { email: emails[i] });
    });
    const times: Record<string, number> = {};
    let start = nowMs();
    await s.stack.up();
    times.up = nowMs() - start;
    const engineUp = await emu.count();
    start = nowMs();
    await s.stack.refresh();
    times.refresh = nowMs() - start;
    const engineRefresh = await emu.count();
    start = nowMs();
    await s.stack.destroy();
    times.destroy = nowMs() - start;
    const engineDestroy = await emu.count();
    details.engine = {
      up: engineUp,
      refresh: engineRefresh,
      destroy: engineDestroy,
      wallMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, round(v, 0)])),
      cli: cli.version,
      defaultParallel: cli.defaultParallel,
    };
    const parallel =
      cli.defaultParallel === undefined ? "CLI default" : `CLI default --parallel ${cli.defaultParallel}`;
    rows.push(
      atMost("P6", `engine: \`pulumi up\` creating ${scope}: API calls`, engineUp.api, "", upTarget, 0),
      atMost(
        "P6",
        `engine: \`pulumi refresh\` of the ${invites} (${parallel}): API calls`,
        engineRefresh.api,
        "",
        refreshTarget,
        0,
      ),
      info(
        "P6",
        `engine: \`pulumi destroy\` of the ${invites}: API calls`,
        engineDestroy.api,
        `${engineDestroy.api}`,
      ),
    );
    notes.push(
      `engine (Pulumi CLI ${cli.version}, inline program of ${invites} Invites, ${parallel}): up ${describe(engineUp)}; ` +
        `refresh ${describe(engineRefresh)}; destroy ${describe(engineDestroy)}.`,
    );
  } finally {
    removeStack(s);
    await emu.reset();
  }
  return { id: "P6", rows, details, notes };
}
