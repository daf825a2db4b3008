import * as fs from "fs";
import * as path from "path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { isRecord } from "../client";
import { fieldFailures, fieldList } from "../resource/fields";
import { INVITE, MEMBER, type MemberInputs, type OnRemove } from "../resource/kinds";
import { accessReason, checkPolicyTemplate, type LocatedPolicy } from "./policies";

/**
 * One person to invite, as a list file or a program declares them: the inputs of a `Member` (those
 * of an `Invite` without `members: true`).
 */
export interface InviteeSpec extends MemberInputs {
  /** The invitee's email address. */
  email: string;
  /** Text for the invitation email; falls back to `defaults.message`. */
  message?: string;
  /** Take over a pending invite that already exists for this email. @default false */
  adopt?: boolean;
  /** Re-send the invite when it expires unaccepted; falls back to `defaults.renewExpired`. @default true */
  renewExpired?: boolean;
  /**
   * Only with `members: true`: once joined, the person holds the `OWNER` role exactly when this is
   * true; falls back to `defaults.owner`. @default false
   */
  owner?: boolean;
  /**
   * Only with `members: true`: what removing the entry does to someone who joined (`"keep"` or
   * `"deactivate"`); falls back to `defaults.onRemove`. @default "keep"
   */
  onRemove?: OnRemove;
  /** The names of the `policies` this person holds (the component's or the file's). */
  access?: string[];
}

/**
 * How a list is read: as invites (the fields of an `Invite`) or as members (those of a `Member`).
 * @internal
 */
export interface ListKind {
  /** Entries declare `Member`s, and may set `owner` and `onRemove`. @default false */
  members?: boolean;
}

/**
 * An entry with where it came from, for error messages.
 * @internal
 */
export interface LocatedInvitee extends InviteeSpec {
  /** `file:line` (or `invitees[i]` for a list given in code). */
  where: string;
}

/** A list of invitees that cannot be used; `problems` has one line per bad entry. */
export class InviteeListError extends Error {
  /** Every problem found, each starting with its location. */
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source} has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    this.name = "InviteeListError";
    this.problems = problems;
  }
}

/** The fields an entry may set: a Member's with `members: true`, else an Invite's; and `access`. */
function fieldsOf(kind: ListKind): readonly string[] {
  return [...Object.keys(kind.members ? MEMBER.fields : INVITE.fields), "access"];
}

function unknownField(key: string, kind: ListKind): string {
  const hint =
    !kind.members && Object.hasOwn(MEMBER.fields, key) ? ` (${key} needs members: true on the Invitees)` : "";
  return `unknown field '${key}'; the fields are ${fieldList(fieldsOf(kind))}${hint}`;
}

/**
 * Checks one entry with the provider's field rules (a Member's when the list declares members, whose
 * rules for the invite's fields are the Invite's), adding only where it is (`file:line`).
 */
function checkEntry(
  value: unknown,
  where: string,
  problems: string[],
  kind: ListKind,
): LocatedInvitee | undefined {
  if (!isRecord(value)) {
    problems.push(`${where}: an entry must be a mapping such as {email: alice@example.com, message: ...}`);
    return undefined;
  }
  const before = problems.length;
  const fields = fieldsOf(kind);
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) problems.push(`${where}: ${unknownField(key, kind)}`);
  }
  for (const failure of fieldFailures(MEMBER.fields, value)) {
    // Without members: true, the Member's own fields were reported above as unknown fields.
    if (fields.includes(failure.property)) problems.push(`${where}: ${failure.reason}`);
  }
  const access = accessReason(value.access);
  if (access !== undefined) problems.push(`${where}: ${access}`);
  if (problems.length > before || typeof value.email !== "string") return undefined;
  // Every field given is valid now; null counts as absent.
  const given = fields.filter((f) => value[f] !== undefined && value[f] !== null);
  return {
    ...(Object.fromEntries(given.map((f) => [f, value[f]])) as Partial<InviteeSpec>),
    email: value.email.trim(),
    where,
  };
}

/**
 * Adds a problem for every entry whose email (ignoring case) an earlier entry already has.
 * @internal
 */
export function rejectDuplicates(entries: readonly LocatedInvitee[], problems: string[]): void {
  const seen = new Map<string, LocatedInvitee>();
  for (const entry of entries) {
    const key = entry.email.toLowerCase();
    const first = seen.get(key);
    if (first) {
      problems.push(
        `${entry.where}: ${entry.email} is already listed at ${first.where} (emails are compared ignoring case): keep one`,
      );
    } else {
      seen.set(key, entry);
    }
  }
}

/**
 * Validates invitees given in code. Every problem is reported at once.
 * @throws InviteeListError
 * @internal
 */
export function checkInvitees(
  list: readonly unknown[],
  source = "invitees",
  kind: ListKind = {},
): LocatedInvitee[] {
  const problems: string[] = [];
  const entries = list
    .map((value, i) => checkEntry(value, `${source}[${i}]`, problems, kind))
    .filter((e): e is LocatedInvitee => e !== undefined);
  rejectDuplicates(entries, problems);
  if (problems.length > 0) throw new InviteeListError(source, problems);
  return entries;
}

/**
 * What an invitee file holds: its entries, and the named policies they may hold.
 * @internal
 */
export interface InviteeDocument {
  /** The entries, checked. */
  entries: LocatedInvitee[];
  /** The named policies, checked (none for a plain list). */
  policies: LocatedPolicy[];
}

/**
 * Parses a YAML or JSON list of invitees (`- email: ...`), or a mapping `{policies: {...}, invitees:
 * [...]}`, reporting each problem with its file and line, duplicates with the lines of both entries.
 * @throws InviteeListError
 * @internal
 */
export function parseInviteeDocument(text: string, file: string, kind: ListKind = {}): InviteeDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined): string =>
    `${file}:${node?.range ? lineCounter.linePos(node.range[0]).line : 1}`;
  if (doc.errors.length > 0) {
    throw new InviteeListError(
      file,
      doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split("\n")[0]}`),
    );
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) {
    return { entries: [], policies: [] };
  }
  const problems: string[] = [];
  const policies: LocatedPolicy[] = [];
  let list: Node | null = root;
  const keys = isMap(root) ? root.items.map((pair) => (isScalar(pair.key) ? pair.key.value : undefined)) : [];
  if (isMap(root) && (keys.includes("policies") || keys.includes("invitees"))) {
    list = null;
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const value = pair.value as Node | null;
      if (key === "invitees") list = value;
      else if (key === "policies" && isMap(value)) {
        for (const named of value.items) {
          const name = isScalar(named.key) ? String(named.key.value) : "";
          const node = named.value as Node | null;
          const located = checkPolicyTemplate(name, node?.toJSON(), at(named.key as Node), problems);
          if (located) policies.push(located);
        }
      } else if (key === "policies") {
        problems.push(`${at(value ?? pair.key)}: policies must be a mapping of names to policies`);
      } else {
        problems.push(`${at(pair.key)}: unknown key '${key}'; the file holds policies and invitees`);
      }
    }
  }
  const entries: LocatedInvitee[] = [];
  if (list !== null && !(isScalar(list) && list.value === null)) {
    if (!isSeq(list)) {
      throw new InviteeListError(file, [
        `${at(list)}: the file must hold a list (- email: alice@example.com), or {policies: ..., invitees: [...]}`,
      ]);
    }
    for (const item of list.items) {
      const node = item as Node;
      const value: unknown = isMap(node) || isScalar(node) || isSeq(node) ? node.toJSON() : item;
      const entry = checkEntry(value, at(node), problems, kind);
      if (entry) entries.push(entry);
    }
  }
  rejectDuplicates(entries, problems);
  if (problems.length > 0) throw new InviteeListError(file, problems);
  return { entries, policies };
}

/**
 * The entries of an invitee file ({@link parseInviteeDocument}).
 * @throws InviteeListError
 * @internal
 */
export function parseInviteeList(text: string, file: string, kind: ListKind = {}): LocatedInvitee[] {
  return parseInviteeDocument(text, file, kind).entries;
}

/**
 * The folder a relative invitee file is resolved against: the Pulumi project's folder (the nearest
 * one at or above `cwd` holding `Pulumi.yaml`), else `cwd`.
 * @internal
 */
export function projectFolder(cwd: string = process.cwd()): string {
  // Pulumi runs a program whose `main` is a file (e.g. `dist/index.js`) in that file's folder, so the
  // working directory is not where a user keeps invitees.yaml: the project folder is.
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml")))
      return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * Reads and parses an invitee file (YAML or JSON): its entries and named policies. A relative path is
 * resolved against the project folder ({@link projectFolder}).
 * @throws InviteeListError when it cannot be read or is not a valid list.
 * @internal
 */
export function readInviteeDocument(
  file: string,
  cwd: string = process.cwd(),
  kind: ListKind = {},
): InviteeDocument {
  const full = path.resolve(projectFolder(cwd), file);
  let text: string;
  try {
    text = fs.readFileSync(full, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InviteeListError(file, [
      `${file}: cannot be read (${code}): check the path (resolved to ${full})`,
    ]);
  }
  return parseInviteeDocument(text, file, kind);
}

/**
 * The entries of an invitee file ({@link readInviteeDocument}).
 * @throws InviteeListError when it cannot be read or is not a valid list.
 * @internal
 */
export function readInviteeFile(
  file: string,
  cwd: string = process.cwd(),
  kind: ListKind = {},
): LocatedInvitee[] {
  return readInviteeDocument(file, cwd, kind).entries;
}
