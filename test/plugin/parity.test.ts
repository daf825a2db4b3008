// Shell parity: one table of scenarios, each run through BOTH shells around the handlers — Pulumi's
// real dynamic-provider host and this package's native plugin — over gRPC, the way the engine calls
// them, against the same emulator. Each scenario records what an observer sees (RPC results, errors,
// the invite mutations DataTrails received), with identities and times replaced by placeholders; the
// test expects the dynamic shell's observation to be right and the native shell's to be the same, in
// one `it`, so no scenario can pass on one shell and fail on the other.
import { expect } from "chai";
import { getInvite, listInvites } from "../../provider";
import type { RunningEmulator } from "../../emulator";
import { hostError, HostPool, startHost, type Host, type Props, type Shell } from "../../tools/host";
import { TOKENS } from "../../provider/plugin";
import { besidesTenancyLookup, useEmulator } from "../helpers/emulator";
import { inviteMutations } from "../helpers/e2e";
import { withEnv } from "../helpers/provider";
import { inputRows } from "../resource/input-rows";

const SHELLS: Shell[] = ["dynamic", "native"];
type Resource = "Invite" | "Member";
const RESOURCES: Resource[] = ["Invite", "Member"];

/** What one scenario needs. */
interface Context {
  /** Which shell runs this time. */
  shell: Shell;
  emu: RunningEmulator;
  /**
   * A fresh provider process of this shell (a new deployment), configured with the emulator's admin
   * token (or `token`) as a secret and any `extra` settings, its requests addressed to an Invite
   * (default) or a Member.
   */
  configured(
    resource?: Resource,
    settings?: { token?: string; extra?: Record<string, string> },
  ): Promise<Host>;
  /** A fresh, unconfigured provider process of this shell. */
  fresh(): Promise<Host>;
  /** A process of this shell with its own environment (no pool). */
  withEnvironment(env: Record<string, string>): Promise<Host>;
  /** The provider functions as this shell's users call them. */
  functions: {
    getInvite(identity: string): Promise<unknown>;
    listInvites(email?: string): Promise<unknown>;
  };
}

/** One scenario of the table. */
interface Scenario {
  name: string;
  run(ctx: Context): Promise<unknown>;
  /** What the observation must be (checked on the dynamic shell; the native must equal it). */
  expect(observed: unknown): void;
}

// `__provider` exists only for the dynamic shell: it is how that shell finds its code, not behaviour.
function withoutProvider(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProvider);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== "__provider")
        .map(([k, v]) => [k, withoutProvider(v)]),
    );
  }
  return value;
}

/** Identities numbered by first appearance, times and ports masked: the same run gives the same text. */
function normalised(value: unknown): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(withoutProvider(value) ?? null)
    .replace(/(invites|members)\/[0-9a-f-]{36}/g, (m, kind: string) => {
      if (!ids.has(m)) ids.set(m, `${kind}/#${ids.size + 1}`);
      return ids.get(m) ?? m;
    })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
  return JSON.parse(text) as unknown;
}

async function details(call: Promise<unknown>): Promise<string> {
  return (await hostError(call)).details;
}

async function checkedCreate(host: Host, news: Props): Promise<{ id: string; properties: Props }> {
  const checked = await host.check({}, news);
  expect(checked.failures).to.deep.equal([]);
  return host.create(checked.inputs);
}

const ALICE = "alice@example.com";
const BOB = "bob@example.com";

/** A scenario's start: a deployment that created `news` (an Invite unless `resource` says). */
async function createdBy(
  ctx: Context,
  news: Props,
  resource: Resource = "Invite",
): Promise<{ host: Host; id: string; properties: Props }> {
  const host = await ctx.configured(resource);
  return { host, ...(await checkedCreate(host, news)) };
}

/** The plan for `news` after creating Alice's invite with "Welcome", and whether anything was sent. */
async function planFor(ctx: Context, news: Props): Promise<unknown> {
  const { host, id, properties } = await createdBy(ctx, { email: ALICE, message: "Welcome" });
  ctx.emu.clearRequests();
  const plan = await host.diff(id, properties, news);
  return {
    plan: { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace },
    sent: besidesTenancyLookup(ctx.emu.requests()).length,
  };
}

/** Alice's invite as a later deployment's refresh reads it, after `meanwhile` happened to it. */
async function refreshedAfter(ctx: Context, meanwhile: (id: string) => void): Promise<unknown> {
  const { id, properties } = await createdBy(ctx, { email: ALICE });
  meanwhile(id);
  const read = await (await ctx.configured()).read(id, properties);
  return { id: read.id, status: read.properties.status, member: read.properties.memberIdentity };
}

/** A Member created for Alice (with another Owner in the tenancy), then joined; a later deployment. */
async function joinedMember(
  ctx: Context,
  news: Props,
): Promise<{ host: Host; id: string; properties: Props }> {
  ctx.emu.addMember({ email: "root@example.com", roles: ["OWNER"] });
  const created = await createdBy(ctx, news, "Member");
  ctx.emu.acceptInvite(created.id);
  const host = await ctx.configured("Member");
  const read = await host.read(created.id, created.properties);
  return { host, id: created.id, properties: read.properties };
}

/** Every request that changes the tenancy (token requests aside), as `METHOD path`. */
function changes(emu: RunningEmulator): string[] {
  return emu
    .requests()
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))
    .map((r) => `${r.method} ${r.path}`);
}

const scenarios: Scenario[] = [
  {
    name: "check trims the email and keeps the declared inputs",
    run: async ({ configured }) =>
      (await configured()).check({}, { email: ` ${ALICE}\n`, message: "Welcome", renewExpired: false }),
    expect: (o) =>
      expect(o).to.deep.equal({
        inputs: { email: ALICE, message: "Welcome", renewExpired: false },
        failures: [],
      }),
  },
  {
    name: "check refuses every representative bad input, naming the property and the fix",
    run: async ({ configured }) => {
      const host = await configured();
      const out: unknown[] = [];
      for (const row of inputRows.filter((r) => r.host)) out.push((await host.check({}, row.news)).failures);
      return out;
    },
    expect: (o) => {
      const rows = inputRows.filter((r) => r.host);
      expect(o).to.have.length(rows.length);
      (o as { property: string; reason: string }[][]).forEach((failures, i) => {
        const failure = failures.find((f) => f.property === rows[i].property);
        expect(failure, rows[i].name).to.not.equal(undefined);
        expect(failure?.reason, rows[i].name).to.match(rows[i].fix);
      });
    },
  },
  {
    name: "check reports every bad property at once, sending nothing",
    run: async ({ configured, emu }) => {
      const result = await (
        await configured()
      ).check({}, { email: "not-an-email", message: "x".repeat(257), nickname: "al" });
      return {
        properties: result.failures.map((f) => f.property).sort(),
        sent: besidesTenancyLookup(emu.requests()).length,
      };
    },
    expect: (o) => expect(o).to.deep.equal({ properties: ["email", "message", "nickname"], sent: 0 }),
  },
  {
    name: "create sends one invite and records it pending, with the declared copy",
    run: async ({ configured, emu }) => {
      const created = await checkedCreate(await configured(), { email: ALICE, message: "Welcome" });
      return { created, mutations: inviteMutations(emu.requests()) };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        created: {
          id: "invites/#1",
          properties: {
            identity: "invites/#1",
            email: ALICE,
            message: "Welcome",
            expiryTime: "<time>",
            status: "pending",
            adopted: false,
            memberIdentity: null,
            adopt: false,
            renewExpired: true,
            declaredEmail: ALICE,
            declaredMessage: "Welcome",
          },
        },
        mutations: ["POST invites"],
      }),
  },
  {
    name: "create for an active member sends nothing and records the member as accepted",
    run: async ({ configured, emu }) => {
      emu.addMember({ email: ALICE });
      const created = await checkedCreate(await configured(), { email: ALICE });
      return {
        id: created.id,
        status: created.properties.status,
        mutations: inviteMutations(emu.requests()),
      };
    },
    expect: (o) => expect(o).to.deep.equal({ id: "members/#1", status: "accepted", mutations: [] }),
  },
  {
    name: "create refuses a pending invite it does not manage, naming adopt",
    run: async ({ configured, emu }) => {
      emu.createInvite({ email: ALICE });
      const host = await configured();
      const checked = await host.check({}, { email: ALICE });
      return {
        error: await details(host.create(checked.inputs)),
        mutations: inviteMutations(emu.requests()),
      };
    },
    expect: (o) => {
      const { error, mutations } = o as { error: string; mutations: string[] };
      expect(error).to.match(/already has a pending invite \(invites\/#1, expires <time>\).*Set adopt: true/);
      expect(mutations).to.deep.equal([]);
    },
  },
  {
    name: "create with adopt takes over the pending invite without sending another",
    run: async ({ configured, emu }) => {
      emu.createInvite({ email: ALICE, message: "by hand" });
      emu.clearRequests();
      const created = await checkedCreate(await configured(), { email: ALICE, adopt: true });
      return { created, mutations: inviteMutations(emu.requests()) };
    },
    expect: (o) => {
      const { created, mutations } = o as { created: { id: string; properties: Props }; mutations: string[] };
      expect(created.id).to.equal("invites/#1");
      expect(created.properties).to.include({
        adopted: true,
        adopt: true,
        message: "by hand",
        status: "pending",
      });
      expect(mutations).to.deep.equal([]);
    },
  },
  {
    name: "diff plans nothing for the same inputs, sending nothing",
    run: (ctx) => planFor(ctx, { email: ALICE, message: "Welcome" }),
    expect: (o) =>
      expect(o).to.deep.equal({
        plan: { changes: "DIFF_NONE", replaces: [], deleteBeforeReplace: false },
        sent: 0,
      }),
  },
  {
    name: "diff replaces on a new message, deleting the old invite first",
    run: (ctx) => planFor(ctx, { email: ALICE, message: "Hello" }),
    expect: (o) =>
      expect(o).to.deep.equal({
        plan: { changes: "DIFF_SOME", replaces: ["message"], deleteBeforeReplace: true },
        sent: 0,
      }),
  },
  {
    name: "diff replaces on a new email, creating the new invite first",
    run: (ctx) => planFor(ctx, { email: BOB, message: "Welcome" }),
    expect: (o) =>
      expect(o).to.deep.equal({
        plan: { changes: "DIFF_SOME", replaces: ["email"], deleteBeforeReplace: false },
        sent: 0,
      }),
  },
  {
    name: "diff plans an update, not a replace, for a new switch",
    run: (ctx) => planFor(ctx, { email: ALICE, message: "Welcome", adopt: true }),
    expect: (o) =>
      expect(o).to.deep.equal({
        plan: { changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false },
        sent: 0,
      }),
  },
  {
    name: "diff plans nothing after create although the service normalised what it stores",
    run: async (ctx) => {
      ctx.emu.setSwitches({ normalizeStored: true });
      const declared = { email: "Olivia.Smith@Example.COM", message: "  Welcome   to\n the team " };
      const { host, id, properties } = await createdBy(ctx, declared);
      const plan = await host.diff(id, properties, declared);
      return { stored: [properties.email, properties.message], plan: plan.changes };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        stored: ["olivia.smith@example.com", "Welcome to the team"],
        plan: "DIFF_NONE",
      }),
  },
  {
    name: "read keeps the declared copy beside the service's normalised one",
    run: async (ctx) => {
      ctx.emu.setSwitches({ normalizeStored: true });
      const declared = { email: "Olivia.Smith@Example.COM", message: "  Welcome   to\n the team " };
      const { id, properties } = await createdBy(ctx, declared);
      const read = await (await ctx.configured()).read(id, properties);
      const { email, message, declaredEmail, declaredMessage } = read.properties;
      return { email, message, declaredEmail, declaredMessage };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        email: "olivia.smith@example.com",
        message: "Welcome to the team",
        declaredEmail: "Olivia.Smith@Example.COM",
        declaredMessage: "  Welcome   to\n the team ",
      }),
  },
  {
    name: "read keeps a pending invite pending",
    run: (ctx) => refreshedAfter(ctx, () => undefined),
    expect: (o) => expect(o).to.deep.equal({ id: "invites/#1", status: "pending", member: null }),
  },
  {
    name: "read records an invite accepted once the invitee joins, under the same id",
    run: (ctx) => refreshedAfter(ctx, (id) => ctx.emu.acceptInvite(id)),
    expect: (o) => expect(o).to.deep.equal({ id: "invites/#1", status: "accepted", member: "members/#2" }),
  },
  {
    name: "read reports a revoked invite gone (an empty id)",
    run: (ctx) => refreshedAfter(ctx, (id) => ctx.emu.revokeInvite(id)),
    expect: (o) => expect(o).to.deep.include({ id: "" }),
  },
  {
    name: "read serves the deployment's young listing: an accept made meanwhile waits for the next deployment",
    run: async (ctx) => {
      const { host, id, properties } = await createdBy(ctx, { email: ALICE });
      ctx.emu.acceptInvite(id);
      ctx.emu.clearRequests();
      const same = (await host.read(id, properties)).properties.status;
      const requests = ctx.emu.requests().length;
      const next = (await (await ctx.configured()).read(id, properties)).properties.status;
      return { same, requests, next };
    },
    expect: (o) => expect(o).to.deep.equal({ same: "pending", requests: 0, next: "accepted" }),
  },
  {
    name: "read keeps an accepted invite when the service's clock runs ahead of this machine's (same deployment)",
    run: async (ctx) => {
      // The provider's clock follows the service's Date header, an hour ahead from the first answer.
      // Listing ages must not be measured on that clock, or the create's listing would look an hour
      // younger and be reused; with listings reused for no time at all, the read must list again.
      ctx.emu.advanceClock(3600);
      const host = await ctx.configured("Invite", { extra: { "datatrails:listingMaxAgeSeconds": "0" } });
      const { id, properties } = await checkedCreate(host, { email: ALICE });
      ctx.emu.acceptInvite(id);
      const read = await host.read(id, properties);
      return { id: read.id, status: read.properties.status };
    },
    expect: (o) => expect(o).to.deep.equal({ id: "invites/#1", status: "accepted" }),
  },
  {
    name: "read fails with the 403 rather than reporting the invite gone when the token is no administrator's",
    run: async (ctx) => {
      const { id, properties } = await createdBy(ctx, { email: ALICE });
      const viewer = "viewer-token-0f3c9a7e";
      ctx.emu.addToken(viewer, false);
      const error = await details((await ctx.configured("Invite", { token: viewer })).read(id, properties));
      return { has403: error.includes("403"), namesToken: error.includes(viewer) };
    },
    expect: (o) => expect(o).to.deep.equal({ has403: true, namesToken: false }),
  },
  {
    name: "update records new switches and the declaration, sending nothing",
    run: async ({ configured, emu }) => {
      const host = await configured();
      const { id, properties } = await checkedCreate(host, { email: ALICE });
      emu.clearRequests();
      const updated = await host.update(id, properties, { email: ALICE, renewExpired: false });
      return { properties: updated.properties, calls: emu.requests().length };
    },
    expect: (o) => {
      const { properties, calls } = o as { properties: Props; calls: number };
      expect(properties).to.include({
        renewExpired: false,
        adopt: false,
        status: "pending",
        identity: "invites/#1",
      });
      expect(calls).to.equal(0);
    },
  },
  {
    name: "delete withdraws a pending invite",
    run: async (ctx) => {
      const { host, id, properties } = await createdBy(ctx, { email: ALICE });
      ctx.emu.clearRequests();
      await host.delete(id, properties);
      return { mutations: inviteMutations(ctx.emu.requests()), invites: ctx.emu.state().invites.length };
    },
    expect: (o) => expect(o).to.deep.equal({ mutations: ["DELETE invites/#1"], invites: 0 }),
  },
  {
    name: "delete leaves an accepted invitee's membership alone, sending nothing",
    run: async (ctx) => {
      const { id, properties } = await createdBy(ctx, { email: ALICE });
      ctx.emu.acceptInvite(id);
      const destroy = await ctx.configured();
      const read = await destroy.read(id, properties);
      ctx.emu.clearRequests();
      await destroy.delete(read.id, read.properties);
      return {
        sent: besidesTenancyLookup(ctx.emu.requests()).length,
        members: ctx.emu.state().members.map((m) => [m.email, m.active]),
      };
    },
    expect: (o) => expect(o).to.deep.equal({ sent: 0, members: [[ALICE, true]] }),
  },
  {
    name: "create stores exactly one invite when the create's answer is lost",
    run: async (ctx) => {
      ctx.emu.addFaults({ route: "POST /invites", sequence: [{ type: "reset-after" }] });
      const host = await ctx.configured("Invite", { extra: { "datatrails:retryBudgetSeconds": "5" } });
      const { id } = await checkedCreate(host, { email: ALICE });
      return {
        id,
        stored: ctx.emu.state().invites.map((i) => i.identity),
        // The one POST lost its answer (status 0 in the log) and was never sent again.
        posts: ctx.emu
          .requests()
          .filter((r) => r.method === "POST" && !r.path.endsWith("/token"))
          .map((r) => r.status),
      };
    },
    expect: (o) => expect(o).to.deep.equal({ id: "invites/#1", stored: ["invites/#1"], posts: [0] }),
  },
  {
    name: "without any credentials the first call fails listing every way to give them",
    run: async ({ fresh, emu }) => {
      const host = await fresh();
      try {
        await host.configure({ "datatrails:url": emu.url });
        await host.check({}, { email: ALICE });
        return "no error";
      } catch (err) {
        return (err as { details?: string }).details ?? String(err);
      }
    },
    expect: (o) => {
      expect(o).to.match(/No DataTrails credentials were found/);
      expect(o).to.include("pulumi config set --secret datatrails:clientSecret");
      for (const way of [
        "datatrails:clientId",
        "datatrails:token",
        "datatrails:tokenFile",
        "DATATRAILS_CLIENT_ID",
        "DATATRAILS_CLIENT_SECRET",
        "DATATRAILS_TOKEN",
        "DATATRAILS_TOKEN_FILE",
      ]) {
        expect(o).to.include(way);
      }
    },
  },
  {
    name: "stack config credentials win over the environment's",
    run: async ({ withEnvironment, emu }) => {
      const host = await withEnvironment({ DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: "not-a-valid-token" });
      await host.configure({ "datatrails:token": emu.token }, ["datatrails:token"]);
      return (await checkedCreate(host, { email: ALICE })).properties.status;
    },
    expect: (o) => expect(o).to.equal("pending"),
  },
  {
    name: "environment credentials are used when stack config has none",
    run: async ({ withEnvironment, emu }) => {
      const host = await withEnvironment({ DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: emu.token });
      await host.configure({});
      return (await checkedCreate(host, { email: ALICE })).properties.status;
    },
    expect: (o) => expect(o).to.equal("pending"),
  },
  {
    name: "getInvite finds an invite by identity",
    run: async ({ functions, emu }) =>
      functions.getInvite(emu.createInvite({ email: ALICE, message: "Hi" }).identity),
    expect: (o) =>
      expect(o).to.deep.equal({
        identity: "invites/#1",
        email: ALICE,
        message: "Hi",
        expiryTime: "<time>",
        status: "pending",
      }),
  },
  {
    name: "getInvite answers nothing for an invite that does not exist",
    run: ({ functions }) => functions.getInvite("invites/00000000-0000-4000-8000-000000000000"),
    expect: (o) => expect(o).to.equal(null),
  },
  {
    name: "listInvites lists every invite, or those of one email",
    run: async ({ functions, emu }) => {
      emu.createInvite({ email: ALICE, message: "Hi" });
      emu.createInvite({ email: BOB });
      return {
        listed: await functions.listInvites(ALICE),
        all: ((await functions.listInvites()) as unknown[]).length,
      };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        listed: [
          { identity: "invites/#1", email: ALICE, message: "Hi", expiryTime: "<time>", status: "pending" },
        ],
        all: 2,
      }),
  },
  {
    name: "Member: invites a person who is not a member",
    run: async (ctx) => {
      const { properties } = await createdBy(ctx, { email: ALICE }, "Member");
      return { status: properties.status, changes: changes(ctx.emu) };
    },
    expect: (o) => {
      const r = o as { status: string; changes: string[] };
      expect(r.status).to.equal("invited");
      expect(r.changes).to.have.length(1);
      expect(r.changes[0]).to.match(/^POST .*invites$/);
    },
  },
  {
    name: "Member: a refresh records the person active once they joined",
    run: async (ctx) => {
      const { properties } = await joinedMember(ctx, { email: ALICE });
      return { status: properties.status, member: properties.memberIdentity };
    },
    expect: (o) => expect(o).to.deep.equal({ status: "active", member: "members/#1" }),
  },
  {
    name: "Member: owner is given in place once joined, with one role change",
    run: async (ctx) => {
      const { host, id, properties } = await joinedMember(ctx, { email: ALICE });
      ctx.emu.clearRequests();
      const diff = await host.diff(id, properties, { email: ALICE, owner: true });
      const updated = await host.update(id, properties, { email: ALICE, owner: true });
      const { status, roles, owner } = updated.properties;
      return {
        diff: [diff.changes, diff.replaces],
        updated: { status, roles, owner },
        changes: changes(ctx.emu).length,
      };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        diff: ["DIFF_SOME", []],
        updated: { status: "active", roles: ["OWNER"], owner: true },
        changes: 1,
      }),
  },
  {
    name: "Member: removing a joined member with onRemove deactivate deactivates them",
    run: async (ctx) => {
      const { host, id, properties } = await joinedMember(ctx, { email: ALICE, onRemove: "deactivate" });
      ctx.emu.clearRequests();
      await host.delete(id, properties);
      return {
        changes: changes(ctx.emu).length,
        active: Object.fromEntries(ctx.emu.state().members.map((m) => [m.email, m.active])),
      };
    },
    expect: (o) =>
      expect(o).to.deep.equal({ changes: 1, active: { "root@example.com": true, [ALICE]: false } }),
  },
  {
    name: "Member: takes over an existing member without sending anything, roles made to match owner",
    run: async ({ configured, emu }) => {
      emu.addMember({ email: ALICE, roles: ["OWNER"] });
      const created = await checkedCreate(await configured("Member"), { email: ALICE, owner: true });
      return { id: created.id, properties: created.properties, changes: changes(emu) };
    },
    expect: (o) => {
      const r = o as { id: string; properties: Props; changes: string[] };
      expect(r.id).to.equal("members/#1");
      expect(r.properties).to.deep.include({
        status: "active",
        roles: ["OWNER"],
        owner: true,
        inviteIdentity: null,
      });
      expect(r.changes).to.deep.equal([]);
    },
  },
  {
    name: "Member: check refuses an unknown onRemove and a non-boolean owner, naming each field",
    run: async ({ configured }) =>
      (await configured("Member")).check({}, { email: ALICE, onRemove: "delete", owner: "yes" }),
    expect: (o) => {
      const failures = (o as { failures: { property: string; reason: string }[] }).failures;
      expect(failures.map((f) => f.property).sort()).to.deep.equal(["onRemove", "owner"]);
      for (const f of failures) expect(f.reason).to.match(new RegExp(`^${f.property}\\b`));
    },
  },
];

describe("shell parity: the dynamic-provider host and the native plugin run the same scenarios", function () {
  this.timeout(120_000);
  const running = useEmulator();
  // One pool per shell and resource: the native URN names the resource, the dynamic host's
  // `__provider` is that resource's provider.
  const pools = Object.fromEntries(
    SHELLS.flatMap((shell) =>
      RESOURCES.map((resource) => [`${shell}/${resource}`, new HostPool({ shell, resource }, 1)]),
    ),
  ) as Record<`${Shell}/${Resource}`, HostPool>;
  const own: Host[] = [];
  after(async () => {
    await Promise.all(Object.values(pools).map((p) => p.stopAll()));
  });
  afterEach(async () => {
    await Promise.all(Object.values(pools).map((p) => p.release()));
    await Promise.all(own.splice(0).map((h) => h.stop()));
  });

  function contextFor(shell: Shell): Context {
    const emu = running();
    const pool = pools[`${shell}/Invite`];
    const configured: Context["configured"] = async (resource = "Invite", settings = {}) => {
      const host = await pools[`${shell}/${resource}`].take();
      await host.configure(
        { "datatrails:url": emu.url, "datatrails:token": settings.token ?? emu.token, ...settings.extra },
        ["datatrails:token"],
      );
      return host;
    };
    return {
      shell,
      emu,
      configured,
      fresh: () => pool.take(),
      async withEnvironment(env) {
        const host = await startHost({ shell, env });
        own.push(host);
        return host;
      },
      functions:
        shell === "dynamic"
          ? {
              // A TypeScript program calls these in its own process, with the provider's settings.
              getInvite: (identity) =>
                withEnv({ DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: emu.token }, async () => {
                  return (await getInvite(identity)) ?? null;
                }),
              listInvites: (email) =>
                withEnv({ DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: emu.token }, () =>
                  listInvites(email === undefined ? {} : { email }),
                ),
            }
          : {
              // Every other language invokes them through the engine and the configured plugin.
              getInvite: async (identity) => {
                const { outputs, failures } = await (
                  await configured()
                ).invoke(TOKENS.getInvite, { identity });
                expect(failures).to.deep.equal([]);
                return outputs.invite ?? null;
              },
              listInvites: async (email) => {
                const args = email === undefined ? {} : { email };
                const { outputs, failures } = await (await configured()).invoke(TOKENS.listInvites, args);
                expect(failures).to.deep.equal([]);
                return outputs.invites;
              },
            },
    };
  }

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const observed: Partial<Record<Shell, unknown>> = {};
      for (const shell of SHELLS) {
        running().reset();
        observed[shell] = normalised(await scenario.run(contextFor(shell)));
      }
      scenario.expect(observed.dynamic);
      expect(observed.native, "the native plugin observes what the dynamic provider does").to.deep.equal(
        observed.dynamic,
      );
    });
  }
});
