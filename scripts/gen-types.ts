// Writes the public types generated from the kinds' tables: `npm run gen:types`.
// - provider/resource/args.ts: `InviteArgs`, `MemberArgs` and `AccessPolicyArgs`. Each member's type is
//   the table's own (`<Kind>FieldArgs`), and its JSDoc is the field's `docs` (the same words schema.json
//   and the SDKs give) with its default, so an editor's hover shows the table's words and no second
//   copy of them is written by hand (typed `Required<...>[name]`, the member's own type without the
//   `undefined` of an optional one, so a consumer with exactOptionalPropertyTypes sees the same member
//   as the base declares).
// - provider/resource/output-fields.ts: `<Kind>OutputFields`, the outputs a program sees of each kind,
//   each member typed from its output's spec (a union for `values`, `| null` when nullable, the
//   client's element type for `items`) and documented with its `docs`.
// With `--check`, writes nothing and exits 1 when a checked-in file differs (the tests do the same).
import * as path from "path";
import { ALL_KINDS, type FieldSpec, type KindSpec, type OutputSpec } from "../provider/resource/kinds";
import { writeOrCheck } from "../tools/generated-file";
import { REPO_ROOT } from "../tools/repo-root";

/** Where the generated Args live. */
export const ARGS_FILE = path.join(REPO_ROOT, "provider", "resource", "args.ts");

/** Where the generated output types live. */
export const OUTPUT_FIELDS_FILE = path.join(REPO_ROOT, "provider", "resource", "output-fields.ts");

// Comment lines stay within prettier's width (which never reflows comments): indent, " * ", text.
const WIDTH = 110 - "   * ".length;

/** `text` in words wrapped to lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return line === "" ? lines : [...lines, line];
}

/** A JSDoc block of `lines` at `indent`: one line when it fits, else one line per line. */
function jsdoc(lines: readonly string[], indent: string): string {
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/"));
  if (safe.length === 1 && indent.length + safe[0].length + 7 <= 110) return `${indent}/** ${safe[0]} */`;
  return [`${indent}/**`, ...safe.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** The `@default` tag of a field with a default. */
function defaultTag(spec: FieldSpec): string[] {
  return "default" in spec ? [`@default ${JSON.stringify(spec.default)}`] : [];
}

/** "a" or "an", as the kind's name starts. */
function article(kind: KindSpec): string {
  return /^[AEIOU]/.test(kind.name) ? "an" : "a";
}

function argsInterface(kind: KindSpec): string {
  const base = `${kind.name}FieldArgs`;
  const members = Object.entries(kind.fields).map(([name, spec]) => {
    const optional = "required" in spec && spec.required !== undefined ? "" : "?";
    const docs = jsdoc([...wrap(spec.docs, WIDTH), ...defaultTag(spec)], "  ");
    return `${docs}\n  ${name}${optional}: Required<${base}>[${JSON.stringify(name)}];`;
  });
  return [
    `/** The arguments of ${article(kind)} {@link ${kind.name}}. */`,
    `export interface ${kind.name}Args extends ${base} {`,
    members.join("\n"),
    "}",
  ].join("\n");
}

/** args.ts's exact text for the current tables. */
export function argsText(): string {
  const bases = ALL_KINDS.map((kind) => `${kind.name}FieldArgs`).sort();
  return [
    "// Generated from the kinds' tables (provider/resource/kinds/) by `npm run gen:types`: do not edit. Each",
    "// member's type is its table's, its docs the field's `docs` with the default.",
    `import type { ${bases.join(", ")} } from "./kinds";`,
    ...ALL_KINDS.map((kind) => `\n${argsInterface(kind)}`),
    "",
  ].join("\n");
}

/** An output's TypeScript type, from its spec. */
export function outputType(out: OutputSpec): string {
  const base =
    out.type === "boolean"
      ? "boolean"
      : out.type === "array"
        ? `${out.items?.typeName ?? "string"}[]`
        : out.values !== undefined
          ? out.values.map((v) => JSON.stringify(v)).join(" | ")
          : "string";
  return out.nullable === true ? `${base} | null` : base;
}

function outputsInterface(kind: KindSpec): string {
  const members = Object.entries(kind.outputs).map(
    ([name, out]) => `${jsdoc(wrap(out.docs, WIDTH), "  ")}\n  ${name}: ${outputType(out)};`,
  );
  return [
    `/** The outputs of ${article(kind)} {@link ${kind.name}} as its table declares them. */`,
    `export interface ${kind.name}OutputFields {`,
    members.join("\n"),
    "}",
  ].join("\n");
}

/** output-fields.ts's exact text for the current tables. */
export function outputFieldsText(): string {
  const clientTypes = [
    ...new Set(
      ALL_KINDS.flatMap((kind) =>
        Object.values(kind.outputs as Readonly<Record<string, OutputSpec>>).flatMap((out) =>
          out.items ? [out.items.typeName] : [],
        ),
      ),
    ),
  ].sort();
  return [
    "// Generated from the kinds' tables (provider/resource/kinds/) by `npm run gen:types`: do not edit. Each",
    "// member's type and docs are its output's in the table.",
    ...(clientTypes.length > 0 ? [`import type { ${clientTypes.join(", ")} } from "../client";`] : []),
    ...ALL_KINDS.map((kind) => `\n${outputsInterface(kind)}`),
    "",
  ].join("\n");
}

if (require.main === module) {
  writeOrCheck(ARGS_FILE, argsText(), "npm run gen:types");
  writeOrCheck(OUTPUT_FIELDS_FILE, outputFieldsText(), "npm run gen:types");
}
