/**
 * P6 (host rows): API calls the provider makes in a tenancy of 500 members and 100 pending invites no
 * program declares: an `up` creating 200 invites, a refresh of them, and their destroy, through the
 * host as the engine drives it. The same through the real CLI is measured with P7 (p7-engine.ts).
 */
import { email, withHost, type BenchContext } from "../lib/context";
import { describeCalls as describe, type CallCount } from "../lib/emulator";
import { atMost, info, type FigureResult, type Row } from "../lib/report";
import { inFlight, valuesOrThrow } from "../lib/stats";

const MEMBERS = 500;
const PENDING = 100;
const INVITES = 200;
const PARALLEL = 16;
/**
 * Most calls of the `up` beside its one POST per invite (the tenancy's listings, the caps read, the
 * tenancy lookup, listings fetched again): 220 for 200 invites. Not scaled down in a quick run, whose
 * per-deployment calls stay as many, as P7's quick target does.
 */
const UP_ALLOWANCE = 20;
const REFRESH_TARGET = 20;

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

/** Runs P6. */
export async function p6(ctx: BenchContext): Promise<FigureResult> {
  const scale = ctx.quick ? 0.1 : 1;
  const members = Math.round(MEMBERS * scale);
  const pending = Math.round(PENDING * scale);
  const invites = Math.round(INVITES * scale);
  const upTarget = invites + UP_ALLOWANCE;
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

  return { id: "P6", rows, details, notes };
}
