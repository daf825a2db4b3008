// TenancyIndex against a stub client: no server. The stub counts calls, so each row says how many
// listings and GETs a sequence of lookups costs, and what it answers. The listing clock is a number
// the rows move by hand (no timers): a listing "takes" LIST_MS, during which the clock advances.
// Listings are reused while younger than MAX_AGE_MS, counted from when they were requested.
import { expect } from "chai";
import { DataTrailsHTTPError, type DataTrailsClient, type MemberRecord } from "../../provider/client";
import { TenancyIndex } from "../../provider/resource/tenancy";

// The client's invite type, named through the client so that a rename of the type leaves this file alone.
type ClientInvite = Awaited<ReturnType<DataTrailsClient["getInvite"]>>;

const NOW = Date.parse("2030-06-01T12:00:00Z");
const MAX_AGE_MS = 1_000;
const LIST_MS = 50;

const invite = (n: number, email: string, expiryTime = "2030-06-05T12:00:00Z"): ClientInvite => ({
  identity: `invites/${n}`,
  email,
  message: "",
  expiryTime,
});
const member = (n: number, email: string, active = true): MemberRecord => ({
  identity: `members/${n}`,
  displayName: "",
  email,
  active,
  roles: [],
});

/** What the stub service holds and what it has been asked. */
interface Stub {
  invites: ClientInvite[];
  members: MemberRecord[];
  /** Answers to GET /invites/<id> not in `invites`: an error to throw. */
  getError?: Error;
  /** The next listings that fail, in order. */
  failListings: number;
  calls: { listInvites: number; listInvitesByEmail: number; listMembers: number; getInvite: number };
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
    listInvites: (options: { email?: string } = {}) => {
      const { email } = options;
      if (email === undefined) {
        stub.calls.listInvites++;
        return list(() => stub.invites);
      }
      stub.calls.listInvitesByEmail++;
      return list(() => stub.invites.filter((i) => i.email.toLowerCase() === email.toLowerCase()));
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
  members?: MemberRecord[];
  failListings?: number;
  getError?: Error;
  /** The lookups, in order; returns what the row expects to see. */
  run: (index: TenancyIndex, stub: Stub) => Promise<unknown>;
  expected: unknown;
  calls: Partial<Stub["calls"]>;
}

const known = async (index: TenancyIndex, email: string): Promise<string[]> =>
  (await index.invitesBeforeCreate(email)).known;

/**
 * Two creates answered by the deployment's first listings (members, then invites), after which the
 * invites listing grows older than the maximum age.
 */
async function twoCreatesThenOld(index: TenancyIndex, stub: Stub): Promise<void> {
  await index.activeMember("x@example.com", "create");
  await known(index, "x@example.com");
  await known(index, "y@example.com");
  stub.clock += MAX_AGE_MS + 1;
}

const rows: Row[] = [
  {
    name: "lists members once for several lookups while the listing is young",
    members: [member(1, "a@example.com"), member(2, "b@example.com")],
    run: async (index, stub) => {
      const a = await index.activeMember("a@example.com");
      stub.clock = MAX_AGE_MS;
      const b = await index.activeMember("B@Example.com");
      return [a?.identity, b?.identity];
    },
    expected: ["members/1", "members/2"],
    calls: { listMembers: 1 },
  },
  {
    name: "lists members again once the listing is older than the maximum age",
    members: [member(1, "a@example.com")],
    run: async (index, stub) => {
      await index.activeMember("a@example.com");
      stub.clock = MAX_AGE_MS + 1;
      return (await index.activeMember("a@example.com"))?.identity;
    },
    expected: "members/1",
    calls: { listMembers: 2 },
  },
  {
    name: "shares one listing between concurrent lookups of creates and reads",
    invites: [invite(1, "a@example.com")],
    run: async (index) =>
      Promise.all([
        known(index, "a@example.com"),
        known(index, "a@example.com"),
        index.invite("invites/1").then((i) => [i?.identity]),
      ]),
    expected: [["invites/1"], ["invites/1"], ["invites/1"]],
    calls: { listInvites: 1, getInvite: 0, listMembers: 0 },
  },
  {
    name: "serves every read of a refresh from one listing while it is young",
    invites: [invite(1, "a@example.com"), invite(2, "b@example.com"), invite(3, "c@example.com")],
    run: async (index, stub) => {
      const out: (string | undefined)[] = [];
      for (const id of ["invites/1", "invites/2", "invites/3"]) {
        out.push((await index.invite(id))?.identity);
        stub.clock += 400;
      }
      return out;
    },
    expected: ["invites/1", "invites/2", "invites/3"],
    calls: { listInvites: 1, getInvite: 0, listMembers: 0 },
  },
  {
    name: "lists invites again for a read once the listing is older than the maximum age",
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await index.invite("invites/1");
      stub.clock = MAX_AGE_MS + 1;
      return (await index.invite("invites/1"))?.identity;
    },
    expected: "invites/1",
    calls: { listInvites: 2, getInvite: 0 },
  },
  {
    name: "counts a listing's age from its request, so a slow listing is not reused as long",
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      // The listing is requested at 0 and takes LIST_MS: at MAX_AGE_MS + 1 it is too old.
      await index.invite("invites/1");
      stub.clock = MAX_AGE_MS + 1;
      await index.invite("invites/1");
      return stub.clock;
    },
    expected: MAX_AGE_MS + 1 + LIST_MS,
    calls: { listInvites: 2 },
  },
  {
    name: "does not reuse a failed listing: the next lookup lists again",
    invites: [invite(1, "a@example.com")],
    failListings: 1,
    run: async (index) => {
      const first = await index.invite("invites/1").catch((e: Error) => e.message);
      return [first, (await index.invite("invites/1"))?.identity];
    },
    expected: ["listing failed", "invites/1"],
    calls: { listInvites: 2 },
  },
  {
    name: "keeps the listing current with recordCreated, without listing again",
    invites: [invite(1, "a@example.com")],
    run: async (index) => {
      await known(index, "a@example.com");
      index.recordCreated(invite(2, "A@example.com"));
      return known(index, "a@example.com");
    },
    expected: ["invites/1", "invites/2"],
    calls: { listInvites: 1 },
  },
  {
    name: "keeps the listing current with recordDeleted, without listing again",
    invites: [invite(1, "a@example.com"), invite(2, "a@example.com")],
    run: async (index) => {
      await known(index, "a@example.com");
      index.recordDeleted("invites/1");
      return known(index, "a@example.com");
    },
    expected: ["invites/2"],
    calls: { listInvites: 1 },
  },
  {
    name: "ignores recordCreated before any listing: the first lookup sees the service's list",
    invites: [invite(1, "a@example.com")],
    run: async (index) => {
      index.recordCreated(invite(2, "a@example.com"));
      return known(index, "a@example.com");
    },
    expected: ["invites/1"],
    calls: { listInvites: 1 },
  },
  {
    name: "serves a listed invite without a GET and without listing members",
    invites: [invite(1, "a@example.com")],
    run: async (index) => (await index.invite("invites/1"))?.identity,
    expected: "invites/1",
    calls: { listInvites: 1, getInvite: 0, listMembers: 0 },
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
      await index.invite("invites/1");
      // Created by someone else after the listing, while it is still young.
      stub.invites.push(invite(7, "late@example.com"));
      return (await index.invite("invites/7"))?.identity;
    },
    expected: "invites/7",
    calls: { listInvites: 1, getInvite: 2 },
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
    run: async (index) => {
      const { pending, known: ids } = await index.invitesBeforeCreate("a@EXAMPLE.com");
      return [pending.map((i) => i.identity), ids];
    },
    expected: [
      ["invites/2", "invites/1"],
      ["invites/1", "invites/2", "invites/3"],
    ],
    calls: { listInvites: 1, listMembers: 0 },
  },
  {
    name: "finds a member by email whatever its state, an active one first",
    members: [
      member(1, "a@example.com", false),
      member(2, "A@example.com"),
      member(3, "b@example.com", false),
    ],
    run: async (index) => [
      (await index.memberWithEmail("a@example.com"))?.identity,
      (await index.memberWithEmail("b@example.com"))?.identity,
      (await index.memberWithEmail("c@example.com"))?.identity,
    ],
    expected: ["members/2", "members/3", undefined],
    calls: { listMembers: 1, listInvites: 0 },
  },
  {
    name: "finds an active member only, and any member by identity",
    members: [member(1, "a@example.com", false), member(2, "b@example.com")],
    run: async (index) => [
      (await index.activeMember("a@example.com"))?.identity,
      (await index.activeMember("b@example.com"))?.identity,
      (await index.memberByIdentity("members/1"))?.active,
    ],
    expected: [undefined, "members/2", false],
    calls: { listMembers: 1 },
  },
  {
    name: "keeps an old members listing for creates while no invite has gone missing since",
    members: [member(1, "m@example.com")],
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await twoCreatesThenOld(index, stub);
      // A bulk of creates: the invites are listed again, and nothing is missing from them.
      await known(index, "z@example.com");
      return (await index.activeMember("m@example.com", "create"))?.identity;
    },
    expected: "members/1",
    calls: { listMembers: 1, listInvites: 2 },
  },
  {
    name: "lists members again for a create once a later invites listing finds an invite gone",
    members: [member(1, "m@example.com")],
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await twoCreatesThenOld(index, stub);
      // Someone accepted invites/1 meanwhile: it is gone, and a@example.com is a member.
      stub.invites = [];
      stub.members.push(member(2, "a@example.com"));
      await known(index, "z@example.com");
      return (await index.activeMember("a@example.com", "create"))?.identity;
    },
    expected: "members/2",
    calls: { listMembers: 2, listInvites: 2 },
  },
  {
    name: "does not take an invite this provider deleted for one that went missing",
    members: [member(1, "m@example.com")],
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await twoCreatesThenOld(index, stub);
      stub.invites = [];
      // The delete is recorded after the new listing was requested, so the old snapshot still has it.
      const relisted = known(index, "z@example.com");
      index.recordDeleted("invites/1");
      await relisted;
      return (await index.activeMember("m@example.com", "create"))?.identity;
    },
    expected: "members/1",
    calls: { listMembers: 1, listInvites: 2 },
  },
  {
    name: "lists members again for a read once the listing is old, even with no invite gone",
    members: [member(1, "m@example.com")],
    run: async (index, stub) => {
      await index.activeMember("m@example.com", "create");
      stub.clock = MAX_AGE_MS + 1;
      return (await index.activeMember("m@example.com"))?.identity;
    },
    expected: "members/1",
    calls: { listMembers: 2 },
  },
  {
    name: "looks up one email for a create now and then once the listing is old",
    invites: [invite(1, "a@example.com"), invite(2, "b@example.com"), invite(3, "c@example.com")],
    run: async (index, stub) => {
      await known(index, "a@example.com");
      stub.clock = MAX_AGE_MS + 1;
      stub.invites.push(invite(4, "b@example.com"));
      return known(index, "b@example.com");
    },
    expected: ["invites/2", "invites/4"],
    // Three invites fill two pages of two; the old listing served one create, so one filtered
    // request is cheaper than listing everything again.
    calls: { listInvites: 1, listInvitesByEmail: 1 },
  },
  {
    name: "lists everything again for a bulk of creates once the listing is old",
    invites: [invite(1, "a@example.com")],
    run: async (index, stub) => {
      await known(index, "a@example.com");
      await known(index, "b@example.com");
      stub.clock = MAX_AGE_MS + 1;
      stub.invites.push(invite(5, "c@example.com"));
      const c = await known(index, "c@example.com");
      const d = await known(index, "d@example.com");
      return [c, d];
    },
    expected: [["invites/5"], []],
    // The old listing served two creates, more than its one page costs to list again.
    calls: { listInvites: 2, listInvitesByEmail: 0 },
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
        calls: { listInvites: 0, listInvitesByEmail: 0, listMembers: 0, getInvite: 0 },
        clock: 0,
      };
      const index = new TenancyIndex(
        stubClient(stub),
        () => NOW,
        { listingMaxAgeMs: MAX_AGE_MS, pageSize: 2 },
        () => stub.clock,
      );
      expect(await row.run(index, stub)).to.deep.equal(row.expected);
      expect(stub.calls).to.deep.include(row.calls);
    });
  }
});
