// The release workflow (.github/workflows/release.yml): actionlint finds nothing, and it does what
// the README promises on a version tag: build with `npm run release`, test the artifacts with
// `npm run test:release`, attach them to the GitHub release, publish to npm with provenance and to
// PyPI by trusted publishing, tag the Go module. It cannot run here; everything it runs can.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { actionlint, ensureActionlint } from "../../tools/actionlint";
import { REPO_ROOT } from "../../tools/repo-root";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}

const FILE = path.join(REPO_ROOT, ".github", "workflows", "release.yml");

describe("release: the GitHub Actions release workflow", function () {
  this.timeout(20 * 60_000); // a cold actionlint build
  const wf = parseYaml(fs.readFileSync(FILE, "utf8")) as {
    on: { push?: { tags?: string[]; branches?: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const runs = (job: Job): string => job.steps.map((s) => s.run ?? "").join("\n");
  const needs = (job: Job): string[] => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

  before(() => ensureActionlint());

  it("passes actionlint with no findings", async () => {
    const result = await actionlint(FILE);
    expect(result.findings, result.stderr).to.deep.equal([]);
    expect(result.code, result.stderr).to.equal(0);
  });

  it("runs on version tags only, read-only unless a job asks for more", () => {
    expect(wf.on.push?.tags).to.deep.equal(["v[0-9]+.[0-9]+.[0-9]+*"]);
    expect(wf.on.push?.branches).to.equal(undefined);
    expect(wf.permissions).to.deep.equal({ contents: "read" });
  });

  it("builds with npm run release and tests the artifacts with npm run test:release before anything is published", () => {
    const build = wf.jobs.build;
    const script = runs(build);
    expect(script.indexOf("npm run release")).to.be.greaterThan(-1);
    expect(script.indexOf("npm run test:release")).to.be.greaterThan(script.indexOf("npm run release"));
    expect(script).to.include('"$GITHUB_REF_NAME" != "v$version"');
    expect(build.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with).to.include({
      path: "release/",
    });
    for (const name of ["github-release", "npm", "pypi"])
      expect(needs(wf.jobs[name]), name).to.deep.equal(["build"]);
    expect(needs(wf.jobs.go)).to.deep.equal(["github-release"]);
  });

  it("attaches the plugin tarballs, packages and SHA256SUMS to the GitHub release", () => {
    const job = wf.jobs["github-release"];
    expect(job.permissions).to.deep.equal({ contents: "write" });
    expect(runs(job)).to.match(
      /gh release create "\$GITHUB_REF_NAME"[^\n]*\\\n\s+release\/\*\.tar\.gz release\/\*\.tgz release\/\*\.whl release\/SHA256SUMS/,
    );
  });

  it("publishes the package and the Node.js SDK to npm with provenance, by trusted publishing (no token)", () => {
    const job = wf.jobs.npm;
    expect(job.permissions).to.include({ "id-token": "write" });
    expect(fs.readFileSync(FILE, "utf8")).to.not.match(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
    const script = runs(job);
    expect(script).to.include(
      'npm publish --provenance --access public "release/pulumi-datatrails-invites-$version.tgz"',
    );
    expect(script).to.include(
      'npm publish --provenance --access public "release/pulumi-datatrails-$version.tgz"',
    );
  });

  it("publishes the wheel and sdist to PyPI by trusted publishing (no password)", () => {
    const job = wf.jobs.pypi;
    expect(job.permissions).to.deep.equal({ "id-token": "write" });
    const publish = job.steps.find((s) => s.uses?.startsWith("pypa/gh-action-pypi-publish@"));
    expect(publish?.with).to.deep.equal({ "packages-dir": "dist/" });
  });

  it("tags the Go SDK module sdk/go/v<version>", () => {
    const script = runs(wf.jobs.go);
    expect(script).to.include('git tag "sdk/go/$GITHUB_REF_NAME" "$GITHUB_SHA"');
    expect(script).to.include('git push origin "sdk/go/$GITHUB_REF_NAME"');
  });
});
