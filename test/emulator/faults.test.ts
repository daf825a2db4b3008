import { expect } from "chai";
import { EmulatorError, startEmulator, type FaultRule, type RunningEmulator } from "../../emulator";
import {
  call,
  createInvite,
  expectError,
  expectOk,
  IAM,
  MEMBERS,
  fakeTimers,
  TOKEN,
  uuidOf,
  V1,
  useEmulator,
} from "./helpers";

// Waits (on the event loop, not the clock) until a condition holds, e.g. a request reached a fault.
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

// Lets a held request run as far as it can: one control round trip drains the server's queue.
async function settle(emu: RunningEmulator): Promise<void> {
  await call(emu, "GET", "/_emulator/clock");
}

async function expectSocketReset(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).to.be.oneOf(["ECONNRESET", "EPIPE", "ECONNREFUSED"]);
    return;
  }
  throw new Error("the request got an answer instead of a reset socket");
}

describe("emulator faults", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 42 }, (started) => (emu = started));

  describe("scripted sequences", () => {
    it("consumes one entry per request, null meaning no fault, and drops the rule when done", async () => {
      emu.addFaults({
        route: "GET /invites",
        sequence: [{ type: "status", status: 503 }, null, { type: "status", status: 500 }],
      });
      expectError(await call(emu, "GET", IAM), 503, /injected/);
      expectOk(await call(emu, "GET", IAM), "inviteList");
      expectError(await call(emu, "GET", V1), 500);
      expectOk(await call(emu, "GET", IAM), "inviteList");
      expect(emu.faults()).to.deep.equal([]);
    });

    it("targets only its route", async () => {
      emu.addFaults({ route: "GET /members", sequence: [{ type: "status", status: 500 }] });
      expectOk(await call(emu, "GET", IAM), "inviteList");
      expectError(await call(emu, "GET", MEMBERS), 500);
    });

    it("targets every route with *, including the token endpoint", async () => {
      emu.addFaults({
        route: "*",
        sequence: [
          { type: "status", status: 502 },
          { type: "status", status: 503 },
        ],
      });
      expectError(await call(emu, "POST", TOKEN, { body: "grant_type=client_credentials" }), 502);
      expectError(await call(emu, "GET", MEMBERS), 503);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });

    it("answers a status fault without performing the operation", async () => {
      emu.addFaults({ route: "POST /invites", sequence: [{ type: "status", status: 500 }] });
      expectError(await call(emu, "POST", IAM, { json: { email: "a@example.com" } }), 500);
      expect(emu.state().invites).to.have.length(0);
    });

    it("applies faults per route key to GET and DELETE of one invite", async () => {
      const invite = await createInvite(emu, "x@example.com");
      const path = `${IAM}/${uuidOf(invite.identity)}`;
      emu.addFaults([
        { route: "GET /invites/{uuid}", sequence: [{ type: "status", status: 503 }] },
        { route: "DELETE /invites/{uuid}", sequence: [{ type: "status", status: 500 }] },
      ]);
      expectError(await call(emu, "GET", path), 503);
      expectError(await call(emu, "DELETE", path), 500);
      expectOk(await call(emu, "DELETE", path), "empty");
    });
  });

  describe("kinds", () => {
    it("holds a request for latency ms of emulator timers and then answers normally", async () => {
      const timers = fakeTimers();
      const slow = await startEmulator({ timers });
      try {
        slow.addFaults({ route: "GET /invites", sequence: [{ type: "latency", ms: 300 }] });
        let answered = false;
        const pending = call(slow, "GET", IAM).then((res) => {
          answered = true;
          return res;
        });
        await until(() => timers.scheduled.length === 1);
        expect(timers.scheduled).to.deep.equal([300]);
        timers.advance(299);
        await settle(slow);
        expect(answered, "answered before the latency elapsed").to.equal(false);
        timers.advance(1);
        expectOk(await pending, "inviteList");
      } finally {
        await slow.stop();
      }
    });

    it("lets stop() end while a latency fault is holding a request, which is then dropped", async () => {
      // The timers never fire: if stop() waited for the held request, this test would time out.
      const timers = fakeTimers();
      const slow = await startEmulator({ timers });
      slow.addFaults({ route: "GET /invites", sequence: [{ type: "latency", ms: 60000 }] });
      const pending = call(slow, "GET", IAM).then(
        () => "answered",
        () => "dropped",
      );
      await until(() => timers.scheduled.length === 1);
      await slow.stop();
      expect(await pending).to.equal("dropped");
    });

    it("answers a rate-limit fault with 429 and the given reset, plus Retry-After when switched on", async () => {
      emu.addFaults({
        route: "GET /invites",
        sequence: [
          { type: "rate-limit", resetSeconds: 0.42 },
          { type: "rate-limit", resetSeconds: 2.5 },
        ],
      });
      let res = await call(emu, "GET", IAM);
      expectError(res, 429);
      expect(res.headers["archivist-rate-limit-reset"]).to.equal("0.42");
      expect(res.headers["retry-after"]).to.equal(undefined);
      emu.setSwitches({ retryAfterHeader: true });
      res = await call(emu, "GET", IAM);
      expect(res.headers["archivist-rate-limit-reset"]).to.equal("2.50");
      expect(res.headers["retry-after"]).to.equal("3");
    });

    it("destroys the socket before handling on reset-before: nothing is stored and the log shows status 0", async () => {
      emu.addFaults({ route: "POST /invites", sequence: [{ type: "reset-before" }] });
      await expectSocketReset(call(emu, "POST", IAM, { json: { email: "lost@example.com" } }));
      expect(emu.state().invites).to.have.length(0);
      expect(emu.requests()).to.deep.equal([{ method: "POST", path: IAM, status: 0, query: {} }]);
    });

    it("stores the invite and then destroys the socket on reset-after", async () => {
      emu.addFaults({ route: "POST /invites", sequence: [{ type: "reset-after" }] });
      await expectSocketReset(call(emu, "POST", IAM, { json: { email: "ghost@example.com" } }));
      expect(emu.state().invites.map((i) => i.email)).to.deep.equal(["ghost@example.com"]);
      expect(emu.requests()[0]?.status).to.equal(0);
    });

    it("performs the operation and answers 200 with truncated JSON on malformed", async () => {
      emu.addFaults({ route: "POST /invites", sequence: [{ type: "malformed" }] });
      const res = await call(emu, "POST", IAM, { json: { email: "half@example.com" } });
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.match(/^application\/json/);
      expect(res.headers["x-request-id"]).to.be.a("string");
      expect(res.text.length).to.be.greaterThan(0);
      expect(() => JSON.parse(res.text)).to.throw(SyntaxError);
      expect(emu.state().invites).to.have.length(1);
    });

    it("answers 502 text/html without performing the operation on html", async () => {
      emu.addFaults({ route: "POST /invites", sequence: [{ type: "html" }] });
      const res = await call(emu, "POST", IAM, { json: { email: "html@example.com" } });
      expect(res.status).to.equal(502);
      expect(res.headers["content-type"]).to.match(/^text\/html/);
      expect(res.headers["x-request-id"]).to.be.a("string");
      expect(res.text).to.match(/^<!DOCTYPE html>/);
      expect(emu.state().invites).to.have.length(0);
    });
  });

  describe("probabilities", () => {
    const rule: FaultRule = {
      route: "GET /invites",
      probability: 0.5,
      kinds: [
        { type: "status", status: 500 },
        { type: "status", status: 503 },
      ],
    };

    async function statuses(target: RunningEmulator, count: number): Promise<number[]> {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const res = await call(target, "GET", IAM);
        if (res.status === 200) expectOk(res, "inviteList");
        else expectError(res, res.status);
        out.push(res.status);
      }
      return out;
    }

    it("draws the same faults from the same seed, on another emulator and after a reset", async () => {
      const twin = await startEmulator({ seed: 42 });
      try {
        emu.addFaults(rule);
        twin.addFaults(rule);
        const first = await statuses(emu, 30);
        expect(await statuses(twin, 30)).to.deep.equal(first);
        expect(first).to.include.members([200, 500, 503]);
        emu.reset();
        emu.addFaults(rule);
        expect(await statuses(emu, 30)).to.deep.equal(first);
      } finally {
        await twin.stop();
      }
    });

    it("draws different faults from a different seed", async () => {
      const other = await startEmulator({ seed: 43 });
      try {
        emu.addFaults(rule);
        other.addFaults(rule);
        expect(await statuses(other, 30)).to.not.deep.equal(await statuses(emu, 30));
      } finally {
        await other.stop();
      }
    });

    it("always faults at probability 1 and never at probability 0", async () => {
      emu.addFaults({ ...rule, probability: 0 });
      expect(await statuses(emu, 10)).to.deep.equal(Array(10).fill(200));
      emu.clearFaults();
      emu.addFaults({ ...rule, probability: 1 });
      expect((await statuses(emu, 10)).every((s) => s === 500 || s === 503)).to.equal(true);
    });
  });

  describe("rules", () => {
    const bad: Array<[string, unknown, RegExp]> = [
      ["an unknown route", { route: "GET /nothing", sequence: [] }, /route must be one of/],
      ["a probability above 1", { route: "*", probability: 2, kinds: [{ type: "html" }] }, /probability/],
      ["no kinds", { route: "*", probability: 0.5, kinds: [] }, /kinds/],
      ["an unknown kind", { route: "*", sequence: [{ type: "explode" }] }, /sequence\[0\]\.type/],
      ["a status out of range", { route: "*", sequence: [{ type: "status", status: 200 }] }, /status/],
      ["a negative latency", { route: "*", sequence: [{ type: "latency", ms: -1 }] }, /ms/],
      ["an unknown field", { route: "*", sequence: [], extra: 1 }, /extra/],
      ["a non-object", "boom", /JSON object/],
    ];
    for (const [what, rule, pattern] of bad) {
      it(`answers 400 naming the field to a fault rule with ${what}`, async () => {
        expectError(await call(emu, "POST", "/_emulator/faults", { json: rule }), 400, pattern);
        expect(() => emu.addFaults(rule as FaultRule)).to.throw(EmulatorError, pattern);
        expect(emu.faults()).to.deep.equal([]);
      });
    }

    it("lists, adds (one or an array) and clears rules over HTTP", async () => {
      const one: FaultRule = { route: "GET /members", sequence: [{ type: "html" }] };
      const two: FaultRule = { route: "*", probability: 0.1, kinds: [{ type: "latency", ms: 5 }] };
      type Faults = { faults: FaultRule[] };
      let body = expectOk<Faults>(await call(emu, "POST", "/_emulator/faults", { json: one }), "any");
      expect(body.faults).to.deep.equal([one]);
      body = expectOk<Faults>(await call(emu, "POST", "/_emulator/faults", { json: [two] }), "any");
      expect(body.faults).to.deep.equal([one, two]);
      body = expectOk<Faults>(await call(emu, "GET", "/_emulator/faults"), "any");
      expect(body.faults).to.deep.equal([one, two]);
      expect(emu.faults()).to.deep.equal([one, two]);
      body = expectOk<Faults>(await call(emu, "DELETE", "/_emulator/faults"), "any");
      expect(body.faults).to.deep.equal([]);
      expect(emu.faults()).to.deep.equal([]);
    });
  });
});
