// The Invite's check() rules (checkInputs by its table) on their own: no server, no host. Every row of the shared table (input-rows.ts)
// must be refused naming its property and the fix, or accepted and normalised as documented;
// test/bad-input/inputs.test.ts proves the handlers and the host report the same.
import { expect } from "chai";
import { checkInputs, UNKNOWN } from "../../provider/resource/fields";
import { INVITE } from "../../provider/resource/kinds";
import { acceptedRows, expectNamesFieldAndFix, failureFor, inputRows } from "./input-rows";

const checkInviteInputs = (news: Record<string, unknown>) => checkInputs(INVITE, news);

describe("checkInputs by the Invite's table", () => {
  it(`has at least 40 input rows and every one is distinct (${inputRows.length} rows)`, () => {
    expect(inputRows.length).to.be.at.least(40);
    expect(new Set(inputRows.map((r) => r.name)).size).to.equal(inputRows.length);
  });

  describe("refuses, naming the property and the fix", () => {
    for (const row of inputRows) {
      it(`refuses ${row.name}`, () => {
        expectNamesFieldAndFix(failureFor(checkInviteInputs(row.news).failures, row.property), row);
      });
    }
  });

  describe("accepts, normalised", () => {
    for (const row of acceptedRows) {
      it(`accepts ${row.name}`, () => {
        const result = checkInviteInputs(row.news);
        expect(result.failures).to.deep.equal([]);
        expect(result.inputs).to.deep.equal(row.inputs);
      });
    }
  });

  // What check() hands back to the engine, beyond pass or fail.
  const shaping: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    [
      "keeps every known input and the serialized provider",
      { email: "a@example.com", message: "hi", adopt: true, renewExpired: false, __provider: "p" },
      { email: "a@example.com", message: "hi", adopt: true, renewExpired: false, __provider: "p" },
      [],
    ],
    [
      "drops an unknown input from what it hands back, so a misplaced secret is never echoed",
      { email: "a@example.com", clientSecret: "s3cret" },
      { email: "a@example.com" },
      ["clientSecret"],
    ],
    [
      "passes values not known yet (preview) through unchecked",
      { email: UNKNOWN, message: UNKNOWN, adopt: UNKNOWN },
      { email: UNKNOWN, message: UNKNOWN, adopt: UNKNOWN },
      [],
    ],
    [
      "reports every failure at once, one per property",
      { email: 42, message: 7, adopt: "yes", nickname: "al" },
      { email: 42, message: 7, adopt: "yes" },
      ["nickname", "email", "message", "adopt"],
    ],
  ];

  for (const [name, news, inputs, properties] of shaping) {
    it(name, () => {
      const result = checkInviteInputs(news);
      expect(result.inputs).to.deep.equal(inputs);
      expect(result.failures.map((f) => f.property)).to.deep.equal(properties);
    });
  }
});
