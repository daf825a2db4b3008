// The public Args types are generated from the kinds' tables (npm run gen:args): the checked-in file is
// what the tables make of it, and each Args keeps the member names and types programs were written
// against (checked when this file compiles), as do the published switch defaults.
import { expect } from "chai";
import * as fs from "fs";
import type { Input } from "@pulumi/pulumi";
import type { AccessPermission, PolicyFilter } from "../../provider/client";
import {
  INVITE_DEFAULTS,
  MEMBER_DEFAULTS,
  type AccessPolicyArgs,
  type InviteArgs,
  type MemberArgs,
  type OnRemove,
} from "../../provider";
import { ALL_KINDS } from "../../provider/resource/kinds";
import { ARGS_FILE, argsText } from "../../scripts/gen-args";

// True when A and B accept the same values, optional members included (each one way is not enough:
// a required member is assignable to an optional one).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

interface InviteShape {
  email: Input<string>;
  message?: Input<string>;
  adopt?: Input<boolean>;
  renewExpired?: Input<boolean>;
}
interface MemberShape extends InviteShape {
  owner?: Input<boolean>;
  onRemove?: Input<OnRemove>;
}
interface AccessPolicyShape {
  displayName: Input<string>;
  description?: Input<string>;
  filters: Input<PolicyFilter[]>;
  accessPermissions: Input<AccessPermission[]>;
}

const INVITE_DEFAULT_VALUES = { adopt: false, renewExpired: true } as const;
const MEMBER_DEFAULT_VALUES = { adopt: false, renewExpired: true, owner: false, onRemove: "keep" } as const;

/**
 * Does not compile unless every Args has exactly the members, and member types, of its shape, and the
 * published defaults keep their literal types.
 */
export type ShapesKept = [
  Expect<Same<InviteArgs, InviteShape>>,
  Expect<Same<keyof InviteArgs, keyof InviteShape>>,
  Expect<Same<MemberArgs, MemberShape>>,
  Expect<Same<keyof MemberArgs, keyof MemberShape>>,
  Expect<Same<AccessPolicyArgs, AccessPolicyShape>>,
  Expect<Same<keyof AccessPolicyArgs, keyof AccessPolicyShape>>,
  Expect<Same<typeof INVITE_DEFAULTS, typeof INVITE_DEFAULT_VALUES>>,
  Expect<Same<typeof MEMBER_DEFAULTS, typeof MEMBER_DEFAULT_VALUES>>,
];

describe("resource: the Args types", () => {
  it("provider/resource/args.ts is exactly what npm run gen:args writes from the kinds' tables", () => {
    expect(fs.readFileSync(ARGS_FILE, "utf8"), "run `npm run gen:args` and commit it").to.equal(argsText());
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
    expect(INVITE_DEFAULTS).to.deep.equal(INVITE_DEFAULT_VALUES);
    expect(MEMBER_DEFAULTS).to.deep.equal(MEMBER_DEFAULT_VALUES);
  });
});
