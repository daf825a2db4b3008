// The import ID forms of datatrails:index:Invite, parsed without any API call: every row can fail.
import { expect } from "chai";
import { parseImportId, type ImportTarget } from "../../provider/plugin";

const UUID = "0f4c7c2e-5b7e-4f53-9d1e-2a1b3c4d5e6f";

const accepted: { id: string; target: ImportTarget }[] = [
  { id: `invites/${UUID}`, target: { kind: "invite", identity: `invites/${UUID}` } },
  { id: UUID, target: { kind: "invite", identity: `invites/${UUID}` } },
  { id: `  invites/${UUID}\n`, target: { kind: "invite", identity: `invites/${UUID}` } },
  { id: `members/${UUID}`, target: { kind: "member", identity: `members/${UUID}` } },
  { id: "email:alice@example.com", target: { kind: "email", email: "alice@example.com" } },
  { id: "EMAIL: Alice@Example.com ", target: { kind: "email", email: "Alice@Example.com" } },
];

const refused: { name: string; id: string; says: RegExp }[] = [
  { name: "an empty ID", id: "", says: /none of invites\/<uuid>/ },
  { name: "another collection", id: `assets/${UUID}`, says: /none of invites\/<uuid>/ },
  { name: "a path with two slashes", id: `invites/${UUID}/x`, says: /none of/ },
  { name: "characters no identity has", id: "invites/abc def", says: /none of/ },
  { name: "an email form without an address", id: "email:", says: /email "" is not an address/ },
  { name: "an email form with no domain", id: "email:alice", says: /e\.g\. alice@example\.com/ },
];

describe("plugin: import IDs of datatrails:index:Invite", () => {
  for (const row of accepted) {
    it(`accepts ${JSON.stringify(row.id)}`, () => {
      expect(parseImportId(row.id)).to.deep.equal(row.target);
    });
  }
  for (const row of refused) {
    it(`refuses ${row.name}, naming the forms it takes`, () => {
      let message = "";
      try {
        parseImportId(row.id);
      } catch (err) {
        expect((err as Error).name).to.equal("DataTrailsConfigError");
        message = (err as Error).message;
      }
      expect(message).to.match(row.says);
      expect(message).to.include(`Cannot import datatrails:index:Invite ${JSON.stringify(row.id)}`);
      expect(message).to.include("pulumi import datatrails:index:Invite alice email:alice@example.com");
    });
  }
});
