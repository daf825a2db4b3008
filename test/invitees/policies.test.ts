// Rights beside each invitee (provider/invitees/policies.ts and the file's {policies, invitees}
// form): templates checked with file and line, and the users of each declared policy. Pure: no
// resource, no server.
import { expect } from "chai";
import {
  checkAccessNames,
  parseInviteeDocument,
  policyDeclarations,
  policyHolders,
  type LocatedPolicy,
} from "../../provider/invitees";
import { problemsOf } from "./helpers";

const FILE = `policies:
  auditors:
    description: Read the audit trail
    filters:
      - or: [attributes.arc_display_type=Audit]
    accessPermissions:
      - assetAttributesRead: ["*"]
        eventArcDisplayTypeRead: ["*"]
  writers:
    displayName: Audit writers
    filters:
      - or: [attributes.arc_display_type=Audit]
    accessPermissions:
      - eventArcDisplayTypeWrite: ["*"]
invitees:
  - email: bob@example.com
    access: [auditors]
  - email: Alice@example.com
    access: [auditors, writers]
  - email: carol@example.com
`;

describe("rights beside each invitee", () => {
  const doc = parseInviteeDocument(FILE, "invitees.yaml");

  it("reads {policies, invitees}: templates with displayName defaulting to the name, entries with access", () => {
    expect(doc.policies.map((p) => [p.name, p.template.displayName, p.where])).to.deep.equal([
      ["auditors", "auditors", "invitees.yaml:2"],
      ["writers", "Audit writers", "invitees.yaml:9"],
    ]);
    expect(doc.entries.map((e) => [e.email, e.access])).to.deep.equal([
      ["bob@example.com", ["auditors"]],
      ["Alice@example.com", ["auditors", "writers"]],
      ["carol@example.com", undefined],
    ]);
  });

  it("declares one policy per name held, every permission's users exactly its holders sorted ignoring case", () => {
    const declared = policyDeclarations(doc.policies, doc.entries);
    expect(declared.map((d) => [d.name, d.holders])).to.deep.equal([
      ["auditors", ["Alice@example.com", "bob@example.com"]],
      ["writers", ["Alice@example.com"]],
    ]);
    expect(declared[0].inputs).to.deep.equal({
      displayName: "auditors",
      description: "Read the audit trail",
      filters: [{ or: ["attributes.arc_display_type=Audit"] }],
      accessPermissions: [
        {
          assetAttributesRead: ["*"],
          eventArcDisplayTypeRead: ["*"],
          userAttributes: [{ or: ["email=Alice@example.com", "email=bob@example.com"] }],
        },
      ],
    });
  });

  // [what, entries' access, the policies declared with their holders]
  const rows: Array<[string, Array<string[] | undefined>, Record<string, string[]>]> = [
    [
      "everyone as listed",
      [["auditors"], ["auditors", "writers"], undefined],
      { auditors: ["Alice", "bob"], writers: ["Alice"] },
    ],
    [
      "bob's line deleted: auditors loses bob",
      [undefined, ["auditors", "writers"], undefined],
      { auditors: ["Alice"], writers: ["Alice"] },
    ],
    [
      "a name removed from Alice's access",
      [["auditors"], ["auditors"], undefined],
      { auditors: ["Alice", "bob"] },
    ],
    [
      "nobody holds anything: no policy is declared (never one with no users)",
      [undefined, [], undefined],
      {},
    ],
  ];
  for (const [what, access, expected] of rows) {
    it(what, () => {
      const entries = doc.entries.map((e, i) => ({ ...e, access: access[i] }));
      const declared = policyDeclarations(doc.policies, entries);
      const short = (emails: string[]) => emails.map((e) => e.split("@")[0]);
      expect(Object.fromEntries(declared.map((d) => [d.name, short(d.holders)]))).to.deep.equal(expected);
      expect(policyHolders(doc.policies, entries)).to.have.keys("auditors", "writers");
    });
  }

  it("a plain list stays valid and has no policies", () => {
    expect(parseInviteeDocument("- email: a@example.com\n", "i.yaml").policies).to.deep.equal([]);
  });

  it("reports bad templates and bad access with file and line, before anything is declared", () => {
    const problems = problemsOf(() =>
      parseInviteeDocument(
        `policies:
  nofilters:
    accessPermissions:
      - assetAttributesRead: ["*"]
  named:
    filters: [{or: [attributes.x=y]}]
    accessPermissions:
      - userAttributes: [{or: [email=x@example.com]}]
        assetAttributesRead: ["*"]
invitees:
  - email: a@example.com
    access: auditors
`,
        "team.yaml",
      ),
    );
    expect(problems).to.deep.equal([
      "team.yaml:2: policy 'nofilters': filters is required: give at least one clause such as {or: [attributes.arc_display_type=Audit]} (the assets the policy covers)",
      "team.yaml:5: policy 'named': accessPermissions[0].userAttributes must be left out: the entries whose access names 'named' are its users",
      'team.yaml:11: access must be a list of policy names, such as [auditors], not the string "auditors"',
    ]);
  });

  it("reports an access name no policy has, with the entry's line", () => {
    const problems: string[] = [];
    const policies: LocatedPolicy[] = doc.policies;
    checkAccessNames([{ access: ["auditor"], where: "invitees.yaml:7" }], policies, problems);
    expect(problems).to.deep.equal([
      "invitees.yaml:7: access names 'auditor', which is not a policy (the policies are auditors, writers)",
    ]);
  });
});
