// TenancyIndex against a stub client: no server. The stub counts calls, so each row says how many
// listings and GETs a sequence of lookups costs, and what it answers. The listing clock is a number
// the rows move by hand (no timers): a listing "takes" LIST_MS, during which the clock advances.
import { expect } from "chai";
import { DataTrailsHTTPError, type DataTrailsClient, type Member } from "../../provider/client";
import { TenancyIndex } from "../../provider/resource/tenancy";

// The client's invite type, named through the client so that a rename of the type leaves this file alone.
type ClientInvite = Awaited<ReturnType<DataTrailsClient["getInvite"]>>;

const NOW = Date.parse("2030-06-01T12:00:00Z");
const REUSE_MS = 1_000;
const LIST_MS = 50;

const invite = (n: number, email: string, expiryTime = "2030-06-05T12:00:00Z"): ClientInvite => ({
  identity: `invites/${n}`,
  email,
  message: "",
  expiryTime,
});
const member = (n: number, email: string, active = true): Member => ({
  identity: `members/${n}`,
  displayName: "",
  email,
  active,
  roles: [],
});

/** What the stub service holds and what it has been asked. */
interface Stub {
  invites: ClientInvite[];
  members: Member[];
  /** Answers to GET /invites/<id> not in `invites`: an error to throw. */
  getError?: Error;
  /** The next listings that fail, in order. */
  failListings: number;
  calls: { listInvites: number; listMembers: number; getInvite: number };
  /** The listing clock (ms). */
  clock: number;
}

function stubClient(stub: Stub): DataTrailsClient {
  async function* list<T>(items: () => T[]): AsyncIterable<T> {
    // A listing takes LIST_MS on the listing clock.
    stub.clock += LIST_MS;
    if (stub.failListings > 0) {
      stub.failListings--;
      throw new Error("listing failed");
    }
    yield* items();
  }
  const client = {
    listInvites: () => {
      stub.calls.listInvites++;
      return list(() => stub.invites);
    },
    listMembers: () => {
      stub.calls.listMembers++;
      return list(() => stub.members);
    },
    getInvite: async (identity: string) => {
      stub.calls.getInvite++;
      const found = stub.invites.find((i) => i.identity === identity);
      if (found) return found;
      throw stub.getError ?? new DataTrailsHTTPError({ status: 404, method: "GET", path: `/${identity}` });
    },
  };
  // Only the three calls TenancyIndex makes are stubbed.
  return client as unknown as DataTrailsClient;
}

interface Row {
  name: string;
  invites?: ClientInvite[];
  members?: Member[];
  failListings?: number;
  getError?: Error;
  /** The lookups, in order; returns what the row expects to see. */
  run: (index: TenancyIndex, stub: Stub) => Promise<unknown>;
  expected: unknown;
  calls: Partial<Stub["calls"]>;
}

const rows: Row[] = [
  {
    name: "lists members once for several deployment lookups within the reuse window",
    members: [member(1, "a@example.com"), member(2, "b@example.com")],
    run: async (index, stub) => {
      const a = await index.activeMember("a@example.com", "deployment");
      stub.clock += REUSE_MS;
      const b = await index.activeMember("B@Example.com", "deployment");
      return [a?.identity, b?.identity];
    },
    expected: ["members/1", "members/2"],
    calls: { listMembers: 1 },
  },
  {
    name: "lists again once the deployment reuse window has passed",
    members: [member(1, "a@example.com")],
    run: async (index, stub) => {
      await index.activeMember("a@example.com", "deployment");
      stub.clock += REUSE_MS + 1;
      return (await index.activeMember("a@example.com", "deployment"))?.identity;
    },
    expected: "members/1",
    calls: { listMembers: 2 },
  },
  {
    name: "shares one listing between concurrent lookups, fresh ones included",
    invites: [invite(1, "a@example.com")],
    run: async (index) =>
      Promise.all([
        index.inviteIdentities("a@example.com", "deployment"),
        index.inviteIdentities("a@example.com", "fresh"),
        index.invite("invites/1").then((i) => [i?.identity]),
      ]),
    expected: [["invites/1"], ["invites/1"], ["invites/1"]],
    calls: { listInvites: 1, getInvite: 0 },
  },
  {
    name: "reuses a finished listing for a fresh lookup no older than the listing took",
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await index.inviteIdentities("a@example.com", "deployment");
      stub.clock += LIST_MS;
      return index.inviteIdentities("a@example.com", "fresh");
    },
    expected: ["invites/1"],
    calls: { listInvites: 1 },
  },
  {
    name: "lists again for a fresh lookup once the listing is older than it took",
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await index.inviteIdentities("a@example.com", "deployment");
      stub.clock += LIST_MS + 1;
      return index.inviteIdentities("a@example.com", "fresh");
    },
    expected: ["invites/1"],
    calls: { listInvites: 2 },
  },
  {
    name: "does not reuse a failed listing: the next lookup lists again",
    invites: [invite(1, "a@example.com")],
    failListings: 1,
    run: async (index) => {
      const first = await index
        .inviteIdentities("a@example.com", "deployment")
        .catch((e: Error) => e.message);
      return [first, await index.inviteIdentities("a@example.com", "deployment")];
    },
    expected: ["listing failed", ["invites/1"]],
    calls: { listInvites: 2 },
  },
  {
    name: "keeps the listing current with recordCreated, without listing again",
    invites: [invite(1, "a@example.com")],
    run: async (index) => {
      await index.inviteIdentities("a@example.com", "deployment");
      index.recordCreated(invite(2, "A@example.com"));
      return index.inviteIdentities("a@example.com", "deployment");
    },
    expected: ["invites/1", "invites/2"],
    calls: { listInvites: 1 },
  },
  {
    name: "keeps the listing current with recordDeleted, without listing again",
    invites: [invite(1, "a@example.com"), invite(2, "a@example.com")],
    run: async (index) => {
      await index.inviteIdentities("a@example.com", "deployment");
      index.recordDeleted("invites/1");
      return index.inviteIdentities("a@example.com", "deployment");
    },
    expected: ["invites/2"],
    calls: { listInvites: 1 },
  },
  {
    name: "ignores recordCreated before any listing: the first lookup sees the service's list",
    invites: [invite(1, "a@example.com")],
    run: async (index) => {
      index.recordCreated(invite(2, "a@example.com"));
      return index.inviteIdentities("a@example.com", "deployment");
    },
    expected: ["invites/1"],
    calls: { listInvites: 1 },
  },
  {
    name: "serves a listed invite without a GET",
    invites: [invite(1, "a@example.com")],
    run: async (index) => (await index.invite("invites/1"))?.identity,
    expected: "invites/1",
    calls: { listInvites: 1, getInvite: 0 },
  },
  {
    name: "confirms an invite missing from the listing with a GET: gone when it answers 404",
    invites: [],
    run: async (index) => index.invite("invites/9"),
    expected: undefined,
    calls: { listInvites: 1, getInvite: 1 },
  },
  {
    name: "confirms an invite missing from the listing with a GET: found when the GET finds it",
    invites: [],
    run: async (index, stub) => {
      await index.inviteIdentities("late@example.com", "fresh");
      // Created by someone else after the listing, still within its freshness.
      stub.invites.push(invite(7, "late@example.com"));
      return (await index.invite("invites/7"))?.identity;
    },
    expected: "invites/7",
    calls: { listInvites: 1, getInvite: 1 },
  },
  {
    name: "rethrows a GET failure other than 404 instead of calling the invite gone",
    invites: [],
    getError: new DataTrailsHTTPError({ status: 500, method: "GET", path: "/invites/9" }),
    run: async (index) =>
      index.invite("invites/9").then(
        () => "resolved",
        (e: DataTrailsHTTPError) => e.status,
      ),
    expected: 500,
    calls: { getInvite: 1 },
  },
  {
    name: "answers pending invites only, newest expiry first, matching email in any case",
    invites: [
      invite(1, "a@example.com", "2030-06-02T00:00:00Z"),
      invite(2, "A@Example.com", "2030-06-09T00:00:00Z"),
      invite(3, "a@example.com", "2030-06-01T12:00:00Z"), // expires exactly now: expired
      invite(4, "b@example.com", "2030-06-09T00:00:00Z"),
    ],
    run: async (index) => (await index.pendingInvites("a@EXAMPLE.com", "deployment")).map((i) => i.identity),
    expected: ["invites/2", "invites/1"],
    calls: { listInvites: 1 },
  },
  {
    name: "finds an active member only, and any member by identity",
    members: [member(1, "a@example.com", false), member(2, "b@example.com")],
    run: async (index) => [
      (await index.activeMember("a@example.com", "deployment"))?.identity,
      (await index.activeMember("b@example.com", "deployment"))?.identity,
      (await index.memberByIdentity("members/1", "deployment"))?.active,
    ],
    expected: [undefined, "members/2", false],
    calls: { listMembers: 1 },
  },
];

describe("TenancyIndex (stub client)", () => {
  for (const row of rows) {
    it(row.name, async () => {
      const stub: Stub = {
        invites: [...(row.invites ?? [])],
        members: [...(row.members ?? [])],
        getError: row.getError,
        failListings: row.failListings ?? 0,
        calls: { listInvites: 0, listMembers: 0, getInvite: 0 },
        clock: 0,
      };
      const index = new TenancyIndex(
        stubClient(stub),
        () => NOW,
        { deploymentReuseMs: REUSE_MS },
        () => stub.clock,
      );
      expect(await row.run(index, stub)).to.deep.equal(row.expected);
      expect(stub.calls).to.deep.include(row.calls);
    });
  }
});
