// The release's checksum file: one `<sha256>  <path>` line per file (the format `sha256sum -c`
// reads), paths relative to release/, sorted, every file of the Go module folder listed on its own.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The sha256 of a file, in hex. */
export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Every file under `dir` (recursively), as paths relative to `dir` with `/` separators, sorted. */
export function filesUnder(dir: string, relative = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** The checksum file's text for `sums` (path → sha256), sorted by path. */
export function formatChecksums(sums: Record<string, string>): string {
  return Object.keys(sums)
    .sort()
    .map((file) => `${sums[file]}  ${file}\n`)
    .join("");
}

/**
 * Parses a checksum file's text into path → sha256.
 *
 * @throws Error naming the first line that is not `<64 hex digits>  <path>`.
 */
export function parseChecksums(text: string): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const match = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
    if (!match) throw new Error(`not a checksum line: ${JSON.stringify(line)}`);
    sums[match[2]] = match[1];
  }
  return sums;
}

/** The sha256 of every file in `entries` (paths relative to `dir`; folders expanded). */
export function checksumsOf(dir: string, entries: string[]): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const entry of entries) {
    const full = path.join(dir, entry);
    const files = fs.statSync(full).isDirectory() ? filesUnder(full).map((f) => `${entry}/${f}`) : [entry];
    for (const file of files) sums[file] = sha256File(path.join(dir, file));
  }
  return sums;
}
