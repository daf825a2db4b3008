/**
 * Node's warnings, for the tests that no warning comes from this package: a script that loads the
 * package and sends requests, the supported Node lines, and a parser of what `--trace-warnings` prints.
 */

/**
 * Loads the package by name (the root, and both serialized-provider entry points), then
 * lists invites through its default fetch (node-fetch 3, an ES module loaded with require()), and
 * prints how many it saw. Needs EMU_URL and EMU_TOKEN.
 */
export const LOAD_AND_LIST = `"use strict";
const { DataTrailsClient } = require("pulumi-datatrails-invites");
require("pulumi-datatrails-invites/dynamic-provider");
require("pulumi-datatrails-invites/dynamic-provider/member");
(async () => {
  const client = new DataTrailsClient({ url: process.env.EMU_URL, token: process.env.EMU_TOKEN });
  let n = 0;
  for await (const invite of client.listInvites()) n += invite ? 1 : 0;
  client.close();
  process.stdout.write(String(n));
})().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\\n");
  process.exit(1);
});
`;

/** The Node lines the package supports, as scripts/get-node.sh names them. */
export const NODE_LINES = ["22", "24", "26"] as const;

/** A warning Node printed, with where (`--trace-warnings`) it was emitted from. */
export interface NodeWarning {
  /** `DeprecationWarning: ...`, with the deprecation code when there is one. */
  text: string;
  /** The first stack frame outside Node itself, e.g. `/.../node_modules/x/index.js:3:7`. */
  origin: string | undefined;
}

/** Every warning in `output` (as printed with `--trace-warnings`: a header, then `at` lines). */
export function nodeWarnings(output: string): NodeWarning[] {
  const lines = output.split("\n");
  const found: NodeWarning[] = [];
  lines.forEach((line, i) => {
    const header = /\(node:\d+\) ((?:\[\w+\] )?\w*Warning: .*)$/.exec(line);
    if (!header) return;
    let origin: string | undefined;
    for (let j = i + 1; j < lines.length && /^\s*at /.test(lines[j]); j++) {
      const where = /\(([^()]+)\)\s*$/.exec(lines[j])?.[1] ?? lines[j].replace(/^\s*at /, "").trim();
      if (!where.startsWith("node:")) {
        origin = where;
        break;
      }
    }
    found.push({ text: header[1].trim(), origin });
  });
  return found;
}
