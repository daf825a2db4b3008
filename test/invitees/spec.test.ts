import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkInvitees, parseInviteeList, projectFolder, readInviteeFile } from "../../provider/invitees";
import { problemsOf } from "./helpers";

describe("invitee lists", () => {
  it("reads a YAML list with messages and switches", () => {
    const list = parseInviteeList(
      "- email: alice@example.com\n  message: Welcome\n- email: ' bob@example.com '\n  adopt: true\n",
      "invitees.yaml",
    );
    expect(list).to.deep.equal([
      { email: "alice@example.com", message: "Welcome", where: "invitees.yaml:1" },
      { email: "bob@example.com", adopt: true, where: "invitees.yaml:3" },
    ]);
  });

  it("reads the same list written as JSON", () => {
    const list = parseInviteeList(
      '[{"email": "alice@example.com"},\n {"email": "bob@example.com"}]',
      "i.json",
    );
    expect(list.map((e) => e.email)).to.deep.equal(["alice@example.com", "bob@example.com"]);
  });

  it("treats an empty file as an empty list", () => {
    expect(parseInviteeList("", "invitees.yaml")).to.deep.equal([]);
    expect(parseInviteeList("# nobody yet\n", "invitees.yaml")).to.deep.equal([]);
  });

  it("rejects duplicate emails ignoring case, naming the file and the line of both entries", () => {
    const problems = problemsOf(() =>
      parseInviteeList(
        "- email: alice@example.com\n- email: bob@example.com\n- email: Alice@Example.com\n",
        "team.yaml",
      ),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include("team.yaml:3").and.include("team.yaml:1");
  });

  it("reports every bad entry at once, each with its line", () => {
    const problems = problemsOf(() =>
      parseInviteeList(
        [
          "- email: not-an-address",
          "- message: no email here",
          "- email: carol@example.com",
          "  colour: blue",
          "- email: dave@example.com",
          "  renewExpired: sometimes",
          "- just a string",
        ].join("\n"),
        "invitees.yaml",
      ),
    );
    expect(problems).to.have.length(5);
    expect(problems[0]).to.match(/^invitees\.yaml:1: email "not-an-address"/);
    expect(problems[1]).to.match(/^invitees\.yaml:2: email is required/);
    expect(problems[2]).to.match(/^invitees\.yaml:3: unknown field 'colour'/);
    expect(problems[3]).to.match(/^invitees\.yaml:5: renewExpired must be true or false/);
    expect(problems[4]).to.match(/^invitees\.yaml:7: an entry must be a mapping/);
  });

  it("rejects a message longer than DataTrails accepts", () => {
    const problems = problemsOf(() => checkInvitees([{ email: "a@example.com", message: "m".repeat(257) }]));
    expect(problems[0]).to.include("invitees[0]").and.include("256");
  });

  it("rejects a file that is not a list, and YAML syntax errors, with the line", () => {
    expect(problemsOf(() => parseInviteeList("email: alice@example.com\n", "i.yaml"))[0]).to.include(
      "must hold a list",
    );
    expect(problemsOf(() => parseInviteeList("- email: [unclosed\n", "i.yaml"))[0]).to.match(/^i\.yaml:\d+:/);
  });

  it("names the file it cannot read", () => {
    const problems = problemsOf(() => readInviteeFile("missing.yaml", os.tmpdir()));
    expect(problems[0]).to.include("missing.yaml").and.include("ENOENT");
  });

  it("reads a file relative to the given folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "invitees-"));
    fs.writeFileSync(path.join(dir, "invitees.yaml"), "- email: zed@example.com\n");
    expect(readInviteeFile("invitees.yaml", dir).map((e) => e.email)).to.deep.equal(["zed@example.com"]);
    fs.rmSync(dir, { recursive: true });
  });

  it("reads a relative file from the project folder when the program runs in main's folder (main: dist/index.js)", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "invitees-project-"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: dist/index.js\n");
    fs.writeFileSync(path.join(project, "invitees.yaml"), "- email: root@example.com\n");
    const programDir = path.join(project, "dist");
    fs.mkdirSync(programDir);
    fs.writeFileSync(path.join(programDir, "invitees.yaml"), "- email: not-this-one@example.com\n");
    expect(projectFolder(programDir)).to.equal(project);
    expect(readInviteeFile("invitees.yaml", programDir).map((e) => e.email)).to.deep.equal([
      "root@example.com",
    ]);
    fs.rmSync(project, { recursive: true });
  });
});
