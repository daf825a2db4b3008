// The output types are generated from the kinds' tables (npm run gen:types): the checked-in file is
// what the tables make of it, each type has exactly its table's outputs (checked when this file
// compiles), and each output's TypeScript type follows its spec.
import { expect } from "chai";
import * as fs from "fs";
import type { Output } from "@pulumi/pulumi";
import type { AccessPolicy, Invite, Member } from "../../provider";
import { ALL_KINDS, type OutputSpec } from "../../provider/resource/kinds";
import type { ACCESS_POLICY, INVITE, MEMBER } from "../../provider/resource/kinds";
import type {
  AccessPolicyOutputFields,
  InviteOutputFields,
  MemberOutputFields,
} from "../../provider/resource/output-fields";
import { OUTPUT_FIELDS_FILE, outputFieldsText, outputType } from "../../scripts/gen-types";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

/**
 * Does not compile unless each kind's output type has exactly its table's outputs, and each resource
 * class exposes them as Pulumi outputs of the same types.
 */
export type TablesKept = [
  Expect<Same<keyof InviteOutputFields, keyof (typeof INVITE)["outputs"]>>,
  Expect<Same<keyof MemberOutputFields, keyof (typeof MEMBER)["outputs"]>>,
  Expect<Same<keyof AccessPolicyOutputFields, keyof (typeof ACCESS_POLICY)["outputs"]>>,
  Expect<Same<Invite["status"], Output<"pending" | "expired" | "accepted">>>,
  Expect<Same<Invite["expiryTime"], Output<string | null>>>,
  Expect<Same<Member["roles"], Output<string[]>>>,
  Expect<Same<AccessPolicy["filters"], Output<AccessPolicyOutputFields["filters"]>>>,
];

describe("resource: the output types", () => {
  it("provider/resource/output-fields.ts is exactly what npm run gen:types writes from the kinds' tables", () => {
    expect(fs.readFileSync(OUTPUT_FIELDS_FILE, "utf8"), "run `npm run gen:types` and commit it").to.equal(
      outputFieldsText(),
    );
  });

  it("gives each output the docs of its table", () => {
    const text = outputFieldsText();
    for (const kind of ALL_KINDS) {
      const start = text.indexOf(`export interface ${kind.name}OutputFields `);
      for (const [name, out] of Object.entries(kind.outputs as Readonly<Record<string, OutputSpec>>)) {
        const member = text.indexOf(`\n  ${name}: `, start);
        const docs = text.slice(text.lastIndexOf("/**", member), member).replace(/\s*\n\s*\*?\s*/g, " ");
        expect(docs, `${kind.name}.${name}`).to.include(out.docs);
      }
    }
  });

  const rows: Array<[string, OutputSpec, string]> = [
    ["a string", { type: "string", docs: "d" }, "string"],
    ["a nullable string", { type: "string", nullable: true, docs: "d" }, "string | null"],
    ["a string of fixed values", { type: "string", values: ["a", "b"], docs: "d" }, '"a" | "b"'],
    ["a boolean", { type: "boolean", docs: "d" }, "boolean"],
    ["an array of strings", { type: "array", docs: "d" }, "string[]"],
    [
      "an array of the client's objects",
      { type: "array", items: { token: "x:index:T", typeName: "PolicyFilter" }, docs: "d" },
      "PolicyFilter[]",
    ],
  ];
  for (const [what, spec, expected] of rows) {
    it(`types ${what} as ${expected}`, () => {
      expect(outputType(spec)).to.equal(expected);
    });
  }
});
