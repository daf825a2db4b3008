// Soak: many invites, created, refreshed and deleted by the real provider while the emulator fails at
// least a fifth of all API requests (every route, every fault kind). What must hold, checked against the
// emulator's own store and request log, is what the issue calls unforgivable to break:
//   - nobody gets two invites (or none) because a response was lost;
//   - no invite exists that state does not know (a failure without an id left nothing behind);
//   - no credential ends up in state, error messages or logs.
// SOAK_INVITES (default 40) sets the size; `npm run soak` runs 500. See test/soak/settings.ts for the
// other knobs (seed, fault probability, timeouts, the engine-driven part).
import { expect } from "chai";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { inviteesProgram, type Invitee } from "../../examples/root/program";
import { createBackend, createStack, ensurePulumiCli, type Backend } from "../../tools/pulumi";
import { E2EStack } from "../helpers/e2e";
import { HostPool, type Host } from "../../tools/host";
import {
  createThroughHost,
  deleteThroughHost,
  deployment,
  readThroughHost,
  refusedPendingIdentity,
} from "./driver";
import {
  compareStore,
  counts,
  credentialsIn,
  isClearMessage,
  logStats,
  mapLimit,
  record,
  routeOf,
  say,
  tally,
  type CreateOutcome,
  type Ledger,
  type LogStats,
  unexpectedStderr,
} from "./ledger";
import { everyRouteFaults, faultKinds, inviteeEmails, soakSettings } from "./settings";

const s = soakSettings();
// A request delayed by a latency fault is still handled after the client gave up: wait this long after
// faults are cleared before the store is compared, so a late create cannot hide.
const SETTLE_MS = Math.round(s.requestTimeoutSeconds * 1000 + 1500);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function printLog(label: string, stats: LogStats, print: (line: string) => void = say): void {
  print(
    `${label}: ${stats.requests} API requests; faults seen in the log: ${counts(stats.faultsSeen)} ` +
      `(latency and malformed faults log as normal answers); 401s ${stats.unauthorized}; ` +
      `token requests ${stats.tokenRequests} (${stats.token200} answered 200)`,
  );
  print(`${label}: by route: ${counts(stats.byRoute)}`);
}

function requirePhase<T>(value: T | undefined, phase: string): T {
  if (value === undefined) throw new Error(`${phase} did not run (see its failure above)`);
  return value;
}

describe(`soak: ${s.invites} invites through the dynamic-provider host, ${Math.round(s.faultProbability * 100)} % of requests faulted`, function () {
  this.timeout(60 * 60_000);

  let emu: RunningEmulator;
  const emails = inviteeEmails("host", s.invites);
  const ledger: Ledger = new Map();
  const hosts: Host[] = [];
  const messages: string[] = [];
  let phase1: CreateOutcome[] | undefined;
  let converged = false;
  let removed: Set<string> | undefined;
  let started = Date.now();
  // One provider process per deployment, as the engine starts them; the next one warms up meanwhile.
  const pool = new HostPool({}, 1);
  const summary: string[] = [];
  const note = (line: string): void => {
    summary.push(line);
    say(line);
  };

  before(async () => {
    started = Date.now();
    emu = await startEmulator({ port: 0, seed: s.seed });
    const kinds = faultKinds(s.requestTimeoutSeconds, s.faultTypes).map((k) =>
      k.type === "status" ? `status ${k.status}` : k.type === "latency" ? `latency ${k.ms} ms` : k.type,
    );
    note(
      `seed ${s.seed}; ${s.invites} invites, ${s.concurrency} operations in flight; faults p=${s.faultProbability} ` +
        `on route "*" (${kinds.join(", ")}); requestTimeoutSeconds=${s.requestTimeoutSeconds}, ` +
        `retryBudgetSeconds=${s.retryBudgetSeconds}`,
    );
  });

  after(async () => {
    await pool.stopAll();
    await emu?.stop();
    note(`host soak wall time ${seconds(Date.now() - started)}`);
    console.log(`\n    [soak] SUMMARY of the host soak\n${summary.map((l) => `      ${l}`).join("\n")}\n`);
  });

  async function newDeployment(): Promise<Host> {
    const host = await deployment(emu, s, pool);
    hosts.push(host);
    return host;
  }

  it("phase 1 (faults on): creates every invite; a token expiry half-way causes no failure", async () => {
    const t0 = Date.now();
    emu.clearRequests();
    emu.addFaults(everyRouteFaults(s));
    const host = await newDeployment();
    let done = 0;
    let expiredAt = -1;
    let live = 0;
    phase1 = await mapLimit(emails, s.concurrency, async (email) => {
      const outcome = await createThroughHost(host, email);
      if (++done === Math.ceil(emails.length / 2)) {
        expiredAt = emu.requests().length;
        live = emu.expireTokens();
      }
      return outcome;
    });
    emu.clearFaults();
    await sleep(SETTLE_MS);
    await host.stop();
    const log = emu.requests();

    const kinds = tally(phase1, (o) => o.kind);
    let recorded = 0;
    for (const o of phase1) {
      if (record(ledger, o)) recorded++;
      if (o.kind !== "created") messages.push(o.message);
    }
    const stats = logStats(log);
    const findings = compareStore(emu.state(), ledger);
    note(`phase 1: ${seconds(Date.now() - t0)}; creates ${counts(kinds)}; recorded in state ${recorded}`);
    printLog("phase 1", stats, note);
    note(
      `phase 1: POSTs sent ${stats.posts} (${stats.posts200} answered 200) for ${recorded} recorded creates; ` +
        `invites stored ${findings.stored}; orphans ${findings.orphans.length}; duplicates ${findings.duplicates.length}; ` +
        `retries: ${stats.retryableAnswers} answers with a retryable fault status, ${stats.posts - recorded} POSTs ` +
        `beyond one per recorded create`,
    );
    const failures = phase1.filter((o) => o.kind !== "created");
    for (const f of failures.slice(0, 10))
      say(`phase 1 failure: ${f.email}: ${"message" in f ? f.message : ""}`);

    const afterExpiry = logStats(log.slice(expiredAt));
    note(
      `phase 1: tokens expired after ${Math.ceil(emails.length / 2)} creates (${live} live); afterwards 401s ${afterExpiry.unauthorized}, token requests ${afterExpiry.tokenRequests} ` +
        `(${afterExpiry.token200} answered 200, the rest faulted: ${counts(
          tally(
            log.slice(expiredAt).filter((r) => routeOf(r) === "POST /token" && r.status !== 200),
            (r) => String(r.status),
          ),
        )})`,
    );
    expect(live, "live tokens when they were expired").to.be.greaterThan(0);
    expect(afterExpiry.token200, "token renewals after the expiry").to.be.greaterThanOrEqual(1);
    const byExpiry = failures.filter(
      (f) => "message" in f && /\b401\b|Unauthorized|credentials/.test(f.message),
    );
    expect(
      byExpiry.map((f) => f.email),
      "creates failed by the token expiry",
    ).to.deep.equal([]);
    expect(recorded, "creates recorded").to.be.greaterThan(0);
  });

  it("phase 1: every failure names the call and status, or a timeout / lost connection, and holds no credential", () => {
    const outcomes = requirePhase(phase1, "phase 1");
    const secrets = { clientSecret: emu.clientSecret, staticToken: emu.token };
    const unclear = outcomes.filter((o) => o.kind !== "created" && !isClearMessage(o.message));
    const leaking = outcomes.filter(
      (o) => o.kind !== "created" && credentialsIn(o.message, secrets).length > 0,
    );
    expect(unclear.map((o) => `${o.email}: ${"message" in o ? o.message : ""}`)).to.deep.equal([]);
    expect(leaking.map((o) => o.email)).to.deep.equal([]);
  });

  it("phase 1: a create that failed without an id left no invite behind (no orphans), and no email has two", () => {
    const outcomes = requirePhase(phase1, "phase 1");
    const findings = compareStore(emu.state(), ledger);
    const failedNoId = new Set(outcomes.filter((o) => o.kind === "failed").map((o) => o.email));
    const halfRecorded = findings.orphans.filter((i) => failedNoId.has(i.email));
    const secondInvites = findings.orphans.filter((i) => !failedNoId.has(i.email));
    note(
      `phase 1: orphans ${findings.orphans.length} (failed without id but stored: ${halfRecorded.length}; ` +
        `a second invite for a recorded email: ${secondInvites.length}); duplicates ${findings.duplicates.length}; ` +
        `recorded ids missing from the store ${findings.dangling.length}`,
    );
    const why = new Map(outcomes.map((o) => [o.email, o.kind === "created" ? "created" : o.message]));
    for (const o of findings.orphans.slice(0, 10)) {
      say(`phase 1 orphan: ${o.identity} ${o.email}; its create: ${why.get(o.email) ?? "?"}`);
    }
    expect(findings.dangling, "recorded ids not in the store").to.deep.equal([]);
    expect(findings.duplicates, "emails with two pending invites").to.deep.equal([]);
    expect(
      findings.orphans.map((i) => `${i.identity} ${i.email}`),
      "invites in the store that state does not know",
    ).to.deep.equal([]);
  });

  it("phase 2 (faults off): the next up creates the rest, refusing (never re-sending) where an invite exists", async () => {
    requirePhase(phase1, "phase 1");
    const t0 = Date.now();
    emu.clearRequests();
    const host = await newDeployment();
    const missing = emails.filter((e) => !ledger.has(e));
    const outcomes = await mapLimit(missing, s.concurrency, (email) => createThroughHost(host, email));
    const refused = outcomes.filter(
      (o) => o.kind === "failed" && refusedPendingIdentity(o.message) !== undefined,
    );
    // What the user must do for each refusal: declare the invite with adopt: true (no second email).
    const adopted = await mapLimit(refused, s.concurrency, (o) =>
      createThroughHost(host, o.email, { adopt: true }),
    );
    for (const o of [...outcomes, ...adopted]) record(ledger, o);
    await host.stop();
    const log = emu.requests();
    const stats = logStats(log);
    const otherFailures = [...outcomes, ...adopted].filter(
      (o) =>
        o.kind !== "created" && !(o.kind === "failed" && refusedPendingIdentity(o.message) !== undefined),
    );
    note(
      `phase 2: ${seconds(Date.now() - t0)}; ${missing.length} not in state; creates ${counts(
        tally(outcomes, (o) => o.kind),
      )}; refused as already pending (orphans left by phase 1) ${refused.length}, then adopted ` +
        `${adopted.filter((o) => o.kind === "created").length}; POSTs ${stats.posts}`,
    );
    printLog("phase 2", stats);
    expect(otherFailures.map((o) => `${o.email}: ${"message" in o ? o.message : ""}`)).to.deep.equal([]);
    expect(stats.posts, "POSTs with faults off").to.equal(missing.length - refused.length);
    expect(
      refused.map((o) => o.email),
      "emails whose phase-1 failure left an invite without an id",
    ).to.deep.equal([]);
  });

  it("after convergence: every declared email has exactly one pending invite, all of them known to state", () => {
    const findings = compareStore(emu.state(), ledger, emails);
    note(
      `converged: state ${ledger.size}/${emails.length}; stored ${findings.stored}; orphans ${findings.orphans.length}; ` +
        `duplicates ${findings.duplicates.length}; emails without exactly one pending invite ${findings.notExactlyOne.length}`,
    );
    expect(findings.notExactlyOne, "declared emails without exactly one pending invite").to.deep.equal([]);
    expect(findings.duplicates, "emails with two pending invites").to.deep.equal([]);
    expect(
      findings.orphans.map((i) => i.identity),
      "invites state does not know",
    ).to.deep.equal([]);
    expect(findings.dangling, "state ids not in the store").to.deep.equal([]);
    expect(ledger.size).to.equal(emails.length);
    converged = true;
  });

  it("phase 3 (faults on): a refresh never reports an existing invite gone; deleting half deletes or fails clearly", async () => {
    requirePhase(phase1, "phase 1");
    const t0 = Date.now();
    emu.clearRequests();
    emu.addFaults(everyRouteFaults(s));
    const host = await newDeployment();
    const storedIds = new Set(emu.state().invites.map((i) => i.identity));
    const entries = [...ledger];
    const reads = await mapLimit(entries, s.concurrency, async ([email, rec]) => ({
      email,
      rec,
      outcome: await readThroughHost(host, rec),
    }));
    const wronglyGone: string[] = [];
    for (const { email, rec, outcome } of reads) {
      if (outcome.kind === "found") ledger.set(email, outcome.rec);
      if (outcome.kind === "failed") messages.push(outcome.message);
      if (outcome.kind === "gone") {
        // The engine drops it from state, and the next up would send a second email.
        if (storedIds.has(rec.id)) wronglyGone.push(`${email} ${rec.id}`);
        ledger.delete(email);
      }
    }
    // The program now declares every other invitee: the engine deletes the rest.
    removed = new Set(emails.filter((_, i) => i % 2 === 1));
    const toDelete = [...ledger].filter(([email]) => removed?.has(email));
    const deletes = await mapLimit(toDelete, s.concurrency, async ([email, rec]) => ({
      email,
      error: await deleteThroughHost(host, rec),
    }));
    for (const d of deletes) {
      if (d.error === undefined) ledger.delete(d.email);
      else messages.push(d.error);
    }
    emu.clearFaults();
    await sleep(SETTLE_MS);
    await host.stop();
    const stats = logStats(emu.requests());
    const deleteFailures = deletes.filter((d) => d.error !== undefined);
    note(
      `phase 3: ${seconds(Date.now() - t0)}; reads ${counts(tally(reads, (r) => r.outcome.kind))}; ` +
        `wrongly gone ${wronglyGone.length}; deletes ok ${deletes.length - deleteFailures.length}, failed ${deleteFailures.length}`,
    );
    printLog("phase 3", stats);
    for (const d of deleteFailures.slice(0, 5)) say(`phase 3 delete failure: ${d.email}: ${d.error}`);
    const readFailures = reads.flatMap((r) => (r.outcome.kind === "failed" ? [r.outcome.message] : []));
    for (const m of readFailures.slice(0, 5)) say(`phase 3 read failure: ${m}`);

    expect(wronglyGone, "existing invites a refresh reported gone").to.deep.equal([]);
    const unclear = [...readFailures, ...deleteFailures.map((d) => d.error ?? "")].filter(
      (m) => !isClearMessage(m),
    );
    expect(unclear, "read/delete failures without a clear message").to.deep.equal([]);
    const stored = new Set(emu.state().invites.map((i) => i.identity));
    const deletedButStored = deletes
      .filter((d) => d.error === undefined)
      .flatMap((d) => toDelete.filter(([e]) => e === d.email).map(([, rec]) => rec.id))
      .filter((id) => stored.has(id));
    expect(deletedButStored, "invites reported deleted but still stored").to.deep.equal([]);
  });

  it("phase 3 (faults off): the next up converges; a token expiry mid-refresh is renewed exactly once", async () => {
    const gone = requirePhase(removed, "phase 3");
    const t0 = Date.now();
    emu.clearRequests();
    const declared = emails.filter((e) => !gone.has(e));
    const host = await newDeployment();
    // `up`: delete what is still in state but no longer declared; create what is declared but not in state.
    const retryDeletes = [...ledger].filter(([email]) => gone.has(email));
    const deleteErrors = await mapLimit(retryDeletes, s.concurrency, async ([email, rec]) => {
      const error = await deleteThroughHost(host, rec);
      if (error === undefined) ledger.delete(email);
      return error;
    });
    const recreate = declared.filter((e) => !ledger.has(e));
    const recreated = await mapLimit(recreate, s.concurrency, (email) => createThroughHost(host, email));
    for (const o of recreated) record(ledger, o);

    // `refresh` (as `up --refresh` would, in the same process); tokens expire after the first read
    // returns, while others are in flight.
    const entries = [...ledger];
    let done = 0;
    let expiredAt = -1;
    const reads = await mapLimit(entries, s.concurrency, async ([email, rec]) => {
      const outcome = await readThroughHost(host, rec);
      if (++done === 1) {
        expiredAt = emu.requests().length;
        emu.expireTokens();
      }
      if (outcome.kind === "found") ledger.set(email, outcome.rec);
      return outcome;
    });
    if (emu.requests().length === expiredAt) {
      // Every read was served by the deployment's invite listing, made before the expiry. An invite
      // created out of band after that listing is missing from it, so its read confirms it with a GET:
      // a request that meets the expired token. It is removed again so the store matches the ledger.
      const late = emu.createInvite({ email: `late-${s.seed}@example.com` });
      const lateRec = { id: late.identity, props: { email: late.email }, inputs: { email: late.email } };
      reads.push(await readThroughHost(host, lateRec));
      emu.revokeInvite(late.identity);
    }
    await host.stop();
    const log = emu.requests();
    const afterExpiry = log.slice(expiredAt);
    const tokenCalls = afterExpiry.filter((r) => routeOf(r) === "POST /token").map((r) => r.status);
    note(
      `phase 3 convergence: ${seconds(Date.now() - t0)}; deletes retried ${retryDeletes.length} ` +
        `(failed ${deleteErrors.filter((e) => e !== undefined).length}); re-created ${recreate.length}; ` +
        `reads ${counts(tally(reads, (r) => r.kind))}; after the expiry: 401s ${
          afterExpiry.filter((r) => r.status === 401).length
        }, token requests ${JSON.stringify(tokenCalls)}`,
    );
    expect(
      deleteErrors.filter((e) => e !== undefined),
      "deletes with faults off",
    ).to.deep.equal([]);
    expect(recreate, "declared invites that had dropped out of state").to.deep.equal([]);
    expect(
      reads.filter((r) => r.kind !== "found"),
      "reads after the token expiry",
    ).to.deep.equal([]);
    expect(
      afterExpiry.filter((r) => r.status === 401).length,
      "requests that met the expired token",
    ).to.be.greaterThan(0);
    expect(tokenCalls, "token requests after the expiry").to.deep.equal([200]);
  });

  it("final: the store holds exactly the invites in state: one pending per declared email, none for the removed", () => {
    const gone = requirePhase(removed, "phase 3");
    const declared = emails.filter((e) => !gone.has(e));
    const state = emu.state();
    const findings = compareStore(state, ledger, declared);
    const removedStored = state.invites.filter((i) => gone.has(i.email));
    note(
      `final: state ${ledger.size}; stored ${findings.stored}; orphans ${findings.orphans.length}; duplicates ` +
        `${findings.duplicates.length}; removed but stored ${removedStored.length}; converged earlier: ${converged}`,
    );
    expect(findings.notExactlyOne, "declared emails without exactly one pending invite").to.deep.equal([]);
    expect(
      removedStored.map((i) => i.email),
      "removed invitees still invited",
    ).to.deep.equal([]);
    expect(
      findings.orphans.map((i) => i.identity),
      "invites state does not know",
    ).to.deep.equal([]);
    expect(findings.dangling, "state ids not in the store").to.deep.equal([]);
    expect([...ledger.keys()].sort()).to.deep.equal([...declared].sort());
  });

  it("no credential in state, in any error message, or in what the provider printed", () => {
    const secrets = { clientSecret: emu.clientSecret, clientId: emu.clientId, staticToken: emu.token };
    const leaks: string[] = [];
    for (const [email, rec] of ledger) {
      const found = credentialsIn(JSON.stringify(rec), secrets, false);
      if (found.length > 0) leaks.push(`state of ${email}: ${found.join(", ")}`);
    }
    for (const m of messages) {
      const found = credentialsIn(m, secrets);
      if (found.length > 0) leaks.push(`message ${JSON.stringify(m.slice(0, 80))}: ${found.join(", ")}`);
    }
    for (const h of hosts) {
      const found = credentialsIn(`${h.stdout}\n${h.stderr}`, secrets);
      if (found.length > 0) leaks.push(`provider output (pid ${h.pid}): ${found.join(", ")}`);
    }
    const stderr = hosts.map((h) => h.stderr).join("");
    if (stderr !== "") say(`provider stderr (first 600 chars): ${stderr.slice(0, 600)}`);
    say(
      `leak check: ${ledger.size} state entries, ${messages.length} error messages, ${hosts.length} provider ` +
        `processes (${hosts.reduce((n, h) => n + h.stderr.length, 0)} chars of stderr)`,
    );
    expect(leaks).to.deep.equal([]);
    const unexpected = hosts.flatMap((h) => unexpectedStderr(h.stderr));
    expect(unexpected, "provider stderr that is not the host's log of a failed operation").to.deep.equal([]);
  });
});

describe("soak: single faults on a create, scripted (deterministic)", function () {
  this.timeout(120_000);
  let emu: RunningEmulator;
  let host: Host | undefined;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: s.seed });
  });
  beforeEach(() => {
    emu.reset();
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });
  after(async () => {
    await emu?.stop();
  });

  it("an expired token: renewed once, the POST sent once (POST 401 → token 200 → POST 200), one invite", async () => {
    host = await deployment(emu, s);
    const first = await createThroughHost(host, "before-expiry@soak.example.com");
    expect(first.kind).to.equal("created");
    emu.clearRequests();
    expect(emu.expireTokens()).to.equal(1);
    const email = "after-expiry@soak.example.com";
    const second = await createThroughHost(host, email);
    expect(second.kind, second.kind === "created" ? "" : second.message).to.equal("created");
    const log = emu.requests().map((r) => `${routeOf(r)} ${r.status}`);
    say(`expired token on a create: ${log.join(" → ")}`);
    expect(log).to.deep.equal(["POST /invites 401", "POST /token 200", "POST /invites 200"]);
    const stored = emu.state().invites.filter((i) => i.email === email);
    expect(stored.map((i) => i.identity)).to.deep.equal([second.kind === "created" ? second.id : "?"]);
  });

  it("a POST answered after the request timeout: one invite stored, and it is the one recorded", async () => {
    // The server handles the POST after the client gave up on it: the response is lost, the invite is not.
    host = await deployment(emu, s);
    emu.addFaults({
      route: "POST /invites",
      sequence: [{ type: "latency", ms: Math.round(s.requestTimeoutSeconds * 1000 + 500) }],
    });
    const email = "slow-post@soak.example.com";
    const outcome = await createThroughHost(host, email);
    await sleep(SETTLE_MS);
    const log = emu.requests().map((r) => `${routeOf(r)} ${r.status}`);
    const stored = emu.state().invites.filter((i) => i.email === email);
    say(`POST outliving the timeout: ${log.join(" → ")}; stored ${stored.map((i) => i.identity).join(", ")}`);
    expect(outcome.kind, outcome.kind === "failed" ? outcome.message : "").to.not.equal("failed");
    expect(stored, "invites stored for the email (each one an email sent)").to.have.length(1);
    expect(stored[0].identity).to.equal(outcome.kind === "failed" ? "?" : outcome.id);
  });
});

interface EngineDiagnostic {
  urn: string;
  message: string;
}

describe(`soak: ${s.engineInvites} invites through the Pulumi engine, faults on during the first up`, function () {
  this.timeout(60 * 60_000);

  let emu: RunningEmulator | undefined;
  let backend: Backend | undefined;
  let stack: E2EStack | undefined;
  let invitees: Invitee[] = [];
  const emails = inviteeEmails("engine", s.engineInvites);
  const diagnostics: EngineDiagnostic[] = [];
  let firstUpDone = false;
  let convergedAfter = 0;
  let started = Date.now();

  before(async function () {
    if (s.engine === "off") this.skip();
    this.timeout(40 * 60_000);
    started = Date.now();
    try {
      ensurePulumiCli();
    } catch (err) {
      if (s.engine === "on") throw err;
      say(
        `engine soak skipped: no Pulumi CLI (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`,
      );
      this.skip();
    }
    emu = await startEmulator({ port: 0, seed: s.seed });
    backend = createBackend("soak");
    invitees = emails.map((email) => ({ email, message: `soak invite for ${email}` }));
    const created = await createStack({
      backend,
      stackName: `soak-${process.pid}`,
      program: async () => inviteesProgram(),
      config: {
        "datatrails:url": { value: emu.url },
        "datatrails:clientId": { value: emu.clientId },
        "datatrails:clientSecret": { value: emu.clientSecret, secret: true },
        "datatrails:requestTimeoutSeconds": { value: String(s.requestTimeoutSeconds) },
        "datatrails:retryBudgetSeconds": { value: String(s.retryBudgetSeconds) },
        invitees: { value: JSON.stringify(invitees) },
      },
    });
    stack = new E2EStack(created, backend);
    say(
      `engine soak: seed ${s.seed}, ${s.engineInvites} invites, faults p=${s.faultProbability} on route "*"`,
    );
  });

  after(async () => {
    await emu?.stop();
    if (!process.env.E2E_KEEP_BACKENDS) backend?.remove();
    if (stack) say(`engine soak wall time ${seconds(Date.now() - started)}`);
  });

  function running(): { emu: RunningEmulator; stack: E2EStack } {
    if (!emu || !stack) throw new Error("the engine soak's before hook did not finish");
    return { emu, stack };
  }

  const onEvent = (event: EngineEvent): void => {
    const d = event.diagnosticEvent;
    if (d && d.severity === "error" && d.urn) diagnostics.push({ urn: d.urn, message: d.message });
  };

  async function upOnce(label: string): Promise<{ ok: boolean; ms: number }> {
    const t0 = Date.now();
    try {
      await running().stack.up({ continueOnError: true, onEvent });
      say(`${label}: succeeded in ${seconds(Date.now() - t0)}`);
      return { ok: true, ms: Date.now() - t0 };
    } catch (err) {
      say(`${label}: failed in ${seconds(Date.now() - t0)} (${diagnostics.length} resource errors so far)`);
      if (!(err instanceof Error)) throw err;
      return { ok: false, ms: Date.now() - t0 };
    }
  }

  async function stateLedger(): Promise<Ledger> {
    const ledger: Ledger = new Map();
    for (const inv of await running().stack.invites()) {
      ledger.set(String(inv.outputs.email), { id: inv.id, props: inv.outputs, inputs: {} });
    }
    return ledger;
  }

  it("up with faults on: the engine keeps what succeeded; every failure is clear; nothing half-recorded", async () => {
    const { emu } = running();
    emu.clearRequests();
    emu.addFaults(everyRouteFaults(s));
    await upOnce("engine up 1 (faults on)");
    emu.clearFaults();
    await sleep(SETTLE_MS);
    firstUpDone = true;
    const ledger = await stateLedger();
    const stats = logStats(emu.requests());
    const findings = compareStore(emu.state(), ledger);
    say(
      `engine up 1: in state ${ledger.size}/${emails.length}; resource errors ${diagnostics.length}; POSTs ${stats.posts} ` +
        `(${stats.posts200} answered 200); stored ${findings.stored}; orphans ${findings.orphans.length}; ` +
        `duplicates ${findings.duplicates.length}`,
    );
    printLog("engine up 1", stats);
    for (const d of diagnostics.slice(0, 5))
      say(`engine up 1 error: ${d.message.trim().split("\n").join(" | ")}`);
    const unclear = diagnostics.filter((d) => !isClearMessage(d.message));
    expect(
      unclear.map((d) => d.message),
      "resource errors without a clear message",
    ).to.deep.equal([]);
    expect(findings.duplicates, "emails with two pending invites").to.deep.equal([]);
    expect(findings.dangling, "state ids not in the store").to.deep.equal([]);
    expect(
      findings.orphans.map((i) => `${i.identity} ${i.email}`),
      "invites state does not know",
    ).to.deep.equal([]);
  });

  it("with faults off, up converges within 3 ups (an orphan is refused, then adopted)", async () => {
    if (!firstUpDone) throw new Error("the first up did not run");
    const { emu, stack } = running();
    const adopted: string[] = [];
    for (let n = 2; n <= 4 && convergedAfter === 0; n++) {
      const before = diagnostics.length;
      const { ok } = await upOnce(`engine up ${n} (faults off)`);
      if (ok) {
        convergedAfter = n - 1;
        break;
      }
      // The provider refused to invite an email that already holds an invite it did not record: adopt it.
      const refused = new Set<string>();
      for (const d of diagnostics.slice(before)) {
        const m = /(\S+@\S+) already has a pending invite \(invites\//.exec(d.message);
        if (m) refused.add(m[1]);
      }
      if (refused.size === 0) break;
      adopted.push(...refused);
      invitees = invitees.map((i) => (refused.has(i.email) ? { ...i, adopt: true } : i));
      await stack.setInvitees(invitees);
    }
    say(
      `engine: converged after ${convergedAfter} ups with faults off; adopted (orphans of up 1) ${adopted.length}`,
    );
    expect(convergedAfter, "ups needed after the faults").to.be.within(1, 3);
    const findings = compareStore(emu.state(), await stateLedger(), emails);
    expect(findings.notExactlyOne, "declared emails without exactly one pending invite").to.deep.equal([]);
    expect(
      findings.orphans.map((i) => i.identity),
      "invites state does not know",
    ).to.deep.equal([]);
    expect(adopted, "orphans left by the faulted up").to.deep.equal([]);
  });

  it("no credential in the exported state or in the engine's output", async () => {
    const { emu, stack } = running();
    const secrets = { clientSecret: emu.clientSecret, staticToken: emu.token };
    const exported = await stack.exportJson();
    expect(credentialsIn(exported, secrets, false), "exported stack").to.deep.equal([]);
    expect(credentialsIn(stack.output.join(""), secrets, false), "engine output").to.deep.equal([]);
    expect(
      credentialsIn(diagnostics.map((d) => d.message).join("\n"), secrets),
      "engine diagnostics",
    ).to.deep.equal([]);
  });
});
