// The Go SDK from its release module folder alone: examples/go's program in a fresh module outside
// the repository, requiring the SDK module (replaced by the release's folder, as a user of an
// unpublished release would) and github.com/pulumi/pulumi/sdk/v3 at the CLI's own version; `go build`
// compiles it, and the real CLI runs it through the Go language host of
// scripts/get-go-language-host.sh (sdk/v3 v3.62.0's, the newest the Go module proxy here serves),
// with the plugin from its tarball, against the emulator.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { goModulePath } from "../../tools/release";
import { REPO_ROOT } from "../../tools/repo-root";
import { builtRelease, upPreviewRefreshDestroy, useSandbox } from "../helpers/release";

/** The folder holding pulumi-language-go (built once, then cached). */
function goLanguageHost(): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "get-go-language-host.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop() ?? "";
}

describe("release: the Go SDK module in a fresh Go program", function () {
  this.timeout(15 * 60_000);
  const { sandbox, emu } = useSandbox("go", () => [goLanguageHost()]);
  const release = builtRelease();
  const modulePath = goModulePath(REPO_ROOT) ?? "";
  let dir = "";

  before(async function () {
    this.timeout(15 * 60_000); // module downloads and a cold build of sdk/v3
    const s = sandbox();
    await s.installPlugin();
    const cli = (await s.exec("pulumi", ["version"], s.dir)).trim().replace(/^v/, "");
    const sdk = path.join(s.dir, release.names.goModule);
    fs.cpSync(release.file(release.names.goModule), sdk, { recursive: true });
    dir = path.join(s.dir, "projects", "go");
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ["main.go", "Pulumi.yaml"]) {
      fs.copyFileSync(path.join(REPO_ROOT, "examples", "go", file), path.join(dir, file));
    }
    fs.writeFileSync(
      path.join(dir, "go.mod"),
      [
        "module example.com/datatrails-invites-go",
        "",
        "go 1.25",
        "",
        "require (",
        `\t${modulePath} v${release.info.version}`,
        `\tgithub.com/pulumi/pulumi/sdk/v3 v${cli}`,
        ")",
        "",
        `replace ${modulePath} => ${sdk}`,
        "",
      ].join("\n"),
    );
    await s.exec("go", ["mod", "tidy"], dir);
  });

  it("compiles against the module, with sdk/v3 at the CLI's version", async () => {
    const s = sandbox();
    await s.exec("go", ["build", "-o", path.join(s.dir, "program"), "."], dir);
    const listed = await s.exec("go", ["list", "-m", "-f", "{{.Path}} {{.Version}} {{.Dir}}", "all"], dir);
    const cli = (await s.exec("pulumi", ["version"], s.dir)).trim();
    expect(listed).to.include(`github.com/pulumi/pulumi/sdk/v3 ${cli} `);
    const sdkLine = listed.split("\n").find((l) => l.startsWith(`${modulePath} `)) ?? "";
    expect(sdkLine.endsWith(path.join(s.dir, release.names.goModule)), sdkLine).to.equal(true);
  });

  it("examples/go through the Go language host: up, preview --expect-no-changes, refresh, destroy", async () => {
    const s = sandbox();
    const project = await s.stack(dir);
    const outputs = await upPreviewRefreshDestroy(project, emu(), ["alice@example.com"]);
    expect(outputs.status).to.equal("pending");
    expect(outputs.invitesForAlice).to.deep.equal([outputs.identity]);
  });
});
