import { expect } from "chai";
import {
  DataTrailsConfigError,
  MAX_EMAIL_LENGTH,
  MAX_MESSAGE_LENGTH,
  selectCredentials,
  type CredentialChoice,
  type GivenCredentials,
} from "../../provider/client";
import { checkCreateInput } from "../../provider/client/input";
import { checkInputs, fieldFailures } from "../../provider/resource/fields";
import { INVITE } from "../../provider/resource/kinds";
import { checkInvitees, InviteeListError } from "../../provider/invitees";

const long = (n: number) => "m".repeat(n);

// One row per rule: the same value must get the same reason from check(), from Invitees, and (for
// the rules the client guards) from the client.
const rows: Array<{
  name: string;
  fields: Record<string, unknown>;
  property: string;
  reason: RegExp;
  client?: true;
}> = [
  {
    name: "no email",
    fields: {},
    property: "email",
    reason: /^email is required: give the invitee's address$/,
  },
  {
    name: "an email that is a number",
    fields: { email: 42 },
    property: "email",
    reason: /^email must be a string such as "alice@example\.com", not the number 42$/,
    client: true,
  },
  {
    name: "an email without '@'",
    fields: { email: "alice" },
    property: "email",
    reason: /^email "alice" has no '@'/,
  },
  {
    name: `an email over ${MAX_EMAIL_LENGTH} code points`,
    fields: { email: `${long(MAX_EMAIL_LENGTH)}@example.com` },
    property: "email",
    reason: new RegExp(
      `is ${MAX_EMAIL_LENGTH + 12} characters long; DataTrails accepts at most ${MAX_EMAIL_LENGTH}`,
    ),
    client: true,
  },
  {
    name: "a message that is a number",
    fields: { email: "a@example.com", message: 7 },
    property: "message",
    reason: /^message must be a string \(the text of the invitation\), not the number 7$/,
    client: true,
  },
  {
    name: `a message over ${MAX_MESSAGE_LENGTH} code points`,
    fields: { email: "a@example.com", message: long(MAX_MESSAGE_LENGTH + 1) },
    property: "message",
    reason: new RegExp(
      `^message is ${MAX_MESSAGE_LENGTH + 1} characters long; DataTrails accepts at most ${MAX_MESSAGE_LENGTH}: shorten it$`,
    ),
    client: true,
  },
  {
    name: "adopt as a string",
    fields: { email: "a@example.com", adopt: "yes" },
    property: "adopt",
    reason: /^adopt must be true or false \(a boolean, without quotes\), not the string "yes"$/,
  },
];

describe("invite field rules (one module for check(), Invitees and the client)", () => {
  for (const row of rows) {
    it(`${row.name}: one reason everywhere`, () => {
      const failures = fieldFailures(INVITE.fields, row.fields);
      expect(failures).to.have.length(1);
      expect(failures[0].property).to.equal(row.property);
      expect(failures[0].reason).to.match(row.reason);

      expect(checkInputs(INVITE, row.fields).failures).to.deep.equal(failures);

      let listed: string[] = [];
      try {
        checkInvitees([row.fields]);
      } catch (err) {
        expect(err).to.be.instanceOf(InviteeListError);
        listed = (err as InviteeListError).problems;
      }
      expect(listed).to.deep.equal([`invitees[0]: ${failures[0].reason}`]);

      if (row.client) {
        const input = row.fields as unknown as Parameters<typeof checkCreateInput>[0];
        expect(() => checkCreateInput(input))
          .to.throw(DataTrailsConfigError)
          .with.property("message", `Invalid createInvite input: ${failures[0].reason}.`);
      }
    });
  }

  it("accepts a valid entry everywhere", () => {
    const fields = { email: "a@example.com", message: long(MAX_MESSAGE_LENGTH), adopt: true };
    expect(fieldFailures(INVITE.fields, fields)).to.deep.equal([]);
    expect(checkCreateInput(fields)).to.deep.equal({ email: fields.email, message: fields.message });
  });
});

describe("credential choice (one rule for client options and provider settings)", () => {
  const rows: Array<[string, GivenCredentials, CredentialChoice]> = [
    ["nothing", {}, { kind: "none" }],
    [
      "everything: the token wins",
      { token: "t", tokenFile: "/f", clientId: "i", clientSecret: "s" },
      { kind: "chosen", credentials: { kind: "token", token: "t" } },
    ],
    [
      "a token file and client credentials: the file wins",
      { tokenFile: "/f", clientId: "i", clientSecret: "s" },
      { kind: "chosen", credentials: { kind: "tokenFile", path: "/f" } },
    ],
    [
      "client credentials",
      { clientId: "i", clientSecret: "s" },
      { kind: "chosen", credentials: { kind: "clientCredentials", clientId: "i", clientSecret: "s" } },
    ],
    ["an id alone", { clientId: "i" }, { kind: "incomplete", given: "clientId", missing: "clientSecret" }],
    [
      "a secret alone",
      { clientSecret: "s" },
      { kind: "incomplete", given: "clientSecret", missing: "clientId" },
    ],
    [
      "an empty id",
      { clientId: "", clientSecret: "s" },
      { kind: "incomplete", given: "clientSecret", missing: "clientId" },
    ],
  ];
  for (const [name, given, choice] of rows) {
    it(name, () => expect(selectCredentials(given)).to.deep.equal(choice));
  }
});
