// `npm run demo`: the whole product on the embedded default. Starts the emulator, then runs the
// repository's root project (Pulumi.yaml here, reading invitees.yaml) with the real `pulumi` CLI in
// this folder, printing every command first so it can be repeated by hand: `up`, a clean
// `preview --expect-no-changes`, one invitee accepting, `refresh` and `up` (nothing sent), `destroy`.
// Leaves nothing running and removes the throwaway backend and the stack's config file.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { EmulatorControl } from "../emulator";
import { createBackend, ensurePulumiCli } from "../tools/pulumi";
import { PulumiProject } from "../tools/project";
import { REPO_ROOT } from "../tools/repo-root";

const STACK = "demo";

interface EmulatorReady {
  url: string;
  clientId: string;
  clientSecret: string;
}

function step(title: string): void {
  console.log(`\n=== ${title}`);
}

async function startEmulatorProcess(): Promise<{ child: ChildProcess; ready: EmulatorReady }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "emulator", "cli.js"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const ready = await new Promise<EmulatorReady>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator exited early (code ${code})`)));
    lines.once("line", (line) => resolve(JSON.parse(line) as EmulatorReady));
  });
  return { child, ready };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function table(statuses: Record<string, string>, identities: Record<string, string>): void {
  for (const [email, status] of Object.entries(statuses)) {
    console.log(`  ${email.padEnd(22)} ${status.padEnd(9)} ${identities[email] ?? ""}`);
  }
}

async function main(): Promise<void> {
  const stackFile = path.join(REPO_ROOT, `Pulumi.${STACK}.yaml`);
  if (fs.existsSync(stackFile)) {
    throw new Error(`${stackFile} exists (a stack of yours?): move it away, then run the demo again`);
  }
  const cliDir = ensurePulumiCli();
  step("Starting the DataTrails emulator (npm run emulator -- --port 0)");
  const { child, ready } = await startEmulatorProcess();
  const control = new EmulatorControl(ready.url);
  console.log(`  listening on ${ready.url}`);
  const backend = createBackend("demo");
  const project = new PulumiProject({
    dir: REPO_ROOT,
    backend,
    stack: STACK,
    echo: (command) => console.log(`\n$ ${command}`),
    onOutput: (result) => process.stdout.write(result.stdout),
  });
  try {
    step("A throwaway local backend; to repeat a command by hand, export these first");
    for (const key of ["PULUMI_BACKEND_URL", "PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE"] as const) {
      console.log(`  export ${key}=${backend.env[key]}`);
    }
    console.log(`  export PATH=${cliDir}:$PATH PULUMI_SKIP_UPDATE_CHECK=true`);

    step("The stack, configured for the emulator (the secret is typed on stdin, never on the command line)");
    await project.init();
    await project.setConfig("datatrails:url", ready.url);
    await project.setConfig("datatrails:clientId", ready.clientId);
    await project.setConfig("datatrails:clientSecret", ready.clientSecret, true);

    step("Invite everyone in invitees.yaml");
    await project.up();
    const created = await project.outputs();
    const identities = created.identities as Record<string, string>;
    table(created.statuses as Record<string, string>, identities);

    step("A second look plans nothing");
    await project.preview(true);

    step("alice accepts her invite (POST /_emulator/invites/{uuid}:accept)");
    await control.accept(identities["alice@example.com"]);
    await control.clearRequests();

    step("refresh sees the acceptance; up has nothing to send");
    await project.refresh();
    await project.up();
    const after = await project.outputs();
    table(after.statuses as Record<string, string>, after.identities as Record<string, string>);
    const posts = (await control.requests()).filter(
      (r) => r.method === "POST" && r.path.endsWith("/invites"),
    );
    console.log(`  invites sent by refresh + up: ${posts.length}`);
    if (posts.length !== 0) throw new Error("the demo expected no new invite after alice accepted");

    step("destroy withdraws the pending invites; alice stays a member");
    await project.destroy();
    await project.removeStack();
    const state = await control.state();
    console.log(
      `  members: ${state.members.map((m) => m.email).join(", ")}; pending invites: ${state.invites.length}`,
    );
  } finally {
    fs.rmSync(stackFile, { force: true });
    backend.remove();
    await stopProcess(child);
  }
  step("Done: the emulator is stopped and the throwaway backend removed");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
