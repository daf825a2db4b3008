// `npm run demo`: the whole product on the embedded default. Starts the emulator, runs `pulumi up`
// of the root project's program against it, shows that a second preview is clean, then lets one
// invitee accept and shows what refresh and the next `up` do. Leaves nothing running.
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { EmulatorControl } from "../emulator";
import { inviteesProgram } from "../examples/root/program";
import { createBackend, createStack, REPO_ROOT } from "./lib/pulumi";

const INVITEES = [
  { email: "alice@example.com", message: "Welcome to the audit tenancy" },
  { email: "bob@example.com", message: "Welcome to the audit tenancy" },
  { email: "carol@example.com" },
];

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
  step("Starting the DataTrails emulator (npx datatrails-emulator --port 0)");
  const { child, ready } = await startEmulatorProcess();
  const control = new EmulatorControl(ready.url);
  console.log(`  listening on ${ready.url}`);
  const backend = createBackend("demo");
  try {
    step("Creating a throwaway local backend and stack; datatrails:clientSecret is set as a secret");
    const stack = await createStack({
      backend,
      stackName: "demo",
      program: async () => inviteesProgram(),
      config: {
        "datatrails:url": { value: ready.url },
        "datatrails:clientId": { value: ready.clientId },
        "datatrails:clientSecret": { value: ready.clientSecret, secret: true },
        invitees: { value: JSON.stringify(INVITEES) },
      },
    });
    console.log(`  backend ${backend.env.PULUMI_BACKEND_URL}`);

    step("pulumi up");
    const up = await stack.up({ onOutput: (out) => process.stdout.write(out) });
    const identities = up.outputs.identities.value as Record<string, string>;
    step("Created");
    table(up.outputs.statuses.value as Record<string, string>, identities);

    step("pulumi preview --expect-no-changes");
    const preview = await stack.preview({ expectNoChanges: true });
    console.log(`  no changes: ${JSON.stringify(preview.changeSummary)}`);

    step("alice accepts her invite (POST /_emulator/invites/{uuid}:accept)");
    await control.accept(identities["alice@example.com"]);
    await control.clearRequests();

    step("pulumi refresh");
    await stack.refresh({ onOutput: (out) => process.stdout.write(out) });
    step("pulumi up (nothing to send: alice is a member now)");
    const again = await stack.up({ onOutput: (out) => process.stdout.write(out) });
    table(
      again.outputs.statuses.value as Record<string, string>,
      again.outputs.identities.value as Record<string, string>,
    );
    const posts = (await control.requests()).filter(
      (r) => r.method === "POST" && r.path.endsWith("/invites"),
    );
    console.log(`  invites sent by refresh + up: ${posts.length}`);
    if (posts.length !== 0) throw new Error("the demo expected no new invite after alice accepted");

    step("pulumi destroy (withdraws the pending invites; alice stays a member)");
    await stack.destroy({ onOutput: (out) => process.stdout.write(out) });
    const state = await control.state();
    console.log(
      `  members: ${state.members.map((m) => m.email).join(", ")}; pending invites: ${state.invites.length}`,
    );
  } finally {
    backend.remove();
    await stopProcess(child);
  }
  step("Done: the emulator is stopped and the throwaway backend removed");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
