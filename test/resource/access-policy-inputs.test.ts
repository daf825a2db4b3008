// The AccessPolicy's check() rules (checkInputs by its table) on their own: no server, no host. Bad
// input is refused naming the field; nothing else is needed, since check() makes no API call.
import { expect } from "chai";
import { checkInputs, UNKNOWN } from "../../provider/resource/fields";
import { ACCESS_POLICY } from "../../provider/resource/kinds";
import { AUDITORS } from "../helpers/access-policy";

const GOOD: Record<string, unknown> = { ...AUDITORS };

const check = (change: Record<string, unknown>) => checkInputs(ACCESS_POLICY, { ...GOOD, ...change });

describe("checkInputs by the AccessPolicy's table", () => {
  it("accepts a policy as the issue declares it, unchanged", () => {
    const news = { ...GOOD, description: "Read the audit trail", __provider: "p" };
    expect(checkInputs(ACCESS_POLICY, news)).to.deep.equal({ inputs: news, failures: [] });
  });

  // [what is wrong, the inputs changed, the property named, words the reason must hold]
  const refused: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a display name over 128 characters", { displayName: "x".repeat(129) }, "displayName", /at most 128/],
    ["an empty display name", { displayName: " " }, "displayName", /must not be empty/],
    ["no display name", { displayName: undefined }, "displayName", /displayName is required/],
    ["a description over 4096", { description: "d".repeat(4097) }, "description", /at most 4096/],
    ["no filters", { filters: undefined }, "filters", /filters is required/],
    ["an empty filter list", { filters: [] }, "filters", /filters is required/],
    ["a filter that is a string", { filters: "attributes.x=y" }, "filters", /list of \{or\}/],
    ["a filter list of strings", { filters: ["attributes.x=y"] }, "filters", /filters\[0\] must be \{or\}/],
    [
      "a filter clause with another key",
      { filters: [{ and: ["a"] }] },
      "filters",
      /filters\[0\]\.and is not/,
    ],
    ["a filter clause with no terms", { filters: [{ or: [] }] }, "filters", /or must hold at least one/],
    ["a filter term that is a number", { filters: [{ or: [1] }] }, "filters", /or\[0\] must be a string/],
    ["no permissions", { accessPermissions: [] }, "accessPermissions", /at least one permission/],
    [
      "a permission with none of the required lists",
      { accessPermissions: [{ userAttributes: [{ or: ["email=a@example.com"] }], subjects: ["tenant/1"] }] },
      "accessPermissions",
      /accessPermissions\[0\] grants nothing: give at least one non-empty list among assetAttributesRead/,
    ],
    [
      "a permission with a snake_case field",
      { accessPermissions: [{ asset_attributes_read: ["*"] }] },
      "accessPermissions",
      /asset_attributes_read is not a field/,
    ],
    [
      "user attributes that are not {or} clauses",
      { accessPermissions: [{ userAttributes: ["email=a@example.com"], assetAttributesRead: ["*"] }] },
      "accessPermissions",
      /accessPermissions\[0\]\.userAttributes\[0\] must be \{or\}/,
    ],
    ["an unknown input", { display_name: "x" }, "display_name", /not an AccessPolicy input/],
  ];

  for (const [what, change, property, reason] of refused) {
    it(`refuses ${what}, naming ${property}`, () => {
      const { failures } = check(change);
      expect(failures.map((f) => f.property)).to.deep.equal([property]);
      expect(failures[0].reason).to.match(reason);
    });
  }

  it("passes values not known yet (preview) through unchecked, at any depth", () => {
    const news = {
      displayName: UNKNOWN,
      filters: [{ or: [UNKNOWN] }],
      accessPermissions: UNKNOWN,
    };
    expect(checkInputs(ACCESS_POLICY, news).failures).to.deep.equal([]);
  });
});
