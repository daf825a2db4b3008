import { expect } from "chai";
import {
  assetRecord,
  clausesMatch,
  parseTerm,
  termMatches,
  type FilterClause,
  type FilterRecord,
} from "../../emulator/access-filter";
import { grantsFor, permissionApplies, type RightsOptions } from "../../emulator/access-rights";
import type { WirePermission } from "../../emulator/access-store";
import { EMPTY_PERMISSION } from "./helpers";

const asset: FilterRecord = assetRecord({ arc_display_type: "Audit", location: "Cambridge", empty: "" });

describe("access policy filter grammar", () => {
  describe("one term", () => {
    const rows: Array<[term: string, matches: boolean]> = [
      ["attributes.arc_display_type=Audit", true],
      ["attributes.arc_display_type=audit", false],
      ["attributes.arc_display_type!=Audit", false],
      ["attributes.arc_display_type!=Door", true],
      ["attributes.arc_display_type=*", true],
      ["attributes.arc_display_type!=*", false],
      ["attributes.missing=*", false],
      ["attributes.missing!=*", true],
      ["attributes.missing!=Audit", true],
      ["attributes.missing=Audit", false],
      ["attributes.location=Cam*", true],
      ["attributes.location=*bridge", true],
      ["attributes.location=C*b*e", true],
      ["attributes.location=Oxford*", false],
      ["attributes.location=Cambridge.", false],
      ["attributes.empty=", true],
      ["attributes.empty=*", true],
      ["attributes.location=Cambridge=", false],
      // Without the attributes. prefix a term names no asset attribute (the swagger example's form).
      ["location=Cambridge", false],
      ["no equals sign", false],
      ["=Audit", false],
      ["!=Audit", false],
    ];
    for (const [term, matches] of rows) {
      it(`${JSON.stringify(term)} ${matches ? "matches" : "does not match"} an Audit asset in Cambridge`, () => {
        expect(termMatches(term, asset)).to.equal(matches);
      });
    }
  });

  describe("clauses: inner lists OR, outer list AND", () => {
    const rows: Array<[what: string, clauses: FilterClause[], matches: boolean]> = [
      ["one clause, one matching term", [{ or: ["attributes.location=Cambridge"] }], true],
      [
        "one clause, any term matching",
        [{ or: ["attributes.location=Oxford", "attributes.location=Cambridge"] }],
        true,
      ],
      [
        "one clause, no term matching",
        [{ or: ["attributes.location=Oxford", "attributes.location=Leeds"] }],
        false,
      ],
      [
        "two clauses, both matching",
        [{ or: ["attributes.location=Cambridge"] }, { or: ["attributes.arc_display_type=Audit"] }],
        true,
      ],
      [
        "two clauses, the second not matching",
        [{ or: ["attributes.location=Cambridge"] }, { or: ["attributes.arc_display_type=Door"] }],
        false,
      ],
      ["a clause without terms", [{ or: [] }], false],
      ["no clauses (the caller decides what that means)", [], true],
    ];
    for (const [what, clauses, matches] of rows) {
      it(`${what}: ${matches ? "matches" : "does not match"}`, () => {
        expect(clausesMatch(clauses, asset)).to.equal(matches);
      });
    }
  });

  it("parses = and != terms, keeping = inside the value", () => {
    expect(parseTerm("email=a=b@example.com")).to.deep.equal({
      key: "email",
      negate: false,
      pattern: "a=b@example.com",
    });
    expect(parseTerm("attributes.x!=*")).to.deep.equal({ key: "attributes.x", negate: true, pattern: "*" });
    expect(parseTerm("nothing")).to.equal(undefined);
  });

  it("compares the keys it is told to case-insensitively, and only those", () => {
    const person = { email: "Alice@Example.com" };
    const caseless = { caseInsensitiveKeys: new Set(["email"]) };
    expect(termMatches("email=alice@example.com", person, caseless)).to.equal(true);
    expect(termMatches("email=alice@example.com", person)).to.equal(false);
    expect(termMatches("attributes.location=cambridge", asset, caseless)).to.equal(false);
  });
});

function permission(fields: Partial<WirePermission>): WirePermission {
  return { ...EMPTY_PERMISSION, ...fields };
}

const DEFAULTS: RightsOptions = { emailCaseSensitive: false, noUserAttributes: "nobody" };

describe("access policy user_attributes", () => {
  const rows: Array<
    [
      what: string,
      who: { email?: string; subject?: string },
      users: FilterClause[],
      options: RightsOptions,
      applies: boolean,
    ]
  > = [
    [
      "the named email",
      { email: "alice@example.com" },
      [{ or: ["email=alice@example.com"] }],
      DEFAULTS,
      true,
    ],
    [
      "one of the named emails",
      { email: "bob@example.com" },
      [{ or: ["email=alice@example.com", "email=bob@example.com"] }],
      DEFAULTS,
      true,
    ],
    ["another email", { email: "carol@example.com" }, [{ or: ["email=alice@example.com"] }], DEFAULTS, false],
    [
      "the email in another case, matching case-insensitively",
      { email: "ALICE@example.com" },
      [{ or: ["email=alice@example.com"] }],
      DEFAULTS,
      true,
    ],
    [
      "the email in another case, matching case-sensitively",
      { email: "ALICE@example.com" },
      [{ or: ["email=alice@example.com"] }],
      { ...DEFAULTS, emailCaseSensitive: true },
      false,
    ],
    [
      "an app registration by subject",
      { subject: "client-1" },
      [{ or: ["subject=client-1"] }],
      DEFAULTS,
      true,
    ],
    [
      "an app registration not named",
      { subject: "client-2" },
      [{ or: ["subject=client-1"] }],
      DEFAULTS,
      false,
    ],
    [
      "a person by email where only subjects are named",
      { email: "alice@example.com" },
      [{ or: ["subject=client-1"] }],
      DEFAULTS,
      false,
    ],
    [
      "anyone when no user_attributes and the switch says nobody",
      { email: "alice@example.com" },
      [],
      DEFAULTS,
      false,
    ],
    [
      "anyone when no user_attributes and the switch says everyone",
      { email: "alice@example.com" },
      [],
      { ...DEFAULTS, noUserAttributes: "everyone" },
      true,
    ],
  ];
  for (const [what, who, users, options, applies] of rows) {
    it(`${applies ? "applies to" : "does not apply to"} ${what}`, () => {
      expect(
        permissionApplies(permission({ user_attributes: users, asset_attributes_read: ["*"] }), who, options),
      ).to.equal(applies);
    });
  }
});

describe("access rights", () => {
  const audit = {
    identity: "assets/a",
    attributes: { arc_display_type: "Audit", owner: "ops", secret: "s" },
    public: false,
  };
  const door = { identity: "assets/b", attributes: { arc_display_type: "Door" }, public: false };
  const open = { identity: "assets/c", attributes: { arc_display_type: "Audit" }, public: true };
  const alice = [{ or: ["email=alice@example.com"] }];
  const auditFilter = [{ or: ["attributes.arc_display_type=Audit"] }];

  // A policy with one permission for alice.
  const forAlice = (filters: FilterClause[], fields: Partial<WirePermission>) => ({
    filters,
    permissions: [permission({ user_attributes: alice, ...fields })],
  });

  it("grants the listed attributes of the assets the filters match, never a public one", () => {
    const policies = [
      forAlice(auditFilter, { asset_attributes_read: ["owner"], event_arc_display_type_read: ["*"] }),
    ];
    expect(grantsFor({ email: "alice@example.com" }, policies, [audit, door, open], DEFAULTS)).to.deep.equal([
      {
        asset: "assets/a",
        attributes: { owner: "ops" },
        writable_attributes: [],
        event_types_read: ["*"],
        event_types_write: [],
      },
    ]);
  });

  it("unites what several permissions and policies grant; * reads every attribute; a write counts only where readable", () => {
    const policies = [
      forAlice(auditFilter, {
        asset_attributes_read: ["owner"],
        asset_attributes_write: ["owner", "secret"],
      }),
      forAlice([{ or: ["attributes.arc_display_type=*"] }], { asset_attributes_read: ["*"] }),
    ];
    const grants = grantsFor({ email: "alice@example.com" }, policies, [audit, door], DEFAULTS);
    expect(grants.map((g) => [g.asset, g.attributes, g.writable_attributes])).to.deep.equal([
      ["assets/a", audit.attributes, ["owner", "secret"]],
      ["assets/b", door.attributes, []],
    ]);
  });

  it("grants nothing to a person no permission names, or through a policy without filters", () => {
    const policies = [
      {
        filters: auditFilter,
        permissions: [permission({ user_attributes: alice, asset_attributes_read: ["*"] })],
      },
      {
        filters: [],
        permissions: [
          permission({ user_attributes: [{ or: ["email=bob@example.com"] }], asset_attributes_read: ["*"] }),
        ],
      },
    ];
    expect(grantsFor({ email: "bob@example.com" }, policies, [audit, door], DEFAULTS)).to.deep.equal([]);
  });
});
