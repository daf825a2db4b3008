import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { checkQuery, queryValueProblem, type QueryParam } from "../../emulator/query";
import { call, CAPS, expectError, expectOk, IAM, MEMBERS, V1, useEmulator } from "./helpers";

const ID = "0b7c5f7e-1111-4222-8333-944455556666";
const POLICIES = "/archivist/iam/v1/access_policies";

type Kind = QueryParam["type"];

/** Every API route with a query parameter, and the parameters the published files declare for it. */
const ROUTES: ReadonlyArray<[method: string, path: string, params: Record<string, Kind>]> = [
  ["GET", IAM, { page_size: "int32", page_token: "string", order_by: "enum", email: "string" }],
  ["GET", V1, { page_size: "int32", page_token: "string", order_by: "enum", email: "string" }],
  ["GET", MEMBERS, { page_size: "int32", page_token: "string", member_state: "enum" }],
  ["PATCH", `${MEMBERS}/${ID}`, { mask: "mask" }],
  ["GET", CAPS, { service: "enum" }],
  [
    "GET",
    POLICIES,
    {
      page_size: "int32",
      page_token: "string",
      order_by: "enum",
      display_name: "string",
      description: "string",
    },
  ],
  ["PATCH", `${POLICIES}/${ID}`, { mask: "mask" }],
  ["GET", `${POLICIES}/${ID}/assets`, { page_size: "int32", page_token: "string", order_by: "enum" }],
];

/** Values each type refuses, as a new user's property-based tester would send them. */
const BAD_VALUES: Record<Kind, string[]> = {
  int32: ["", "2147483648", "-2147483649", "99999999999", "abc", "1.5", "1e3"],
  enum: ["", "NOT_A_VALUE", "default"],
  mask: ["", ",", "display_name,"],
  string: [],
};

// A value of each type that parses, for the "given twice" rows.
const GOOD_VALUE: Record<Kind, string> = { int32: "1", enum: "DEFAULT", mask: "roles", string: "x" };

describe("emulator query parameters", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 21 }, (started) => (emu = started));

  for (const [method, path, params] of ROUTES) {
    describe(`${method} ${path.replace(ID, "{uuid}")}`, () => {
      for (const [name, kind] of Object.entries(params)) {
        for (const value of BAD_VALUES[kind]) {
          it(`answers 400 naming ${name} to ${name}=${JSON.stringify(value)}`, async () => {
            const res = await call(emu, method, `${path}?${name}=${encodeURIComponent(value)}`, { json: {} });
            expectError(res, 400, new RegExp(`^${name} `));
          });
        }
        it(`answers 400 naming ${name} when it is given twice`, async () => {
          const value = encodeURIComponent(GOOD_VALUE[kind]);
          const res = await call(emu, method, `${path}?${name}=${value}&${name}=${value}`, { json: {} });
          expectError(res, 400, new RegExp(`^${name} may be given once`));
        });
      }
    });
  }

  it("accepts the largest int32 page size and an empty page token on every list", async () => {
    expectOk(await call(emu, "GET", `${IAM}?page_size=2147483647&page_token=`), "inviteList");
    expectOk(await call(emu, "GET", `${MEMBERS}?page_size=2147483647&page_token=`), "memberList");
    expectOk(await call(emu, "GET", `${POLICIES}?page_size=2147483647&page_token=`), "accessPolicyList");
  });

  it("ignores parameters a route does not declare", async () => {
    expectOk(await call(emu, "GET", `${IAM}?unknown=1&unknown=2`), "inviteList");
  });

  describe("value checks", () => {
    const rows: Array<[param: QueryParam, value: string, ok: boolean]> = [
      [{ type: "int32" }, "0", true],
      [{ type: "int32" }, "-5", true],
      [{ type: "int32" }, "+7", true],
      [{ type: "int32" }, "2147483647", true],
      [{ type: "int32" }, "-2147483648", true],
      [{ type: "int32" }, "2147483648", false],
      [{ type: "int32" }, "", false],
      [{ type: "int32" }, " 1", false],
      [{ type: "enum", values: ["A", "B"] }, "B", true],
      [{ type: "enum", values: ["A", "B"] }, "b", false],
      [{ type: "enum", values: ["A", "B"] }, "", false],
      [{ type: "mask" }, "a,b", true],
      [{ type: "mask" }, "a,,b", false],
      [{ type: "mask" }, "", false],
      [{ type: "string" }, "", true],
    ];
    for (const [param, value, ok] of rows) {
      it(`${ok ? "accepts" : "refuses"} ${JSON.stringify(value)} as ${param.type}`, () => {
        const problem = queryValueProblem("p", param, value);
        if (ok) expect(problem).to.equal(undefined);
        else expect(problem).to.match(/^p /);
      });
    }

    it("refuses a declared parameter given twice, whatever its values", () => {
      expect(() => checkQuery({ p: { type: "string" } }, new URLSearchParams("p=&p="))).to.throw(
        /p may be given once/,
      );
      expect(() => checkQuery({ p: { type: "string" } }, new URLSearchParams("p=a"))).to.not.throw();
    });
  });
});
