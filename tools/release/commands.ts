// Runs the external tools a release is built with (npm, tar, python, bash), their output shown.
import { spawnSync } from "child_process";

/** Options of {@link runCommand}. */
export interface CommandOptions {
  cwd: string;
  /** Extra environment, over this process's. */
  env?: Record<string, string>;
  /** Return stdout instead of showing it. */
  capture?: boolean;
}

/**
 * Runs `command args` to completion; its stderr (and stdout, unless captured) goes to this
 * process's stderr.
 *
 * @returns stdout when `capture` is set, else "".
 * @throws Error naming the command line, the folder and the exit status when it fails.
 */
export function runCommand(command: string, args: string[], opts: CommandOptions): string {
  const result = spawnSync(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    stdio: ["ignore", opts.capture ? "pipe" : process.stderr, process.stderr],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} ${args.join(" ")} (in ${opts.cwd}): ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${opts.cwd}) exited with ${result.status ?? result.signal ?? "?"}`,
    );
  }
  return opts.capture ? result.stdout : "";
}
