/**
 * Exactly-once create, against stubs of its dependencies (send, listing, paths, clock): each send is
 * scripted, so every branch of the contract at the top of create-invite.ts is reached directly. This
 * file owns those rules; create.test.ts keeps only the client's wiring of them over HTTP.
 */
import { expect } from "chai";
import {
  DataTrailsError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  DataTrailsTimeoutError,
  DEFAULT_RETRY,
  redactingLogger,
  type InviteRecord,
  type RetryOptions,
} from "../../provider/client";
import {
  createExactlyOnce,
  createOutcomeUnknown,
  MAY_HAVE_BEEN_CREATED,
  type CreateInviteDeps,
} from "../../provider/client/create-invite";
import type { Operation } from "../../provider/client/requester";
import { RetryBudget } from "../../provider/client/retry";
import type { TransportRequest, TransportResponse } from "../../provider/client/transport";
import { rejection } from "../helpers/assert";
import { fakeClock, type FakeClock } from "./helpers";

const PREFIX = "/archivist/iam/v1/invites";
const FALLBACK = "/archivist/v1/invites";
const EMAIL = "a@x.io";

/**
 * What one scripted send does: answer (2xx), or throw what the real send would. `sent` is the send's
 * report of when the request left; a script that does not call it left at once.
 */
type Send = (s: Stub, req: TransportRequest, sent: (at: number) => void) => TransportResponse;

interface Stub {
  deps: CreateInviteDeps;
  op: Operation;
  clock: FakeClock;
  /** Paths of the POSTs sent. */
  posts: string[];
  /** Listings made. */
  listings: number;
  /** What the listing returns. */
  listed: InviteRecord[];
  /** Invites that appear in the listing only from the n-th listing on. */
  landing: Array<{ invite: InviteRecord; atListing: number }>;
  /** The listing throws from this listing on. */
  listFailsFrom: number;
  confirmed: boolean;
}

let serial = 0;
function invite(message = ""): InviteRecord {
  serial++;
  return { identity: `invites/i${serial}`, email: EMAIL, message, expiryTime: "" };
}

function response(status: number, bodyText: string): TransportResponse {
  return { status, statusText: "", headers: { get: () => null }, bodyText };
}

const sentMessage = (req: TransportRequest): string =>
  (JSON.parse(req.body ?? "{}") as { message?: string }).message ?? "";

const ok: Send = (s, req) => {
  const created = invite(sentMessage(req));
  s.listed.push(created);
  return response(
    200,
    JSON.stringify({ identity: created.identity, email: EMAIL, message: created.message }),
  );
};
const http =
  (status: number, retryAfterMs?: number): Send =>
  (_s, req) => {
    throw new DataTrailsHTTPError({ status, method: "POST", path: req.path, retryAfterMs });
  };
const network =
  (code: string): Send =>
  (_s, req) => {
    throw new DataTrailsNetworkError("POST", req.path, "network error: boom", { code });
  };
const timeout: Send = (_s, req) => {
  throw new DataTrailsTimeoutError("POST", req.path, 1000);
};
const unreadable: Send = () => response(200, '{"identity":"inv');
/** The service stores the invite, then `then` happens (lost answer, 5xx, ...). */
const stored =
  (then: Send, atListing?: number): Send =>
  (s, req, sent) => {
    const created = invite(sentMessage(req));
    if (atListing === undefined) {
      s.listed.push(created);
    } else {
      s.landing.push({ invite: created, atListing });
    }
    return then(s, req, sent);
  };

function stub(script: Send[], settings: { retry?: Partial<RetryOptions>; timeoutMs?: number } = {}): Stub {
  const clock = fakeClock();
  const retry = { ...DEFAULT_RETRY, ...settings.retry };
  const logger = redactingLogger(undefined);
  let prefix = PREFIX;
  const s: Stub = {
    clock,
    posts: [],
    listings: 0,
    listed: [],
    landing: [],
    listFailsFrom: Infinity,
    confirmed: false,
    op: {
      budget: new RetryBudget({ retry, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger }),
      renewed: false,
      seq: 0,
    },
    deps: {
      send: async (req, _op, sent) => {
        s.posts.push(req.path);
        const next = script.shift();
        if (!next) throw new Error("unscripted send");
        return next(s, req, sent);
      },
      invitesFor: async () => {
        s.listings++;
        if (s.listings >= s.listFailsFrom) {
          throw new DataTrailsHTTPError({ status: 403, method: "GET", path: prefix });
        }
        const landed = s.landing.filter((l) => l.atListing <= s.listings).map((l) => l.invite);
        return [...s.listed, ...landed.filter((i) => !s.listed.includes(i))];
      },
      paths: {
        get prefix() {
          return prefix;
        },
        switchToFallback: (failed) => {
          if (s.confirmed || failed === FALLBACK) return false;
          prefix = FALLBACK;
          return true;
        },
        confirm: () => {
          s.confirmed = true;
        },
      },
      now: clock.now,
      sleep: clock.sleep,
      retry,
      timeoutMs: settings.timeoutMs ?? 1000,
      logger,
    },
  };
  return s;
}

const create = (s: Stub, message?: string, knownIdentities?: string[]): Promise<InviteRecord> =>
  createExactlyOnce(
    s.deps,
    message === undefined ? { email: EMAIL } : { email: EMAIL, message },
    knownIdentities ? { knownIdentities } : {},
    s.op,
  );

describe("create-invite: outcome of a failed create", () => {
  const cases: Array<[string, unknown, boolean]> = [
    ["500", new DataTrailsHTTPError({ status: 500, method: "POST", path: PREFIX }), true],
    ["503", new DataTrailsHTTPError({ status: 503, method: "POST", path: PREFIX }), true],
    ["501 (not implemented)", new DataTrailsHTTPError({ status: 501, method: "POST", path: PREFIX }), false],
    ["429", new DataTrailsHTTPError({ status: 429, method: "POST", path: PREFIX }), false],
    ["409", new DataTrailsHTTPError({ status: 409, method: "POST", path: PREFIX }), false],
    ["an unusable 200", new DataTrailsResponseError({ status: 200, method: "POST", path: PREFIX }), false],
    ["a timeout", new DataTrailsTimeoutError("POST", PREFIX, 1000), true],
    ["a reset", new DataTrailsNetworkError("POST", PREFIX, "reset", { code: "ECONNRESET" }), true],
    [
      "a refused connection",
      new DataTrailsNetworkError("POST", PREFIX, "refused", { code: "ECONNREFUSED" }),
      false,
    ],
    ["a DNS failure", new DataTrailsNetworkError("POST", PREFIX, "dns", { code: "ENOTFOUND" }), false],
    ["a plain Error", new Error("500"), false],
  ];
  for (const [what, err, unknown] of cases) {
    it(`${what} is ${unknown ? "unknown" : "known not to have created"}`, () => {
      expect(createOutcomeUnknown(err)).to.equal(unknown);
    });
  }
});

describe("create-invite: exactly once, against stubs", () => {
  it("notes the listed invites, sends once and returns the answer", async () => {
    const s = stub([ok]);
    const got = await create(s, "hi");
    expect(got).to.include({ email: EMAIL, message: "hi" });
    expect(s.posts).to.deep.equal([PREFIX]);
    expect(s.listings).to.equal(1);
    expect(s.confirmed).to.equal(true);
  });

  it("lists nothing before sending when the caller knows the invites", async () => {
    const s = stub([ok]);
    await create(s, undefined, []);
    expect(s.listings).to.equal(0);
  });

  it("sends a 429 again after the server's wait, without listing", async () => {
    const s = stub([http(429, 2000), ok]);
    await create(s);
    expect(s.posts).to.have.length(2);
    expect(s.listings).to.equal(1);
    expect(s.clock.delays).to.deep.equal([2000]);
  });

  it("sends again, without listing, when the request never reached the server", async () => {
    const s = stub([network("ECONNREFUSED"), ok]);
    await create(s);
    expect(s.posts).to.have.length(2);
    expect(s.listings).to.equal(1);
  });

  it("returns the invite a 5xx stored, without sending again", async () => {
    const s = stub([stored(http(500))]);
    const got = await create(s);
    expect(got.identity).to.equal(s.listed[0].identity);
    expect(s.posts).to.have.length(1);
    expect(s.listings).to.equal(2);
  });

  it("sends again after a backoff when the listing shows a 5xx stored nothing", async () => {
    const s = stub([http(500), ok]);
    await create(s);
    expect(s.posts).to.have.length(2);
    expect(s.listed).to.have.length(1);
    expect(s.clock.delays).to.deep.equal([125]);
  });

  it("keeps listing after a lost answer until the invite lands, and sends once", async () => {
    const s = stub([stored(network("ECONNRESET"), 3)]);
    const got = await create(s);
    expect(got.identity).to.equal(s.landing[0].invite.identity);
    expect(s.posts).to.have.length(1);
    expect(s.listings).to.equal(3);
  });

  it("sends again only once an unanswered request had a second timeout to land", async () => {
    const s = stub([timeout, ok], { timeoutMs: 1000 });
    const started = s.clock.now();
    await create(s);
    expect(s.posts).to.have.length(2);
    expect(s.clock.now() - started).to.be.at.least(2000);
  });

  it("gives an unanswered create its second timeout from when it was sent, not from when it began to wait", async () => {
    // The POST waits 1.5 s (rate-limit gate) before it leaves, times out after 1 s, and is stored by
    // the service later: it shows from the third listing on.
    const waitedThenLost: Send = (st, req, sent) => {
      st.clock.advance(1500);
      sent(st.clock.now());
      st.clock.advance(1000);
      return stored(timeout, 3)(st, req, sent);
    };
    const s = stub([waitedThenLost, ok], { timeoutMs: 1000 });
    const got = await create(s);
    expect(s.posts).to.have.length(1);
    expect(got.identity).to.equal(s.landing[0].invite.identity);
  });

  it("fails saying the invite may exist, sending once, when the budget cannot cover the wait", async () => {
    const s = stub([timeout], { timeoutMs: 30_000, retry: { budgetMs: 10_000 } });
    const err = await rejection(create(s));
    expect(err).to.be.instanceOf(DataTrailsTimeoutError);
    expect(err.message).to.contain(MAY_HAVE_BEEN_CREATED);
    expect(s.posts).to.have.length(1);
  });

  for (const status of [400, 401, 402, 403, 409, 501]) {
    it(`throws a ${status} at once, without listing again`, async () => {
      const s = stub([http(status)]);
      const err = (await rejection(create(s))) as DataTrailsHTTPError;
      expect(err.status).to.equal(status);
      expect(s.posts).to.have.length(1);
      expect(s.listings).to.equal(1);
    });
  }

  it("returns the listed invite, never sending again, when a 2xx body is unreadable", async () => {
    const s = stub([stored(unreadable)]);
    const got = await create(s);
    expect(got.identity).to.equal(s.listed[0].identity);
    expect(s.posts).to.have.length(1);
  });

  it("throws, never sending again, when a 2xx body is unreadable and nothing is listed", async () => {
    const s = stub([unreadable]);
    const err = await rejection(create(s));
    expect(err).to.be.instanceOf(DataTrailsResponseError);
    expect(err.message).to.contain("not sending it again");
    expect(s.posts).to.have.length(1);
  });

  it("says the outcome is unknown when the listing after a 5xx fails too", async () => {
    const s = stub([http(500)]);
    s.listFailsFrom = 2;
    const err = await rejection(create(s));
    expect(err).to.be.instanceOf(DataTrailsError);
    expect(err.message).to.contain("may or may not have been created").and.contain("500");
    expect(s.posts).to.have.length(1);
  });

  it("sends again under the fallback after a 404 of an unconfirmed prefix", async () => {
    const s = stub([http(404), ok]);
    await create(s);
    expect(s.posts).to.deep.equal([PREFIX, FALLBACK]);
  });

  it("still returns the invite the last attempt stored when retries run out", async () => {
    const s = stub([http(500), stored(http(500))], { retry: { maxAttempts: 2 } });
    const got = await create(s);
    expect(got.identity).to.equal(s.listed[0].identity);
    expect(s.posts).to.have.length(2);
  });

  it("gives up after maxAttempts, with a note, when nothing was ever stored", async () => {
    const s = stub([http(500), http(500)], { retry: { maxAttempts: 2 } });
    const err = (await rejection(create(s))) as DataTrailsHTTPError;
    expect(err.status).to.equal(500);
    expect(err.message).to.contain("gave up after 2 attempts");
    expect(s.listings).to.equal(3);
  });

  it("ignores invites listed before the first send, and prefers a new one with the same message", async () => {
    const s = stub([
      (st, req, sent) => {
        st.listed.push(invite("other"));
        return stored(http(500))(st, req, sent);
      },
    ]);
    const old = invite("welcome");
    s.listed.push(old);
    const got = await create(s, "welcome");
    expect(got.identity).not.to.equal(old.identity);
    expect(got.message).to.equal("welcome");
  });
});
