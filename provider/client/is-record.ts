/**
 * The one test for "a JSON object": used by option checks, response parsing and input validation.
 */

/**
 * Whether `value` is a plain object (not `null`, not an array).
 * @internal
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
