// The Member's check() rules (checkInputs by its table) on their own: no server, no host. A Member shares every field rule with Invite
// (the whole Invite input table must be refused the same way) and adds owner and onRemove.
import { expect } from "chai";
import { checkInputs, switchesOf, UNKNOWN } from "../../provider/resource/fields";
import { MEMBER } from "../../provider/resource/kinds";
import { expectNamesFieldAndFix, failureFor, inputRows } from "./input-rows";

const checkMemberInputs = (news: Record<string, unknown>) => checkInputs(MEMBER, news);
const memberSwitches = (inputs: Record<string, unknown>) => switchesOf(MEMBER, inputs);

describe("checkInputs by the Member's table", () => {
  describe("refuses every bad Invite input the same way (one rule per field)", () => {
    // Unknown keys are worded with the Member's own field list: the table below checks those.
    for (const row of inputRows.filter((r) => !/the inputs are/.test(r.fix.source))) {
      it(`refuses ${row.name}`, () => {
        expectNamesFieldAndFix(failureFor(checkMemberInputs(row.news).failures, row.property), row);
      });
    }
  });

  const refused: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      "an owner given as a string",
      { email: "a@example.com", owner: "yes" },
      "owner",
      /owner must be true or false.*"yes"/,
    ],
    [
      "an owner given as a number",
      { email: "a@example.com", owner: 1 },
      "owner",
      /owner must be true or false.*number 1/,
    ],
    [
      "an unknown onRemove",
      { email: "a@example.com", onRemove: "delete" },
      "onRemove",
      /onRemove must be "keep" or "deactivate".*"delete"/,
    ],
    [
      "an onRemove in the wrong case",
      { email: "a@example.com", onRemove: "Deactivate" },
      "onRemove",
      /"keep" or "deactivate"/,
    ],
    [
      "an onRemove given as a boolean",
      { email: "a@example.com", onRemove: true },
      "onRemove",
      /boolean true/,
    ],
    [
      "an unknown key",
      { email: "a@example.com", role: "OWNER" },
      "role",
      /'role' is not a Member input: remove it; the inputs are email, message, adopt, renewExpired, owner and onRemove/,
    ],
    ["a misspelt owner", { email: "a@example.com", Owner: true }, "Owner", /did you mean 'owner'/],
    [
      "a credential put on the resource",
      { email: "a@example.com", clientSecret: "s3cret" },
      "clientSecret",
      /pulumi config set --secret datatrails:clientSecret/,
    ],
  ];
  for (const [name, news, property, reason] of refused) {
    it(`refuses ${name}, naming ${property}`, () => {
      const { failures, inputs } = checkMemberInputs(news);
      expect(failures.map((f) => f.property)).to.deep.equal([property]);
      expect(failures[0].reason).to.match(reason);
      expect(JSON.stringify(failures)).not.to.include("s3cret");
      expect(inputs).not.to.have.property("clientSecret");
    });
  }

  // Every input set, each already in its checked form: accepted as it is.
  const EVERY_INPUT = {
    email: "a@example.com",
    message: "hi",
    owner: true,
    onRemove: "deactivate",
    adopt: true,
    renewExpired: false,
    __provider: "p",
  };
  const accepted: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ["the email alone, trimmed", { email: " a@example.com " }, { email: "a@example.com" }],
    ["every input, and the serialized provider", EVERY_INPUT, { ...EVERY_INPUT }],
    [
      "null switches dropped so defaults apply",
      { email: "a@example.com", owner: null, onRemove: null },
      { email: "a@example.com" },
    ],
    [
      "values unknown at preview, unchecked",
      { email: UNKNOWN, owner: UNKNOWN, onRemove: UNKNOWN },
      { email: UNKNOWN, owner: UNKNOWN, onRemove: UNKNOWN },
    ],
  ];
  for (const [name, news, inputs] of accepted) {
    it(`accepts ${name}`, () => {
      const result = checkMemberInputs(news);
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.deep.equal(inputs);
    });
  }

  it("reports every bad property at once", () => {
    const { failures } = checkMemberInputs({ email: "nope", owner: "no", onRemove: "drop", nickname: "x" });
    expect(failures.map((f) => f.property).sort()).to.deep.equal(["email", "nickname", "onRemove", "owner"]);
  });
});

describe("switchesOf the Member's table", () => {
  const rows: Array<[string, Record<string, unknown>, ReturnType<typeof memberSwitches>]> = [
    [
      "defaults: not an owner, kept on removal",
      {},
      { owner: false, onRemove: "keep", adopt: false, renewExpired: true },
    ],
    [
      "every switch given",
      { owner: true, onRemove: "deactivate", adopt: true, renewExpired: false },
      { owner: true, onRemove: "deactivate", adopt: true, renewExpired: false },
    ],
    [
      "an unknown value counts as the default",
      { owner: UNKNOWN, onRemove: UNKNOWN },
      { owner: false, onRemove: "keep", adopt: false, renewExpired: true },
    ],
  ];
  for (const [name, inputs, expected] of rows) {
    it(`applies ${name}`, () => expect(memberSwitches(inputs)).to.deep.equal(expected));
  }
});
