/**
 * Query parameters as the published OpenAPI files type them, checked the way a gRPC gateway parses
 * them: a value that does not parse as its type (an int32 beyond range or empty, an enum value not
 * listed or empty, an empty field mask) and a single-valued parameter given twice are refused with 400
 * naming the parameter. Parameters a route does not declare are ignored.
 */
import { EmulatorError } from "./http";

/** The type of one query parameter. */
export type QueryParam =
  | { type: "int32" }
  | { type: "string" }
  | { type: "enum"; values: readonly string[] }
  // A google.protobuf.FieldMask: comma-separated field paths, at least one.
  | { type: "mask" };

/** The query parameters a route declares, by name. */
export type QuerySpec = Readonly<Record<string, QueryParam>>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The `service` values of the caps route (`v1Caps` request enum). */
export const CAP_SERVICE_NAMES: readonly string[] = [
  "access_policies",
  "applications",
  "assets",
  "blobs",
  "invites",
  "locations",
  "members",
  "tenancies/users",
];

/** `page_size` and `page_token`, which every list declares. */
export const PAGING_QUERY: QuerySpec = Object.freeze({
  page_size: { type: "int32" },
  page_token: { type: "string" },
});

/**
 * What is wrong with one value of a parameter, if anything.
 * @returns a reason that names the parameter, or undefined when the value parses
 */
export function queryValueProblem(name: string, param: QueryParam, value: string): string | undefined {
  switch (param.type) {
    case "int32": {
      if (!/^[+-]?\d+$/.test(value)) return `${name} must be an integer, got ${JSON.stringify(value)}`;
      const n = Number(value);
      if (n < INT32_MIN || n > INT32_MAX) {
        return `${name} must be a 32-bit integer (${INT32_MIN} to ${INT32_MAX}), got ${value}`;
      }
      return undefined;
    }
    case "enum":
      return param.values.includes(value)
        ? undefined
        : `${name} must be one of ${param.values.join(", ")}, got ${JSON.stringify(value)}`;
    case "mask":
      return value.split(",").every((path) => path.trim() !== "")
        ? undefined
        : `${name} must name at least one field, comma-separated (e.g. ${name}=display_name), got ${JSON.stringify(value)}`;
    case "string":
      return undefined;
  }
}

/**
 * Checks a request's query against a route's declared parameters.
 * @throws EmulatorError 400 naming the first parameter given twice or that does not parse
 */
export function checkQuery(spec: QuerySpec, query: URLSearchParams): void {
  for (const [name, param] of Object.entries(spec)) {
    const values = query.getAll(name);
    if (values.length > 1) {
      throw new EmulatorError(400, `${name} may be given once, got ${values.length} values`);
    }
    const problem = values.length === 1 ? queryValueProblem(name, param, values[0] ?? "") : undefined;
    if (problem !== undefined) throw new EmulatorError(400, problem);
  }
}
