// The public Args types are generated from the kinds' tables (npm run gen:types): the checked-in file is
// what the tables make of it, each Args accepts exactly what its table declares (checked when this file
// compiles), and the published switch defaults are the tables'.
import { expect } from "chai";
import * as fs from "fs";
import {
  INVITE_DEFAULTS,
  MEMBER_DEFAULTS,
  type AccessPolicyArgs,
  type InviteArgs,
  type MemberArgs,
} from "../../provider";
import {
  ALL_KINDS,
  INVITE,
  MEMBER,
  type AccessPolicyFieldArgs,
  type InviteFieldArgs,
  type InviteSwitches,
  type MemberFieldArgs,
  type MemberSwitches,
} from "../../provider/resource/kinds";
import { ARGS_FILE, argsText } from "../../scripts/gen-types";

// True when A and B accept the same values, optional members included (each one way is not enough:
// a required member is assignable to an optional one).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

/**
 * Does not compile unless every Args has exactly the members, optional ones and types of its table,
 * and the published defaults are the switches, each keeping the literal type of its table's default.
 */
export type TablesKept = [
  Expect<Same<InviteArgs, InviteFieldArgs>>,
  Expect<Same<keyof InviteArgs, keyof InviteFieldArgs>>,
  Expect<Same<MemberArgs, MemberFieldArgs>>,
  Expect<Same<keyof MemberArgs, keyof MemberFieldArgs>>,
  Expect<Same<AccessPolicyArgs, AccessPolicyFieldArgs>>,
  Expect<Same<keyof AccessPolicyArgs, keyof AccessPolicyFieldArgs>>,
  Expect<Same<keyof typeof INVITE_DEFAULTS, keyof InviteSwitches>>,
  Expect<Same<keyof typeof MEMBER_DEFAULTS, keyof MemberSwitches>>,
  Expect<Same<(typeof INVITE_DEFAULTS)["renewExpired"], true>>,
  Expect<Same<(typeof MEMBER_DEFAULTS)["onRemove"], "keep">>,
];

describe("resource: the Args types", () => {
  it("provider/resource/args.ts is exactly what npm run gen:types writes from the kinds' tables", () => {
    expect(fs.readFileSync(ARGS_FILE, "utf8"), "run `npm run gen:types` and commit it").to.equal(argsText());
  });

  it("gives each input the docs of its table, with its default", () => {
    const text = argsText();
    for (const kind of ALL_KINDS) {
      for (const [name, spec] of Object.entries(kind.fields)) {
        const start = text.indexOf(`export interface ${kind.name}Args `);
        const member = text.indexOf(`\n  ${name}`, start);
        const docs = text.slice(text.lastIndexOf("/**", member), member).replace(/\s*\n\s*\*?\s*/g, " ");
        expect(docs, `${kind.name}.${name}`).to.include(spec.docs);
        if ("default" in spec) expect(docs).to.include(`@default ${JSON.stringify(spec.default)}`);
      }
    }
  });

  it("publishes each kind's switch defaults as its table gives them", () => {
    for (const [kind, defaults] of [
      [INVITE, INVITE_DEFAULTS],
      [MEMBER, MEMBER_DEFAULTS],
    ] as const) {
      const expected = Object.entries(kind.fields).flatMap(([name, spec]) =>
        "default" in spec ? [[name, spec.default]] : [],
      );
      expect(defaults, kind.name).to.deep.equal(Object.fromEntries(expected));
      expect(Object.keys(defaults)).to.include.members(["adopt", "renewExpired"]);
    }
  });
});
