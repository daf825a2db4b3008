/**
 * The filter grammar of access policies, as pure functions: a policy's `filters` select assets and a
 * permission's `user_attributes` select people, both as a list of `{or: [terms]}` (the outer list AND,
 * each inner list OR). A term is `<key>=<value>` or `<key>!=<value>`; `*` in a value matches any run
 * of characters, so `<key>=*` means "has the key" and `<key>!=*` "lacks it".
 */

/** One clause of a filter: any of its terms may match. */
export interface FilterClause {
  /** Terms, any of which may match. */
  or: string[];
}

/** The facts a term is matched against: asset attributes as `attributes.<name>`, or a person's `email`/`subject`. */
export type FilterRecord = Readonly<Record<string, string>>;

/** How terms compare values. */
export interface MatchOptions {
  /** Keys whose values compare case-insensitively (e.g. `email`). @default none */
  caseInsensitiveKeys?: ReadonlySet<string>;
}

/** A parsed term. */
export interface FilterTerm {
  /** The key, e.g. `attributes.arc_display_type` or `email`. */
  key: string;
  /** Whether the term is `!=`. */
  negate: boolean;
  /** The value, where `*` matches any run of characters. */
  pattern: string;
}

/**
 * Parses a term.
 * @returns undefined when it is not `<key>=<value>` or `<key>!=<value>` with a non-empty key (such a
 *   term matches nothing)
 */
export function parseTerm(term: string): FilterTerm | undefined {
  const eq = term.indexOf("=");
  if (eq <= 0) return undefined;
  const negate = term[eq - 1] === "!";
  const key = term.slice(0, negate ? eq - 1 : eq).trim();
  if (key === "") return undefined;
  return { key, negate, pattern: term.slice(eq + 1) };
}

function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`, ignoreCase ? "isu" : "su").test(value);
}

/** Whether one term holds for a record. */
export function termMatches(term: string, record: FilterRecord, options: MatchOptions = {}): boolean {
  const parsed = parseTerm(term);
  if (!parsed) return false;
  const value = Object.hasOwn(record, parsed.key) ? record[parsed.key] : undefined;
  const ignoreCase = options.caseInsensitiveKeys?.has(parsed.key) ?? false;
  const equal = value !== undefined && globMatches(parsed.pattern, value, ignoreCase);
  return parsed.negate ? !equal : equal;
}

/**
 * Whether a list of clauses holds for a record: every clause has a term that matches. An empty list
 * holds (callers decide what an absent filter means); a clause without terms never does.
 */
export function clausesMatch(
  clauses: readonly FilterClause[],
  record: FilterRecord,
  options: MatchOptions = {},
): boolean {
  return clauses.every((clause) => clause.or.some((term) => termMatches(term, record, options)));
}

/** An asset's attributes as the record its filters are matched against (`attributes.<name>`). */
export function assetRecord(attributes: Readonly<Record<string, string>>): FilterRecord {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`attributes.${name}`, value]));
}
