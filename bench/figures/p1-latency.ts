/**
 * P1: time the provider adds to one create, read and delete. Four sides, rotating by batch: this
 * provider through Pulumi's real dynamic-provider host (gRPC); through the same host, a provider that
 * sends the same one API call with the bare client and nothing else (`direct`) and a do-nothing one;
 * and the same API call made with the bare client in the driver. What this provider's code adds is
 * ours − direct; direct − do-nothing − bare is what making the call from the host's process costs
 * (Pulumi's host and the OS, not us). On loopback, and with 50 ms of emulator latency per request.
 */
import type { DataTrailsClient, InviteRecord } from "../../provider/client";
import type { Host, Props } from "../../tools/host";
import { bareClient, configuredHost, email, type BenchContext } from "../lib/context";
import type { CallCount } from "../lib/emulator";
import { baselineProviderSource, DIRECT_ENV } from "../lib/baselines";
import { atMost, info, type FigureResult, type Row } from "../lib/report";
import { median, nowMs, round } from "../lib/stats";

type Op = "create" | "read" | "delete";
const OPS: readonly Op[] = ["create", "read", "delete"];

/** Times of each op of one batch, ms, one entry per invite. */
type BatchTimes = Record<Op, number[]> & { rpcFloor?: number[]; listedRead?: number[] };

/**
 * One batch: creates of every email one at a time, then a read of each, then a delete of each, each op
 * timed alone. Ops of one kind in a row, as a deployment sends them, so the figure is the op's cost
 * in a working host rather than the wake-up of a process that idled while the other sides ran. The
 * host side also times a Diff (an RPC that makes no API call: the floor of what the host adds) and a
 * read the deployment's listing answers (what most reads of a refresh are).
 */
type Batch = (mails: readonly string[]) => Promise<BatchTimes>;

/** Runs `op` for each item in turn; the time of each, ms. */
async function timeEach<T, R>(
  items: readonly T[],
  op: (item: T) => Promise<R>,
): Promise<{ times: number[]; results: R[] }> {
  const times: number[] = [];
  const results: R[] = [];
  for (const item of items) {
    const start = nowMs();
    results.push(await op(item));
    times.push(nowMs() - start);
  }
  return { times, results };
}

/**
 * Create and delete go to `host`; the timed read goes to `reader`, another host with the default
 * config (another deployment, as a later refresh is), whose tenancy listing was fetched before the
 * invites existed: it confirms each with one GET, the request the bare client's read sends. The
 * creating host's own read is answered by its deployment's listing, with no request at all.
 */
function hostBatch(host: Host, reader: Host = host): Batch {
  return async (mails) => {
    // Check is what the engine sends first; it is not part of the timed create.
    const checked: Props[] = [];
    for (const mail of mails) checked.push((await host.check({}, { email: mail })).inputs);
    const created = await timeEach(checked, (inputs) => host.create(inputs));
    const invites = created.results;
    const read = await timeEach(invites, (c) => reader.read(c.id, c.properties));
    const listed = await timeEach(invites, (c) => host.read(c.id, c.properties));
    for (const [i, c] of invites.entries()) {
      if (read.results[i].id !== c.id || listed.results[i].id !== c.id) throw new Error(`Read lost ${c.id}`);
    }
    const diffs = await timeEach(invites, (c) => host.diff(c.id, c.properties, c.properties));
    const deleted = await timeEach(invites, (c) => host.delete(c.id, c.properties));
    return {
      create: created.times,
      read: read.times,
      delete: deleted.times,
      listedRead: listed.times,
      rpcFloor: diffs.times,
    };
  };
}

function bareBatch(client: DataTrailsClient): Batch {
  return async (mails) => {
    // knownIdentities: [] is what the provider passes (it knows the tenancy from its listing), so
    // both sides send exactly one POST.
    const created = await timeEach(mails, (mail) =>
      client.createInvite({ email: mail }, { knownIdentities: [] }),
    );
    const ids = created.results.map((invite: InviteRecord) => invite.identity);
    const read = await timeEach(ids, (id) => client.getInvite(id));
    const deleted = await timeEach(ids, (id) => client.deleteInvite(id));
    return { create: created.times, read: read.times, delete: deleted.times };
  };
}

type Side = "host" | "direct" | "noop" | "bare";
const SIDES: readonly Side[] = ["host", "direct", "noop", "bare"];

interface Samples {
  host: Record<Op, number[]>;
  direct: Record<Op, number[]>;
  noop: Record<Op, number[]>;
  bare: Record<Op, number[]>;
  rpcFloor: number[];
  listedRead: number[];
}

/** Runs `reps` invites on each side in batches of `batchSize`, rotating which side goes first. */
async function measure(
  ctx: BenchContext,
  batches: Record<Side, Batch>,
  reps: number,
  batchSize: number,
  label: string,
): Promise<Samples> {
  const samples: Samples = {
    host: { create: [], read: [], delete: [] },
    direct: { create: [], read: [], delete: [] },
    noop: { create: [], read: [], delete: [] },
    bare: { create: [], read: [], delete: [] },
    rpcFloor: [],
    listedRead: [],
  };
  for (let b = 0; b * batchSize < reps; b++) {
    // Rotate which side goes first, so none always runs right after another's burst.
    for (let k = 0; k < SIDES.length; k++) {
      const side = SIDES[(b + k) % SIDES.length];
      const size = Math.min(batchSize, reps - b * batchSize);
      const mails = Array.from({ length: size }, (_, i) =>
        email(ctx, `p1-${label}-${side}`, b * batchSize + i),
      );
      const times = await batches[side](mails);
      for (const op of OPS) samples[side][op].push(...times[op]);
      if (side === "host") {
        samples.rpcFloor.push(...(times.rpcFloor ?? []));
        samples.listedRead.push(...(times.listedRead ?? []));
      }
    }
  }
  return samples;
}

/** API calls of each op for one invite, counted by the emulator. */
async function callsPerOp(
  ctx: BenchContext,
  host: Host,
  reader: Host,
  client: DataTrailsClient,
): Promise<Record<string, unknown>> {
  const { emu } = ctx;
  const result: Record<string, Record<Op, CallCount>> = {};
  await emu.clearRequests();
  const checked = await host.check({}, { email: email(ctx, "p1-count-host", 0) });
  const created = await host.create(checked.inputs);
  const hostCreate = await emu.count();
  await reader.read(created.id, created.properties);
  const hostRead = await emu.count();
  await host.delete(created.id, created.properties);
  const hostDelete = await emu.count();
  result.host = { create: hostCreate, read: hostRead, delete: hostDelete };
  const invite = await client.createInvite(
    { email: email(ctx, "p1-count-bare", 0) },
    { knownIdentities: [] },
  );
  const bareCreate = await emu.count();
  await client.getInvite(invite.identity);
  const bareRead = await emu.count();
  await client.deleteInvite(invite.identity);
  const bareDelete = await emu.count();
  result.bare = { create: bareCreate, read: bareRead, delete: bareDelete };
  return result;
}

interface OpSummary {
  host: number;
  direct: number;
  noop: number;
  bare: number;
  /** What this provider's code adds: host − direct (the same API call through the same host). */
  added: number;
  /** What one API call costs made from the host's process rather than the driver's: direct − noop − bare. */
  hostCall: number;
  /** host ÷ bare. */
  ratio: number;
}

type Summary = Record<Op, OpSummary> & { rpcFloor: number; listedRead: number };

function summarize(samples: Samples): Summary {
  const out = {
    rpcFloor: round(median(samples.rpcFloor), 3),
    listedRead: round(median(samples.listedRead), 3),
  } as Summary;
  for (const op of OPS) {
    const host = median(samples.host[op]);
    const direct = median(samples.direct[op]);
    const noop = median(samples.noop[op]);
    const bare = median(samples.bare[op]);
    out[op] = {
      host: round(host, 3),
      direct: round(direct, 3),
      noop: round(noop, 3),
      bare: round(bare, 3),
      added: round(host - direct, 3),
      hostCall: round(direct - noop - bare, 3),
      ratio: round(host / bare, 4),
    };
  }
  return out;
}

// Invites per side per batch (see {@link Batch}).
const BATCH = 10;

/** Runs P1. */
export async function p1(ctx: BenchContext): Promise<FigureResult> {
  const loopbackReps = ctx.quick ? 15 : 200;
  const latencyReps = ctx.quick ? 5 : 60;
  const latencyMs = 50;
  const { emu } = ctx;
  await emu.reset();
  await emu.clearRequests();
  const host = await configuredHost(ctx);
  const reader = await configuredHost(ctx);
  const noopHost = async (): Promise<Host> =>
    configuredHost(ctx, { provider: await baselineProviderSource("noop") });
  const noop = await noopHost();
  const noopReader = await noopHost();
  const directHost = async (): Promise<Host> =>
    configuredHost(ctx, {
      provider: await baselineProviderSource("direct"),
      env: {
        [DIRECT_ENV.url]: emu.url,
        [DIRECT_ENV.clientId]: emu.clientId,
        [DIRECT_ENV.clientSecret]: emu.clientSecret,
      },
    });
  // Every side's reads go to a second process, as ours do: a read in the process that has just
  // created is faster (warm caches and connection) than one in a process that idled meanwhile.
  const direct = await directHost();
  const directReader = await directHost();
  const client = bareClient(ctx);
  try {
    // The first create of a deployment lists members and invites (then reused): measured apart.
    const checked = await host.check({}, { email: email(ctx, "p1-first", 0) });
    const firstStart = nowMs();
    const first = await host.create(checked.inputs);
    const firstMs = nowMs() - firstStart;
    const firstCalls = await emu.count();
    await host.delete(first.id, first.properties);
    // Warm every side (token, connections, lazily loaded code, the reader's listing) before timing.
    const batches: Record<Side, Batch> = {
      host: hostBatch(host, reader),
      direct: hostBatch(direct, directReader),
      noop: hostBatch(noop, noopReader),
      bare: bareBatch(client),
    };
    for (const side of SIDES) {
      await batches[side](Array.from({ length: 5 }, (_, i) => email(ctx, `p1-warm-${side}`, i)));
    }
    const calls = await callsPerOp(ctx, host, reader, client);

    ctx.log(`P1: ${loopbackReps} creates, reads and deletes per side on loopback, in batches of ${BATCH}`);
    const loopback = summarize(await measure(ctx, batches, loopbackReps, BATCH, "lo"));

    ctx.log(`P1: ${latencyReps} invites per side with ${latencyMs} ms emulator latency per request`);
    await emu.addFault({ route: "*", probability: 1, kinds: [{ type: "latency", ms: latencyMs }] });
    let latency: Summary;
    try {
      latency = summarize(await measure(ctx, batches, latencyReps, BATCH, "lat"));
    } finally {
      await emu.clearFaults();
    }

    const rows: Row[] = [];
    for (const op of OPS) {
      rows.push(
        atMost(
          "P1",
          `${op}: time this provider's code adds per op (this provider − a provider sending the same one API call, through the same host), loopback (median)`,
          loopback[op].added,
          " ms",
          0.5,
        ),
      );
    }
    rows.push(
      info(
        "P1",
        "Pulumi's host floor: create; read; delete RPCs of the do-nothing provider, loopback (median)",
        loopback.create.noop,
        `${loopback.create.noop.toFixed(2)}; ${loopback.read.noop.toFixed(2)}; ${loopback.delete.noop.toFixed(2)} ms`,
      ),
      info(
        "P1",
        "Pulumi's host floor for one API call: create; read; delete sent from the host's process over the same call from the driver (direct − do-nothing − bare), loopback (median)",
        loopback.create.hostCall,
        `${loopback.create.hostCall.toFixed(2)}; ${loopback.read.hostCall.toFixed(2)}; ${loopback.delete.hostCall.toFixed(2)} ms`,
      ),
      info(
        "P1",
        "round trip of a host RPC of this provider that calls no API (Diff), loopback (median)",
        loopback.rpcFloor,
        `${loopback.rpcFloor.toFixed(2)} ms`,
      ),
      info(
        "P1",
        "read the deployment's listing answers (no request; most reads of a refresh): this provider − do-nothing read, loopback (median)",
        round(loopback.listedRead - loopback.read.noop, 3),
        `${round(loopback.listedRead - loopback.read.noop, 3).toFixed(3)} ms (${loopback.listedRead.toFixed(2)} − ${loopback.read.noop.toFixed(2)} ms)`,
      ),
    );
    for (const op of OPS) {
      rows.push(
        atMost(
          "P1",
          `${op}: host ÷ bare client with ${latencyMs} ms latency per request (median)`,
          latency[op].ratio,
          "",
          1.05,
          3,
        ),
      );
    }
    const hostCalls = calls.host as Record<Op, CallCount>;
    const fmtCalls = (c: CallCount): string =>
      Object.entries(c.byRoute)
        .map(([route, n]) => `${n}× ${route}`)
        .join(" + ");
    return {
      id: "P1",
      rows,
      details: {
        loopbackReps,
        latencyReps,
        latencyMs,
        loopbackMs: loopback,
        latencyMsPerOp: latency,
        callsPerOp: calls,
        firstCreateOfDeployment: { ms: round(firstMs, 2), calls: firstCalls },
      },
      notes: [
        `${loopbackReps} invites per side on loopback and ${latencyReps} with ${latencyMs} ms latency, in batches of ${BATCH} (a batch's creates one at a time, then its reads, then its deletes, each op timed alone), ` +
          `four sides rotating: this provider, a provider that sends the same one API call per op with the bare client (\`direct\`), and a ` +
          `do-nothing provider, as Create/Read/Delete RPCs to \`@pulumi/pulumi/cmd/dynamic-provider\` started in the installed folder ` +
          `(Check untimed), and the bare \`DataTrailsClient\` in the driver process; medians on loopback: this provider create ${loopback.create.host}, ` +
          `read ${loopback.read.host}, delete ${loopback.delete.host} ms; direct ${loopback.create.direct}, ${loopback.read.direct}, ${loopback.delete.direct} ms; ` +
          `do-nothing ${loopback.create.noop}, ${loopback.read.noop}, ${loopback.delete.noop} ms; ` +
          `bare ${loopback.create.bare}, ${loopback.read.bare}, ${loopback.delete.bare} ms.`,
        `The timed read goes to a second host with the default config (another deployment, like a later refresh) whose tenancy listing ` +
          `predates the invite, so it confirms the invite with one GET, the request the bare read sends (when that listing passes ` +
          `\`datatrails:listingMaxAgeSeconds\`, one read lists again instead); a read in the deployment that created the invite is ` +
          `answered by the deployment's listing with no request (row above: ${loopback.listedRead} ms through the host).`,
        `API calls per op through the provider: create ${fmtCalls(hostCalls.create)}, read ${fmtCalls(hostCalls.read)}, ` +
          `delete ${fmtCalls(hostCalls.delete)}; bare: createInvite with knownIdentities [] (1 POST), getInvite (1 GET), deleteInvite (1 DELETE). ` +
          `The first create of a deployment also lists the tenancy (${fmtCalls(firstCalls)}, ${round(firstMs, 1)} ms here), reused by later creates.`,
      ],
    };
  } finally {
    client.close();
    await Promise.all([host, reader, noop, noopReader, direct, directReader].map((h) => h.stop()));
  }
}
