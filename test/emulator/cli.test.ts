import { expect } from "chai";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, UsageError } from "../../emulator/cli";
import { REPO_ROOT } from "../../tools/repo-root";
import { rawRequest } from "./helpers";

// The compiled CLI, the way `npx datatrails-emulator` runs it.
const CLI = join(REPO_ROOT, "dist", "emulator", "cli.js");

interface Spawned {
  child: ChildProcessWithoutNullStreams;
  firstLine: Promise<string>;
  stdout: () => string;
  exit: Promise<number | null>;
}

function spawnCli(args: string[], command: string[] = [process.execPath, CLI]): Spawned {
  const child = spawn(command[0], [...command.slice(1), ...args], {
    cwd: REPO_ROOT,
    detached: true,
  });
  let out = "";
  let err = "";
  const firstLine = new Promise<string>((resolveLine, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const newline = out.indexOf("\n");
      if (newline >= 0) resolveLine(out.slice(0, newline));
    });
    child.on("exit", () => reject(new Error(`exited before printing a line: ${err}`)));
  });
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exit = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
  firstLine.catch(() => undefined);
  return { child, firstLine, stdout: () => out, exit };
}

describe("emulator CLI", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "datatrails-emulator-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints exactly one JSON line when ready, serves the API, and exits 0 on ${signal}`, async () => {
      const run = spawnCli([
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--seed",
        "7",
        "--state",
        join(dir, `${signal}.json`),
      ]);
      const ready = JSON.parse(await run.firstLine) as Record<string, string>;
      expect(Object.keys(ready)).to.deep.equal(["url", "clientId", "clientSecret", "token", "tenancy"]);
      expect(ready.tenancy).to.match(/^tenant\/[0-9a-f-]{36}$/);
      expect(ready.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await rawRequest(ready.url as string, "GET", "/archivist/iam/v1/invites", undefined, {
        authorization: `Bearer ${ready.token}`,
      });
      expect(res.status).to.equal(200);
      run.child.kill(signal);
      expect(await run.exit).to.equal(0);
      expect(
        run
          .stdout()
          .split("\n")
          .filter((l) => l !== ""),
      ).to.have.length(1);
    });
  }

  it("starts with the README's command, npm run --silent emulator -- --port 0", async () => {
    const run = spawnCli(["--port", "0"], ["npm", "run", "--silent", "emulator", "--"]);
    try {
      const ready = JSON.parse(await run.firstLine) as Record<string, string>;
      expect(Object.keys(ready).sort()).to.deep.equal([
        "clientId",
        "clientSecret",
        "tenancy",
        "token",
        "url",
      ]);
      const res = await rawRequest(ready.url, "GET", "/archivist/iam/v1/invites", undefined, {
        authorization: `Bearer ${ready.token}`,
      });
      expect(res.status).to.equal(200);
    } finally {
      // npm runs the emulator in a shell of its own: stop the whole process group.
      if (run.child.pid !== undefined) process.kill(-run.child.pid, "SIGTERM");
      await run.exit;
    }
  });

  it("exits 2 with a usage message on an unknown argument", async () => {
    const run = spawnCli(["--bogus"]);
    expect(await run.exit).to.equal(2);
    expect(run.stdout()).to.equal("");
  });

  it("parses flags in both --flag value and --flag=value forms", () => {
    expect(
      parseArgs([
        "--port=8080",
        "--host",
        "::1",
        "--state",
        "s.json",
        "--seed=3",
        "--switches",
        '{"deleteMissing":200}',
        "--tenancy=tenant/08838336-c357-460d-902a-3aba9528dd22",
        "--tenancy-name",
        "Staging",
      ]),
    ).to.deep.equal({
      port: 8080,
      host: "::1",
      statePath: "s.json",
      seed: 3,
      switches: { deleteMissing: 200 },
      tenancy: "tenant/08838336-c357-460d-902a-3aba9528dd22",
      tenancyName: "Staging",
    });
    expect(parseArgs(["--help"])).to.equal(undefined);
    expect(() => parseArgs(["--port", "x"])).to.throw(UsageError, /--port/);
    expect(() => parseArgs(["--seed"])).to.throw(UsageError, /needs a value/);
    expect(() => parseArgs(["--switches", "{"])).to.throw(UsageError, /JSON/);
  });
});
