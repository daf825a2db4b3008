/**
 * The rate-limit gate on a fake timeline: its sleeps resolve only when the test moves the clock, so
 * the order in which requests are let through, and when, is checked exactly, without real timers.
 */
import { expect } from "chai";
import { RateLimiter } from "../../emulator/rate-limit";
import { RateLimitGate } from "../../provider/client/rate-limit-gate";

/** A clock and sleep that move only when the test says so. */
interface Timeline {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Every sleep asked for, in ms. */
  sleeps: number[];
  /** Moves the clock to `at`, waking the sleepers due on the way in time order. */
  runTo(at: number): Promise<void>;
}

/** Lets every promise continuation that is ready run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

function timeline(): Timeline {
  let t = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleeps.push(ms);
        timers.push({ at: t + Math.max(0, ms), wake });
      }),
    sleeps,
    async runTo(at) {
      await settle();
      for (;;) {
        const due = timers.filter((x) => x.at <= at).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        t = Math.max(t, due.at);
        due.wake();
        await settle();
      }
      t = Math.max(t, at);
      await settle();
    },
  };
}

/** A gate on a fresh timeline, and a log of which operation's request went through when. */
function setup(): {
  gate: RateLimitGate;
  clock: Timeline;
  passed: Array<{ seq: number; at: number }>;
  enter: (seq: number) => void;
  refuse: (seq: number, waitMs: number, retryMs: number) => void;
  order: () => number[];
} {
  const clock = timeline();
  const gate = new RateLimitGate({ now: clock.now, sleep: clock.sleep });
  const passed: Array<{ seq: number; at: number }> = [];
  const enter = (seq: number): Promise<void> =>
    gate.enter(seq).then(() => void passed.push({ seq, at: clock.now() }));
  return {
    gate,
    clock,
    passed,
    enter: (seq) => void enter(seq),
    // What the requester and the retry loop do with a 429: hold, then the retry waits in the queue at
    // its operation's place (with its own delay), and is sent when let through.
    refuse: (seq, waitMs, retryMs) => {
      gate.refused(waitMs);
      void gate.enter(seq, retryMs).then(() => void passed.push({ seq, at: clock.now() }));
    },
    order: () => passed.map((p) => p.seq),
  };
}

/** `n` admitted requests, evenly spread over [from, to). */
async function admit(s: ReturnType<typeof setup>, n: number, from: number, to: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await s.clock.runTo(from + ((to - from) * i) / n);
    s.gate.admitted();
  }
}

/**
 * Ten requests admitted in the 400 ms before a 429 that asks to wait 600 ms (ten per second), the
 * refused operation then giving up: a hold until 1000 with a spacing of 100 ms.
 */
async function tenPerSecondHold(s: ReturnType<typeof setup>): Promise<void> {
  await admit(s, 10, 0, 400);
  await s.clock.runTo(400);
  s.gate.refused(600);
}

describe("client: the rate-limit gate", () => {
  it("lets requests straight through while the service has refused none", async () => {
    const s = setup();
    for (const seq of [3, 1, 2]) s.enter(seq);
    await settle();
    expect(s.order()).to.deep.equal([3, 1, 2]);
    expect(s.clock.sleeps).to.deep.equal([]);
  });

  it("holds every request until a 429's window has passed", async () => {
    const s = setup();
    s.gate.refused(1000);
    s.enter(1);
    await s.clock.runTo(999);
    expect(s.passed).to.deep.equal([]);
    await s.clock.runTo(1000);
    expect(s.passed).to.deep.equal([{ seq: 1, at: 1000 }]);
  });

  it("releases waiters oldest operation first after a 429 window", async () => {
    const s = setup();
    s.gate.refused(1000);
    for (const seq of [5, 2, 7, 1, 3]) s.enter(seq);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([1, 2, 3, 5, 7]);
  });

  it("keeps a refused request's place ahead of newer requests", async () => {
    const s = setup();
    // Operation 1's retry backs off 240 ms, beyond the service's 100 ms: its turn comes first anyway.
    s.refuse(1, 100, 240);
    s.enter(2);
    s.enter(3);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([1, 2, 3]);
    // Let through at the window's end rather than after its own backoff, so nobody waits for it.
    expect(s.passed[0]).to.deep.equal({ seq: 1, at: 100 });
  });

  it("keeps a refused request's place against a newer request that reaches the gate after the window", async () => {
    const s = setup();
    s.refuse(1, 1000, 1200);
    await s.clock.runTo(1000);
    s.enter(2);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([1, 2]);
    expect(s.passed[0].at).to.equal(1000);
  });

  it("keeps refused requests' places in their operations' order, whatever order they were refused in", async () => {
    const s = setup();
    s.enter(5);
    s.refuse(4, 1000, 1000);
    s.refuse(2, 900, 900);
    s.refuse(3, 950, 950);
    s.enter(6);
    await s.clock.runTo(60_000);
    expect(s.order()).to.deep.equal([5, 2, 3, 4, 6]);
  });

  it("lets an older operation's request go ahead of a refused request's retry", async () => {
    const s = setup();
    s.refuse(5, 1000, 1000);
    s.enter(6);
    await s.clock.runTo(500);
    s.enter(2);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([2, 5, 6]);
    expect(s.passed[0].at).to.equal(1000);
  });

  it("keeps a lone retry's own delay when it is longer than the window", async () => {
    const s = setup();
    s.refuse(1, 100, 300);
    await s.clock.runTo(299);
    expect(s.passed).to.deep.equal([]);
    await s.clock.runTo(10_000);
    expect(s.passed).to.deep.equal([{ seq: 1, at: 300 }]);
  });

  it("drops a retry's own delay once a request waits behind it", async () => {
    const s = setup();
    s.refuse(1, 100, 5000);
    await s.clock.runTo(200);
    s.enter(2);
    await s.clock.runTo(200);
    expect(s.passed).to.deep.equal([{ seq: 1, at: 200 }]);
  });

  it("holds nobody past the window for a refused request that is not retried", async () => {
    const s = setup();
    s.gate.refused(1000);
    s.enter(2);
    await s.clock.runTo(10_000);
    expect(s.passed).to.deep.equal([{ seq: 2, at: 1000 }]);
    expect(s.clock.sleeps).to.deep.equal([1000]);
  });

  it("spaces released requests instead of sending them at once", async () => {
    const s = setup();
    await tenPerSecondHold(s);
    for (const seq of [1, 2, 3, 4, 5]) s.enter(seq);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([1, 2, 3, 4, 5]);
    // 100 ms apart, each gap 1/32 shorter than the one before (the ramp).
    const expected = [1000];
    for (let k = 1; k < 5; k++) expected.push(expected[k - 1] + 100 * (31 / 32) ** k);
    s.passed.forEach((p, i) => expect(p.at).to.be.closeTo(expected[i], 1e-9));
    expect(s.clock.sleeps[0]).to.equal(600);
  });

  it("paces a request that arrives while others are being released behind them", async () => {
    const s = setup();
    await tenPerSecondHold(s);
    s.enter(1);
    s.enter(2);
    await s.clock.runTo(1010);
    s.enter(3);
    await s.clock.runTo(10_000);
    expect(s.order()).to.deep.equal([1, 2, 3]);
    expect(s.passed[2].at - s.passed[1].at).to.be.greaterThan(90);
  });

  it("re-arms the hold when a 429 arrives while releasing, and keeps the waiters' order", async () => {
    const s = setup();
    await tenPerSecondHold(s);
    for (const seq of [1, 2, 3, 4, 5]) s.enter(seq);
    await s.clock.runTo(1000);
    expect(s.order()).to.deep.equal([1]);
    s.gate.admitted();
    await s.clock.runTo(1100);
    expect(s.order()).to.deep.equal([1, 2]);
    // Operation 2's request is refused: hold until 1600, and 2 keeps its place.
    s.refuse(2, 500, 700);
    await s.clock.runTo(1599);
    expect(s.order()).to.deep.equal([1, 2]);
    await s.clock.runTo(60_000);
    expect(s.order()).to.deep.equal([1, 2, 2, 3, 4, 5]);
    expect(s.passed[2].at).to.equal(1600);
  });

  const spacingRows: Array<{
    name: string;
    admitted: Array<[number, number, number]>;
    refusedAt: number;
    waitMs: number;
    spacing: number;
  }> = [
    {
      name: "10 admitted, then a 429 ending the second",
      admitted: [[10, 0, 500]],
      refusedAt: 500,
      waitMs: 500,
      spacing: 100,
    },
    {
      name: "20 admitted in the same second",
      admitted: [[20, 0, 200]],
      refusedAt: 200,
      waitMs: 800,
      spacing: 50,
    },
    { name: "none admitted: one per wait (a probe)", admitted: [], refusedAt: 0, waitMs: 700, spacing: 700 },
    {
      name: "requests before an idle gap do not count",
      admitted: [
        [5, 0, 100],
        [10, 5000, 5500],
      ],
      refusedAt: 5500,
      waitMs: 500,
      spacing: 100,
    },
  ];
  for (const row of spacingRows) {
    it(`measures the spacing from the requests admitted before the 429: ${row.name}`, async () => {
      const s = setup();
      for (const [n, from, to] of row.admitted) await admit(s, n, from, to);
      await s.clock.runTo(row.refusedAt);
      s.gate.refused(row.waitMs);
      expect(s.gate.spacing).to.be.closeTo(row.spacing, 1e-9);
    });
  }

  it("measures anew from the end of the previous hold", async () => {
    const s = setup();
    await tenPerSecondHold(s);
    // Admitted before the hold's end: from the window that refused, not counted.
    s.gate.admitted();
    await admit(s, 4, 1000, 2000);
    await s.clock.runTo(2000);
    s.gate.refused(1000);
    expect(s.gate.spacing).to.equal(500);
  });

  it("keeps the measured pace when the first request after a hold is refused", async () => {
    const s = setup();
    await admit(s, 10, 0, 500);
    await s.clock.runTo(500);
    s.gate.refused(500);
    expect(s.gate.spacing).to.equal(100);
    // The window had not quite ended (a wait rounded down): that says nothing about the pace.
    await s.clock.runTo(1002);
    s.gate.refused(8);
    expect(s.gate.spacing).to.equal(100);
  });

  it("fades the pacing away as requests go through without a 429", async () => {
    const s = setup();
    await admit(s, 10, 0, 1000);
    await s.clock.runTo(1000);
    s.gate.refused(0);
    for (let seq = 1; seq <= 200; seq++) s.enter(seq);
    await s.clock.runTo(60_000);
    expect(s.passed).to.have.length(200);
    expect(s.gate.spacing).to.equal(0);
    s.enter(201);
    await settle();
    expect(s.passed).to.have.length(201);
    expect(s.passed[200].at).to.equal(60_000);
  });

  it("does not keep requests waiting when the clock does not move with the sleep", async () => {
    const sleeps: number[] = [];
    const gate = new RateLimitGate({
      now: () => 0,
      sleep: async (ms) => void sleeps.push(ms),
    });
    gate.admitted();
    gate.refused(1000);
    const order: number[] = [];
    await Promise.all([2, 3, 1].map((seq) => gate.enter(seq).then(() => order.push(seq))));
    expect(order).to.deep.equal([1, 2, 3]);
    // The window, then the spacing (one admitted per 1 s), ramped by 1/32 per request.
    expect(sleeps).to.deep.equal([1000, 968.75, 938.4765625]);
  });

  it("never asks for a negative sleep when the clock passes the turn between looking and sleeping", async () => {
    // A millisecond clock (Date.now) may tick between the gate's "not yet" and its sleep: the turn
    // (fractional once the pace ramps) is then already past, and a negative setTimeout warns on stderr.
    let reads = 0;
    // Read by refused(), enter(), the pump's look (all 0, before the hold ends at 1000), then the sleep.
    const ticks = [0, 0, 0, 1001];
    const sleeps: number[] = [];
    const gate = new RateLimitGate({
      now: () => ticks[Math.min(reads++, ticks.length - 1)],
      sleep: async (ms) => void sleeps.push(ms),
    });
    gate.refused(1000);
    await gate.enter(1);
    // One sleep, of nothing: the turn had already come.
    expect(sleeps).to.deep.equal([0]);
  });

  it("lets everyone through when the sleep fails, rather than hold them for ever", async () => {
    const gate = new RateLimitGate({
      now: () => 0,
      sleep: () => Promise.reject(new Error("no timers")),
    });
    gate.refused(1000);
    const order: number[] = [];
    const entered = [2, 1].map((seq) => gate.enter(seq).then(() => order.push(seq)));
    // Both are let through, in their order, although the hold (until 1000) never ended.
    await Promise.race([Promise.all(entered), settle().then(() => Promise.reject(new Error("still held")))]);
    expect(order).to.deep.equal([1, 2]);
  });
});

describe("client: the rate-limit gate under a fixed-window limit", () => {
  it("gets every operation through with none refused window after window", async () => {
    // The emulator's limiter (fixed one-second windows) as the service, on the fake timeline; each
    // operation does what the requester and its retry loop do: enter, send, and on a 429 hold and
    // retry at its place, its own delay being the server's wait or the first backoff step if longer.
    const clock = timeline();
    const gate = new RateLimitGate({ now: clock.now, sleep: clock.sleep });
    const service = new RateLimiter();
    const [perSecond, count, inFlight, halfTripMs] = [20, 60, 16, 15];
    const refusals: number[] = Array.from({ length: count }, () => 0);
    let finished = 0;
    const operation = async (seq: number): Promise<void> => {
      for (let retryDelayMs = 0; ;) {
        await gate.enter(seq, retryDelayMs);
        await clock.sleep(halfTripMs);
        const verdict = service.check("token", perSecond, clock.now());
        await clock.sleep(halfTripMs);
        if (verdict.allowed) {
          gate.admitted();
          finished++;
          return;
        }
        refusals[seq]++;
        const waitMs = Math.ceil(verdict.resetSeconds * 1000);
        gate.refused(waitMs);
        retryDelayMs = Math.max(waitMs, 125);
      }
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let seq = next++; seq < count; seq = next++) await operation(seq);
    };
    const workers = Promise.all(Array.from({ length: inFlight }, worker));
    await clock.runTo(60_000);
    await workers;
    expect(finished).to.equal(count);
    // The limit was reached (60 requests against 20 a second), yet no operation was refused twice.
    expect(refusals.filter((n) => n > 0).length).to.be.greaterThan(0);
    expect(Math.max(...refusals)).to.be.at.most(1);
  });
});
