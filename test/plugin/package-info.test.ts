// One version and one download location, from package.json: how its `repository` is read, and that
// schema.json and every generated SDK say what it says (a bump or a move that misses one fails here;
// GetPluginInfo's answer is schema.test.ts's).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parseRepository, pluginDownloadUrl, readPackageInfo, repositoryUrl } from "../../provider/plugin";
import { downloadUrlStatements, drift, goModulePath, versionStatements } from "../../tools/release";
import { REPO_ROOT } from "../../tools/repo-root";

describe("plugin: the release's identity from package.json", () => {
  describe("parseRepository reads the forms npm accepts for a GitHub repository", () => {
    const want = { owner: "datatrails-contrib", repo: "pulumi-datatrails-invites" };
    const accepted: [string, unknown][] = [
      ["shorthand", "github:datatrails-contrib/pulumi-datatrails-invites"],
      ["bare owner/repo", "datatrails-contrib/pulumi-datatrails-invites"],
      ["https URL", "https://github.com/datatrails-contrib/pulumi-datatrails-invites"],
      ["git+https URL with .git", "git+https://github.com/datatrails-contrib/pulumi-datatrails-invites.git"],
      ["git URL", "git://github.com/datatrails-contrib/pulumi-datatrails-invites.git"],
      ["ssh URL", "git+ssh://git@github.com/datatrails-contrib/pulumi-datatrails-invites.git"],
      ["scp form", "git@github.com:datatrails-contrib/pulumi-datatrails-invites.git"],
      ["object", { type: "git", url: "https://github.com/datatrails-contrib/pulumi-datatrails-invites.git" }],
    ];
    for (const [name, value] of accepted) {
      it(name, () => expect(parseRepository(value)).to.deep.equal(want));
    }

    const refused: [string, unknown][] = [
      ["missing", undefined],
      ["another host", "https://gitlab.com/datatrails-contrib/pulumi-datatrails-invites"],
      ["gitlab shorthand", "gitlab:datatrails-contrib/pulumi-datatrails-invites"],
      ["no repository part", "github:datatrails-contrib"],
      ["a path too deep", "https://github.com/datatrails-contrib/pulumi-datatrails-invites/tree/main"],
      ["an object without url", { type: "git" }],
    ];
    for (const [name, value] of refused) {
      it(`refuses ${name}, naming the value and the form to use`, () => {
        expect(() => parseRepository(value)).to.throw(
          /names no GitHub repository: set it to "github:<owner>\/<repo>"/,
        );
      });
    }
  });

  it("the download location is the repository's GitHub releases, in the CLI's github:// form", () => {
    const repository = { owner: "o", repo: "r" };
    expect(pluginDownloadUrl(repository)).to.equal("github://api.github.com/o/r");
    expect(repositoryUrl(repository)).to.equal("https://github.com/o/r");
  });

  describe("schema.json and every SDK say package.json's version and download location", () => {
    const info = readPackageInfo(REPO_ROOT);

    it("the version", () => {
      const statements = versionStatements(REPO_ROOT);
      expect(statements).to.have.length.greaterThan(6);
      expect(drift(statements, info.version), "run npm run gen:schema and npm run gen:sdk").to.deep.equal([]);
    });

    it("the download location", () => {
      const statements = downloadUrlStatements(REPO_ROOT);
      expect(
        drift(statements, pluginDownloadUrl(info.repository)),
        "run npm run gen:schema and npm run gen:sdk",
      ).to.deep.equal([]);
    });

    it("the Go SDK is the module <repository>/sdk/go", () => {
      expect(goModulePath(REPO_ROOT)).to.equal(
        `github.com/${info.repository.owner}/${info.repository.repo}/sdk/go`,
      );
    });

    it("drift names the place that disagrees", () => {
      const dir = fs.mkdtempSync(path.join(REPO_ROOT, ".cache", "drift-"));
      try {
        for (const file of ["schema.json", "sdk"]) {
          fs.cpSync(path.join(REPO_ROOT, file), path.join(dir, file), { recursive: true });
        }
        const file = path.join(dir, "sdk", "python", "pulumi_datatrails", "pulumi-plugin.json");
        const plugin = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        fs.writeFileSync(file, JSON.stringify({ ...plugin, version: "9.9.9" }));
        expect(drift(versionStatements(dir), info.version)).to.deep.equal([
          { where: "sdk/python/pulumi_datatrails/pulumi-plugin.json version", value: "9.9.9" },
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("CHANGELOG.md has a section for the version", () => {
      const changelog = fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8");
      expect(changelog).to.match(
        new RegExp(`^## ${info.version.replace(/\./g, "\\.")} — \\d{4}-\\d{2}-\\d{2}$`, "m"),
      );
    });
  });
});
