// Invitee lists that declare members (`members: true`): owner and onRemove, checked with the same
// field rules as the Member resource, each problem with its file and line.
import { expect } from "chai";
import { checkInvitees, parseInviteeList } from "../../provider/invitees";
import { problemsOf } from "./helpers";

const MEMBERS = { members: true };

describe("invitee lists of members", () => {
  it("reads owner and onRemove", () => {
    const list = parseInviteeList(
      "- email: alice@example.com\n  owner: true\n  onRemove: deactivate\n- email: bob@example.com\n",
      "invitees.yaml",
      MEMBERS,
    );
    expect(list).to.deep.equal([
      { email: "alice@example.com", owner: true, onRemove: "deactivate", where: "invitees.yaml:1" },
      { email: "bob@example.com", where: "invitees.yaml:4" },
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    [
      "an owner that is not a boolean",
      "- email: a@example.com\n- email: b@example.com\n  owner: 'yes'\n",
      /^invitees\.yaml:2: owner must be true or false .*"yes"/,
    ],
    [
      "an unknown onRemove",
      "- email: a@example.com\n  onRemove: delete\n",
      /^invitees\.yaml:1: onRemove must be "keep" or "deactivate".*"delete"/,
    ],
    [
      "an unknown field, listing the member fields",
      "- email: a@example.com\n  role: OWNER\n",
      /^invitees\.yaml:1: unknown field 'role'; the fields are email, message, adopt, renewExpired, owner, onRemove and access$/,
    ],
  ];
  for (const [name, text, problem] of bad) {
    it(`reports ${name} with its file and line`, () => {
      const problems = problemsOf(() => parseInviteeList(text, "invitees.yaml", MEMBERS));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(problem);
    });
  }

  it("refuses owner and onRemove in a list of invites, saying they need members: true", () => {
    const problems = problemsOf(() =>
      parseInviteeList("- email: a@example.com\n  owner: true\n  onRemove: keep\n", "invitees.yaml"),
    );
    expect(problems).to.deep.equal([
      "invitees.yaml:1: unknown field 'owner'; the fields are email, message, adopt, renewExpired and access (owner needs members: true on the Invitees)",
      "invitees.yaml:1: unknown field 'onRemove'; the fields are email, message, adopt, renewExpired and access (onRemove needs members: true on the Invitees)",
    ]);
  });

  it("checks a list given in code the same way", () => {
    const problems = problemsOf(() =>
      checkInvitees([{ email: "a@example.com", owner: 1 }], "invitees", MEMBERS),
    );
    expect(problems).to.deep.equal([
      "invitees[0]: owner must be true or false (a boolean, without quotes), not the number 1",
    ]);
  });
});
