// The AccessPolicy's plan (provider/resource/policy-plan.ts) in tables: which fields differ between
// the stored policy and the declared one, and the one PATCH that mends them. No server.
import { expect } from "chai";
import type { AccessPolicyRecord } from "../../provider/client";
import { UNKNOWN } from "../../provider/resource/fields";
import { NO_LISTS } from "../helpers/access-policy";
import {
  changedPolicyFields,
  policyInputsFor,
  policyOutputs,
  policyPatchFor,
} from "../../provider/resource/policy-plan";

/** A policy as DataTrails answers it: every list present, description "" for none. */
const STORED: AccessPolicyRecord = {
  identity: "access_policies/1",
  tenant: "tenant/1",
  displayName: "Auditors",
  description: "",
  filters: [{ or: ["attributes.arc_display_type=Audit", "attributes.arc_display_type=Log"] }],
  accessPermissions: [
    {
      ...NO_LISTS,
      userAttributes: [{ or: ["email=alice@example.com", "email=bob@example.com"] }],
      assetAttributesRead: ["*"],
      eventArcDisplayTypeRead: ["*"],
    },
  ],
};
const RECORDED = { ...policyOutputs(STORED), __provider: "p" };

/** The same policy as a program declares it: no description, only the lists that hold something. */
const DECLARED = {
  displayName: "Auditors",
  filters: [{ or: ["attributes.arc_display_type=Audit", "attributes.arc_display_type=Log"] }],
  accessPermissions: [
    {
      userAttributes: [{ or: ["email=alice@example.com", "email=bob@example.com"] }],
      assetAttributesRead: ["*"],
      eventArcDisplayTypeRead: ["*"],
    },
  ],
};

const permission = (change: Record<string, unknown>) => [{ ...DECLARED.accessPermissions[0], ...change }];

describe("the AccessPolicy's plan", () => {
  // [what, declared, fields that differ]
  const rows: Array<[string, Record<string, unknown>, string[]]> = [
    ["the stored policy as declared: nothing", DECLARED, []],
    ["an empty description against none stored: nothing", { ...DECLARED, description: "" }, []],
    [
      "lists declared as [] against the service's []: nothing",
      { ...DECLARED, accessPermissions: permission({ subjects: [], behaviours: [] }) },
      [],
    ],
    [
      "terms of a clause in another order: nothing",
      {
        ...DECLARED,
        filters: [{ or: ["attributes.arc_display_type=Log", "attributes.arc_display_type=Audit"] }],
      },
      [],
    ],
    [
      "users in another order: nothing",
      {
        ...DECLARED,
        accessPermissions: permission({
          userAttributes: [{ or: ["email=bob@example.com", "email=alice@example.com"] }],
        }),
      },
      [],
    ],
    ["a new display name", { ...DECLARED, displayName: "Audit readers" }, ["displayName"]],
    ["a description", { ...DECLARED, description: "Read the audit trail" }, ["description"]],
    [
      "another filter",
      { ...DECLARED, filters: [{ or: ["attributes.arc_display_type=Audit"] }] },
      ["filters"],
    ],
    [
      "a filter clause added (AND)",
      { ...DECLARED, filters: [...DECLARED.filters, { or: ["attributes.x=y"] }] },
      ["filters"],
    ],
    [
      "a user removed",
      {
        ...DECLARED,
        accessPermissions: permission({ userAttributes: [{ or: ["email=alice@example.com"] }] }),
      },
      ["accessPermissions"],
    ],
    [
      "a list granted",
      { ...DECLARED, accessPermissions: permission({ assetAttributesWrite: ["arc_description"] }) },
      ["accessPermissions"],
    ],
    [
      "everything at once",
      {
        displayName: "B",
        description: "d",
        filters: [{ or: ["attributes.x=y"] }],
        accessPermissions: permission({ assetAttributesRead: ["a"] }),
      },
      ["displayName", "description", "filters", "accessPermissions"],
    ],
    ["a value not known yet (preview)", { ...DECLARED, filters: [{ or: [UNKNOWN] }] }, ["filters"]],
  ];

  for (const [what, declared, fields] of rows) {
    it(`${what}: ${fields.length === 0 ? "no change, no PATCH" : fields.join(", ")}`, () => {
      expect(changedPolicyFields(RECORDED, declared)).to.deep.equal(fields);
      const patch = policyPatchFor(RECORDED, declared);
      if (fields.length === 0) expect(patch).to.equal(undefined);
      else expect(Object.keys(patch ?? {})).to.deep.equal(fields);
    });
  }

  it("the PATCH carries the declared values, and clears a description left out", () => {
    const stored = { ...RECORDED, description: "set in the web UI", displayName: "Renamed" };
    expect(policyPatchFor(stored, DECLARED)).to.deep.equal({ displayName: "Auditors", description: "" });
  });

  it("a web-UI edit of the users is put back by one PATCH of the permissions as declared", () => {
    const edited = {
      ...RECORDED,
      accessPermissions: [
        { ...STORED.accessPermissions[0], userAttributes: [{ or: ["email=mallory@example.com"] }] },
      ],
    };
    expect(policyPatchFor(edited, DECLARED)).to.deep.equal({ accessPermissions: DECLARED.accessPermissions });
  });

  it("the inputs of a stored policy declare it: no change against it (import, refresh)", () => {
    const inputs = policyInputsFor(RECORDED);
    expect(inputs).to.deep.equal(DECLARED);
    expect(changedPolicyFields(RECORDED, inputs)).to.deep.equal([]);
    expect(policyInputsFor({ ...RECORDED, description: "d" })).to.include({ description: "d" });
  });
});
