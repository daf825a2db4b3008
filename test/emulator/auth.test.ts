import { expect } from "chai";
import { RateLimiter, rateLimitHeaders, roundUpHundredths } from "../../emulator/rate-limit";
import type { RunningEmulator, TokenResponse } from "../../emulator";
import {
  call,
  CAPS,
  expectError,
  expectOk,
  fakeTimers,
  IAM,
  MEMBERS,
  rawRequest,
  TOKEN,
  type HttpResult,
  useEmulator,
  uuidOf,
} from "./helpers";

function tokenRequest(emu: RunningEmulator, form: Record<string, string>): Promise<HttpResult> {
  return rawRequest(emu.url, "POST", TOKEN, new URLSearchParams(form).toString(), {
    "content-type": "application/x-www-form-urlencoded",
  });
}

async function issue(emu: RunningEmulator): Promise<TokenResponse> {
  const res = await tokenRequest(emu, {
    grant_type: "client_credentials",
    client_id: emu.clientId,
    client_secret: emu.clientSecret,
  });
  return expectOk<TokenResponse>(res, "token");
}

describe("emulator authentication", () => {
  let emu: RunningEmulator;

  // Emulator time is fake, so rate-limit windows are exact.
  const WINDOW = Date.UTC(2026, 0, 1, 12);
  const timers = fakeTimers(WINDOW);
  useEmulator({ seed: 3, timers }, (started) => (emu = started));
  beforeEach(() => timers.set(WINDOW));

  describe("token endpoint", () => {
    it("issues a Bearer token valid for tokenTtlSeconds that the API accepts", async () => {
      const token = await issue(emu);
      expect(token.token_type).to.equal("Bearer");
      expect(token.expires_in).to.equal(3600);
      expectOk(await call(emu, "GET", IAM, { token: token.access_token }), "inviteList");
    });

    it("answers expires_in from the tokenTtlSeconds switch", async () => {
      emu.setSwitches({ tokenTtlSeconds: 120 });
      expect((await issue(emu)).expires_in).to.equal(120);
    });

    it("answers 401 to a wrong client secret or client id", async () => {
      const base = {
        grant_type: "client_credentials",
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
      };
      expectError(
        await tokenRequest(emu, { ...base, client_secret: "nope" }),
        401,
        /client_id or client_secret/,
      );
      expectError(await tokenRequest(emu, { ...base, client_id: "nope" }), 401);
      expectError(await tokenRequest(emu, { grant_type: "client_credentials" }), 401);
    });

    it("answers 400 to a missing or unsupported grant type", async () => {
      expectError(
        await tokenRequest(emu, { client_id: emu.clientId, client_secret: emu.clientSecret }),
        400,
        /grant_type/,
      );
      expectError(await tokenRequest(emu, { grant_type: "password", client_id: emu.clientId }), 400);
    });

    it("needs no bearer token itself", async () => {
      const res = await call(emu, "POST", TOKEN, {
        token: "garbage",
        body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`,
      });
      expectOk(res, "token");
    });
  });

  describe("bearer tokens", () => {
    it("answers 401 to a missing, malformed or unknown token on every API route", async () => {
      for (const [method, path] of [
        ["GET", IAM],
        ["POST", IAM],
        ["GET", `${IAM}/00000000-0000-4000-8000-000000000000`],
        ["DELETE", `${IAM}/00000000-0000-4000-8000-000000000000`],
        ["GET", MEMBERS],
        ["PATCH", `${MEMBERS}/00000000-0000-4000-8000-000000000000`],
        ["POST", `${MEMBERS}/00000000-0000-4000-8000-000000000000:activate`],
        ["POST", `${MEMBERS}/00000000-0000-4000-8000-000000000000:deactivate`],
        ["GET", `${CAPS}?service=invites`],
      ] as const) {
        const json =
          method === "POST" ? { email: "a@example.com" } : method === "PATCH" ? { roles: [] } : undefined;
        expectError(await call(emu, method, path, { token: null, json }), 401, /required/);
        expectError(await call(emu, method, path, { token: "unknown" }), 401, /not valid/);
        expectError(
          await call(emu, method, path, { token: null, headers: { authorization: `Basic ${emu.token}` } }),
          401,
        );
      }
      expect(emu.state().invites).to.have.length(0);
    });

    it("answers 401 to an issued token once emulator time passes its lifetime, while the static token lives on", async () => {
      emu.setSwitches({ tokenTtlSeconds: 60 });
      const token = await issue(emu);
      emu.advanceClock(59);
      expectOk(await call(emu, "GET", IAM, { token: token.access_token }), "inviteList");
      emu.advanceClock(1);
      expectError(await call(emu, "GET", IAM, { token: token.access_token }), 401, /expired/);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });

    it("expires every issued token on tokens:expire", async () => {
      const token = await issue(emu);
      expect(emu.expireTokens()).to.be.at.least(1);
      expectError(await call(emu, "GET", IAM, { token: token.access_token }), 401, /expired/);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });

    it("answers 403 to a token that is not a tenancy administrator", async () => {
      emu.addToken("reader-token", false);
      expectError(await call(emu, "GET", IAM, { token: "reader-token" }), 403, /administrator/);
      expectError(
        await call(emu, "POST", IAM, { token: "reader-token", json: { email: "a@example.com" } }),
        403,
      );
      expectError(await call(emu, "GET", MEMBERS, { token: "reader-token" }), 403);
      const member = emu.addMember({ email: "m@example.com" });
      expectError(
        await call(emu, "PATCH", `${MEMBERS}/${uuidOf(member.identity)}`, {
          token: "reader-token",
          json: { roles: ["OWNER"] },
        }),
        403,
      );
      expectError(
        await call(emu, "POST", `${MEMBERS}/${uuidOf(member.identity)}:deactivate`, {
          token: "reader-token",
        }),
        403,
      );
      expectError(await call(emu, "GET", `${CAPS}?service=invites`, { token: "reader-token" }), 403);
      expect(emu.state().members[0]).to.include({ active: true });
      emu.addToken("admin-token");
      expectOk(await call(emu, "GET", IAM, { token: "admin-token" }), "inviteList");
    });
  });

  describe("rate limit", () => {
    // Emulator time sits 580.3 ms into a one-second window unless a test moves it.
    beforeEach(() => timers.set(WINDOW + 580.3));

    it("answers 429 with the wait left in the window, rounded up to the hundredth, and no Retry-After by default", async () => {
      emu.setSwitches({ rateLimitPerSecond: 3 });
      for (let i = 0; i < 3; i++) expectOk(await call(emu, "GET", IAM), "inviteList");
      const limited = await call(emu, "GET", IAM);
      expectError(limited, 429, /rate limit/);
      // 419.7 ms are left: 0.42, never 0.41 (which would wake a client before the window ends).
      expect(limited.headers["archivist-rate-limit-reset"]).to.equal("0.42");
      expect(limited.headers["retry-after"]).to.equal(undefined);
    });

    it("adds a whole-second Retry-After when retryAfterHeader is on", async () => {
      emu.setSwitches({ rateLimitPerSecond: 1, retryAfterHeader: true });
      expectOk(await call(emu, "GET", IAM), "inviteList");
      const limited = await call(emu, "GET", IAM);
      expectError(limited, 429);
      expect(limited.headers["retry-after"]).to.equal("1");
    });

    it("limits each token separately and lets a limited token through again in the next second", async () => {
      emu.setSwitches({ rateLimitPerSecond: 1 });
      emu.addToken("second-token");
      expectOk(await call(emu, "GET", IAM), "inviteList");
      expectError(await call(emu, "GET", IAM), 429);
      expectOk(await call(emu, "GET", IAM, { token: "second-token" }), "inviteList");
      timers.advance(1000);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });

    it("never refuses a client that sleeps exactly the Archivist-Rate-Limit-Reset it was given, wherever in the window it was refused", async () => {
      emu.setSwitches({ rateLimitPerSecond: 1 });
      // Offsets into a fresh window each time, whole and fractional milliseconds, up to its last one.
      const offsets = [0, 0.4, 1, 5, 5.5, 9.99, 250, 499.5, 580.3, 709, 994, 995, 995.01, 999, 999.9];
      const refusedAgain: number[] = [];
      for (const [i, offset] of offsets.entries()) {
        timers.set(WINDOW + (i + 1) * 10_000 + offset);
        expectOk(await call(emu, "GET", IAM), "inviteList");
        const limited = await call(emu, "GET", IAM);
        expectError(limited, 429);
        // The header's decimal value in whole milliseconds (it has two decimals), slept exactly.
        timers.advance(Math.round(Number(limited.headers["archivist-rate-limit-reset"]) * 1000));
        if ((await call(emu, "GET", IAM)).status === 429) refusedAgain.push(offset);
      }
      expect(refusedAgain).to.deep.equal([]);
    });

    it("counts exactly N requests per fixed one-second window", () => {
      const limiter = new RateLimiter();
      expect(limiter.check("t", 2, 10_000)).to.deep.equal({ allowed: true });
      expect(limiter.check("t", 2, 10_100)).to.deep.equal({ allowed: true });
      expect(limiter.check("t", 2, 10_580)).to.deep.equal({ allowed: false, resetSeconds: 0.42 });
      expect(limiter.check("u", 2, 10_580)).to.deep.equal({ allowed: true });
      expect(limiter.check("t", 2, 11_000)).to.deep.equal({ allowed: true });
      expect(limiter.check("t", 0, 11_001)).to.deep.equal({ allowed: true });
      expect(rateLimitHeaders(0.42, true)).to.deep.equal({
        "Archivist-Rate-Limit-Reset": "0.42",
        "Retry-After": "1",
      });
      expect(rateLimitHeaders(2.5, false)).to.deep.equal({ "Archivist-Rate-Limit-Reset": "2.50" });
    });

    const roundings: Array<[seconds: number, header: string]> = [
      [0.42, "0.42"],
      [0.4197, "0.42"],
      [0.4101, "0.42"],
      [0.41, "0.41"],
      [0.29, "0.29"], // 0.29 * 100 is 28.999999999999996 in floating point: still 0.29
      [0.005, "0.01"],
      [0.001, "0.01"],
      [0.9951, "1.00"],
      [2.5, "2.50"],
      [2.01, "2.01"],
    ];
    for (const [seconds, header] of roundings) {
      it(`writes a wait of ${seconds} s as ${header}`, () => {
        expect(roundUpHundredths(seconds)).to.equal(header);
      });
    }

    it("does not rate-limit unauthenticated requests (they have no token to count against)", async () => {
      emu.setSwitches({ rateLimitPerSecond: 1 });
      for (let i = 0; i < 3; i++) expectError(await call(emu, "GET", IAM, { token: null }), 401);
    });
  });
});
