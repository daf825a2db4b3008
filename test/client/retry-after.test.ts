import { expect } from "chai";
import { parseDelaySeconds, parseRetryAfter, serverRequestedDelay } from "../../provider/client";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

function headers(values: Record<string, string>): { get(name: string): string | null } {
  const lower = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => lower[name.toLowerCase()] ?? null };
}

describe("client: server wait headers", () => {
  const table: Array<{ name: string; h: Record<string, string>; expected: number | undefined }> = [
    { name: "Retry-After whole seconds", h: { "Retry-After": "5" }, expected: 5000 },
    { name: "Retry-After zero", h: { "Retry-After": "0" }, expected: 0 },
    { name: "Retry-After with spaces", h: { "Retry-After": " 3 " }, expected: 3000 },
    { name: "Retry-After fractional (lenient)", h: { "Retry-After": "1.5" }, expected: 1500 },
    {
      name: "Retry-After HTTP date 90 s ahead",
      h: { "Retry-After": "Wed, 01 Jan 2025 12:01:30 GMT" },
      expected: 90_000,
    },
    {
      name: "Retry-After HTTP date in the past",
      h: { "Retry-After": "Wed, 01 Jan 2025 11:00:00 GMT" },
      expected: 0,
    },
    { name: "Retry-After garbage", h: { "Retry-After": "soon" }, expected: undefined },
    { name: "Retry-After negative", h: { "Retry-After": "-5" }, expected: undefined },
    { name: "Retry-After empty", h: { "Retry-After": "" }, expected: undefined },
    { name: "Retry-After exponent is not a number here", h: { "Retry-After": "1e3" }, expected: undefined },
    { name: "Archivist-Rate-Limit-Reset float", h: { "Archivist-Rate-Limit-Reset": "0.25" }, expected: 250 },
    {
      name: "Archivist-Rate-Limit-Reset rounds up to whole ms",
      h: { "Archivist-Rate-Limit-Reset": "0.0001" },
      expected: 1,
    },
    { name: "Archivist-Rate-Limit-Reset integer", h: { "Archivist-Rate-Limit-Reset": "2" }, expected: 2000 },
    {
      name: "Archivist-Rate-Limit-Reset negative",
      h: { "Archivist-Rate-Limit-Reset": "-1.5" },
      expected: undefined,
    },
    {
      name: "Archivist-Rate-Limit-Reset garbage",
      h: { "Archivist-Rate-Limit-Reset": "NaN" },
      expected: undefined,
    },
    {
      name: "Archivist-Rate-Limit-Reset is never a date",
      h: { "Archivist-Rate-Limit-Reset": "Wed, 01 Jan 2025 12:01:30 GMT" },
      expected: undefined,
    },
    {
      name: "both present: the longer wins (reset longer)",
      h: { "Retry-After": "1", "Archivist-Rate-Limit-Reset": "2.5" },
      expected: 2500,
    },
    {
      name: "both present: the longer wins (Retry-After longer)",
      h: { "Retry-After": "4", "Archivist-Rate-Limit-Reset": "2.5" },
      expected: 4000,
    },
    {
      name: "both present, one garbage: the other counts",
      h: { "Retry-After": "later", "Archivist-Rate-Limit-Reset": "0.5" },
      expected: 500,
    },
    { name: "neither present", h: {}, expected: undefined },
  ];
  for (const row of table) {
    it(`parses ${row.name}`, () => {
      expect(serverRequestedDelay(headers(row.h), NOW)).to.equal(row.expected);
    });
  }

  it("keeps the single-header parsers consistent with the combined one", () => {
    expect(parseDelaySeconds("1.25")).to.equal(1250);
    expect(parseDelaySeconds(null)).to.equal(undefined);
    expect(parseRetryAfter("Wed, 01 Jan 2025 12:00:10 GMT", NOW)).to.equal(10_000);
  });
});
