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
import { useEmulator } from "../helpers/emulator";
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
   * A fresh provider process of this shell, configured with the emulator's admin token as a secret,
   * its requests addressed to an Invite (default) or a Member.
   */
  configured(resource?: Resource): Promise<Host>;
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
    name: "diff: same inputs plan nothing, a new message a delete-first replace, a new switch an update",
    run: async ({ configured }) => {
      const host = await configured();
      const { id, properties } = await checkedCreate(host, { email: ALICE, message: "Welcome" });
      const same = await host.diff(id, properties, { email: ALICE, message: "Welcome" });
      const message = await host.diff(id, properties, { email: ALICE, message: "Hello" });
      const email = await host.diff(id, properties, { email: "bob@example.com", message: "Welcome" });
      const switches = await host.diff(id, properties, { email: ALICE, message: "Welcome", adopt: true });
      return { same, message, email, switches };
    },
    expect: (o) => {
      const d = o as Record<string, { changes: string; replaces: string[]; deleteBeforeReplace: boolean }>;
      expect(d.same).to.include({ changes: "DIFF_NONE" });
      expect(d.message).to.deep.include({
        changes: "DIFF_SOME",
        replaces: ["message"],
        deleteBeforeReplace: true,
      });
      expect(d.email).to.deep.include({
        changes: "DIFF_SOME",
        replaces: ["email"],
        deleteBeforeReplace: false,
      });
      expect(d.switches).to.deep.include({ changes: "DIFF_SOME", replaces: [] });
    },
  },
  {
    name: "read: pending stays pending, accepted once the invitee joins, gone once revoked",
    run: async ({ configured, emu }) => {
      const host = await configured();
      const alice = await checkedCreate(host, { email: ALICE });
      const bob = await checkedCreate(host, { email: "bob@example.com" });
      const pending = (await host.read(alice.id, alice.properties)).properties.status;
      emu.acceptInvite(alice.id);
      emu.revokeInvite(bob.id);
      const later = await configured(); // a refresh is a new deployment
      const accepted = await later.read(alice.id, alice.properties);
      const revoked = await later.read(bob.id, bob.properties);
      return {
        pending,
        accepted: {
          id: accepted.id,
          status: accepted.properties.status,
          member: accepted.properties.memberIdentity,
        },
        revoked: revoked.id,
      };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        pending: "pending",
        accepted: { id: "invites/#1", status: "accepted", member: "members/#2" },
        revoked: "",
      }),
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
    name: "delete withdraws a pending invite, and leaves an accepted one's member alone",
    run: async ({ configured, emu }) => {
      // Bob is a member before the deployment lists the tenancy (a deployment reuses its listing).
      emu.addMember({ email: "bob@example.com" });
      const host = await configured();
      const alice = await checkedCreate(host, { email: ALICE });
      const bob = await checkedCreate(host, { email: "bob@example.com" });
      emu.clearRequests();
      await host.delete(alice.id, alice.properties);
      await host.delete(bob.id, bob.properties);
      return {
        mutations: inviteMutations(emu.requests()),
        invites: emu.state().invites.length,
        members: emu.state().members.length,
      };
    },
    expect: (o) => expect(o).to.deep.equal({ mutations: ["DELETE invites/#1"], invites: 0, members: 1 }),
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
      expect(o).to.include("DATATRAILS_TOKEN");
    },
  },
  {
    name: "stack config credentials win over the environment's, which are used when config has none",
    run: async ({ withEnvironment, emu }) => {
      const env = { DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: "not-a-valid-token" };
      const configuredWins = await withEnvironment(env);
      await configuredWins.configure({ "datatrails:token": emu.token }, ["datatrails:token"]);
      const viaConfig = (await checkedCreate(configuredWins, { email: ALICE })).properties.status;
      const envOnly = await withEnvironment({ DATATRAILS_URL: emu.url, DATATRAILS_TOKEN: emu.token });
      await envOnly.configure({});
      const viaEnv = (await checkedCreate(envOnly, { email: "bob@example.com" })).properties.status;
      return { viaConfig, viaEnv };
    },
    expect: (o) => expect(o).to.deep.equal({ viaConfig: "pending", viaEnv: "pending" }),
  },
  {
    name: "getInvite finds an invite and answers nothing for a missing one; listInvites filters by email",
    run: async ({ functions, emu }) => {
      const alice = emu.createInvite({ email: ALICE, message: "Hi" });
      emu.createInvite({ email: "bob@example.com" });
      const found = await functions.getInvite(alice.identity);
      const missing = await functions.getInvite("invites/00000000-0000-4000-8000-000000000000");
      const listed = await functions.listInvites(ALICE);
      const all = (await functions.listInvites()) as unknown[];
      return { found, missing, listed, all: all.length };
    },
    expect: (o) =>
      expect(o).to.deep.equal({
        found: {
          identity: "invites/#1",
          email: ALICE,
          message: "Hi",
          expiryTime: "<time>",
          status: "pending",
        },
        missing: null,
        listed: [
          { identity: "invites/#1", email: ALICE, message: "Hi", expiryTime: "<time>", status: "pending" },
        ],
        all: 2,
      }),
  },
  {
    name: "Member: invites a new person, records them active once joined, gives OWNER in place, deactivates on remove",
    run: async ({ configured, emu }) => {
      // Another Owner, so deactivating Alice never leaves the tenancy without one.
      emu.addMember({ email: "root@example.com", roles: ["OWNER"] });
      const host = await configured("Member");
      const created = await checkedCreate(host, { email: ALICE, onRemove: "deactivate" });
      emu.acceptInvite(created.id);
      const later = await configured("Member");
      const read = await later.read(created.id, created.properties);
      const diff = await later.diff(created.id, read.properties, {
        email: ALICE,
        owner: true,
        onRemove: "deactivate",
      });
      const updated = await later.update(created.id, read.properties, {
        email: ALICE,
        owner: true,
        onRemove: "deactivate",
      });
      await later.delete(created.id, updated.properties);
      return {
        created: created.properties.status,
        read: { status: read.properties.status, member: read.properties.memberIdentity },
        diff,
        updated: {
          status: updated.properties.status,
          roles: updated.properties.roles,
          owner: updated.properties.owner,
        },
        changes: changes(emu),
        active: Object.fromEntries(emu.state().members.map((m) => [m.email, m.active])),
      };
    },
    expect: (o) => {
      const r = o as Record<string, unknown>;
      expect(r.created).to.equal("invited");
      expect(r.read).to.deep.equal({ status: "active", member: "members/#1" });
      expect(r.diff).to.deep.include({ changes: "DIFF_SOME", replaces: [] });
      expect(r.updated).to.deep.equal({ status: "active", roles: ["OWNER"], owner: true });
      expect(r.changes).to.have.length(3); // the invite, the role change, the deactivation
      expect((r.changes as string[])[0]).to.match(/^POST .*invites$/);
      expect(r.active).to.deep.equal({ "root@example.com": true, [ALICE]: false });
    },
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
    const configured = async (resource: Resource = "Invite"): Promise<Host> => {
      const host = await pools[`${shell}/${resource}`].take();
      await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, [
        "datatrails:token",
      ]);
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
