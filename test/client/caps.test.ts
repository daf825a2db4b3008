import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import {
  DataTrailsClient,
  DataTrailsConfigError,
  DataTrailsHTTPError,
  DataTrailsResponseError,
  parseCapCount,
  type Cap,
} from "../../provider/client";
import type { TransportResponse } from "../../provider/client/transport";
import { toCaps } from "../../provider/client/wire";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { emulatorClient, okResponse } from "./helpers";

const CAPS = "/archivist/v1/caps";

const response = (body: unknown): TransportResponse => okResponse(body, "req-7");

const ctx = { method: "GET", path: CAPS };

describe("cap counts (parseCapCount)", () => {
  const rows: Array<[unknown, number | undefined]> = [
    ["10", 10],
    ["0", 0],
    ["-0", 0],
    ["-3", -3],
    ["007", 7],
    ["9007199254740991", 9007199254740991],
    [42, 42],
    [0, 0],
    [undefined, 0],
    [null, 0],
    ["9007199254740993", undefined],
    ["1.5", undefined],
    ["1e3", undefined],
    [" 1", undefined],
    ["+1", undefined],
    ["", undefined],
    ["ten", undefined],
    [1.5, undefined],
    [Number.NaN, undefined],
    [Infinity, undefined],
    [true, undefined],
    [[1], undefined],
    [{ value: 1 }, undefined],
  ];
  for (const [value, expected] of rows) {
    it(`reads ${typeof value === "string" ? JSON.stringify(value) : String(value)} as ${String(expected)}`, () => {
      expect(parseCapCount(value)).to.equal(expected);
    });
  }
});

describe("caps answers (toCaps)", () => {
  const cap = { resource_type: "Invites", resource_remaining: "7", resource_cap: "10" };
  const good: Array<[string, unknown, Cap[]]> = [
    ["counts as strings", { caps: [cap] }, [{ resourceType: "Invites", remaining: 7, cap: 10 }]],
    [
      "counts as numbers",
      { caps: [{ ...cap, resource_remaining: 7, resource_cap: 10 }] },
      [{ resourceType: "Invites", remaining: 7, cap: 10 }],
    ],
    [
      "a zero count left out, as protobuf JSON does",
      { caps: [{ resource_type: "Members", resource_cap: "5" }] },
      [{ resourceType: "Members", remaining: 0, cap: 5 }],
    ],
    ["an empty list", { caps: [] }, []],
    ["an empty list left out, as protobuf JSON does", {}, []],
    [
      "several caps, unknown fields ignored",
      { caps: [cap, { ...cap, resource_type: "Other", note: "x" }] },
      [
        { resourceType: "Invites", remaining: 7, cap: 10 },
        { resourceType: "Other", remaining: 7, cap: 10 },
      ],
    ],
  ];
  for (const [what, body, expected] of good) {
    it(`maps ${what}`, () => {
      expect(toCaps(ctx, response(body))).to.deep.equal(expected);
    });
  }

  const bad: Array<[string, unknown, RegExp]> = [
    ["a body with other fields and no caps", { total: "3" }, /no "caps" list/],
    ["caps that are not an array", { caps: cap }, /"caps" is not an array/],
    ["a cap that is not an object", { caps: ["Invites"] }, /caps\[0\] is not a JSON object/],
    ["a cap without a resource type", { caps: [{ resource_cap: "1" }] }, /caps\[0\] has no resource_type/],
    [
      "a count that is not an integer",
      { caps: [{ ...cap, resource_remaining: "1.5" }] },
      /caps\[0\]\.resource_remaining is "1\.5", not an integer/,
    ],
    ["a count that is a boolean", { caps: [{ ...cap, resource_cap: true }] }, /resource_cap is true/],
    ["a body that is not JSON", "<html>", /HTML page/],
    ["an array body", [cap], /expected a JSON object/],
  ];
  for (const [what, body, message] of bad) {
    it(`refuses ${what} with a DataTrailsResponseError naming the call`, () => {
      let caught: unknown;
      try {
        toCaps(ctx, response(body));
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(DataTrailsResponseError);
      const err = caught as DataTrailsResponseError;
      expect(err.message).to.match(message);
      expect(err.message).to.include(`GET ${CAPS} returned an unusable response`);
      expect(err.requestId).to.equal("req-7");
    });
  }
});

describe("client caps against the emulator", () => {
  let emu: RunningEmulator;

  useEmulator({ port: 0, seed: 22 }, (started) => (emu = started));

  const client = (): DataTrailsClient => emulatorClient(emu);

  it("reads no caps while the emulator's caps are unlimited", async () => {
    const c = client();
    expect(await c.getCaps("invites")).to.deep.equal([]);
    expect(await c.getCaps("members")).to.deep.equal([]);
  });

  it("parses the invite cap's string counts into numbers, sending service=invites", async () => {
    emu.setSwitches({ inviteQuota: 3 });
    emu.createInvite({ email: "a@example.com" });
    expect(await client().getCaps("invites")).to.deep.equal([
      { resourceType: "Invites", remaining: 2, cap: 3 },
    ]);
    const logged = emu.requests().filter((r) => r.path === CAPS);
    expect(logged).to.deep.equal([{ method: "GET", path: CAPS, status: 200, query: { service: "invites" } }]);
  });

  it("parses the member cap, counting active members", async () => {
    emu.setSwitches({ memberQuota: 2 });
    emu.addMember({ email: "on@example.com" });
    expect(await client().getCaps("members")).to.deep.equal([
      { resourceType: "Members", remaining: 1, cap: 2 },
    ]);
  });

  it("retries a caps read after a 503", async () => {
    emu.setSwitches({ inviteQuota: 1 });
    emu.addFaults({ route: "GET /caps", sequence: [{ type: "status", status: 503 }] });
    expect(await client().getCaps("invites")).to.have.length(1);
    expect(
      emu
        .requests()
        .filter((r) => r.path === CAPS)
        .map((r) => r.status),
    ).to.deep.equal([503, 200]);
  });

  it("names the call in an HTTP failure", async () => {
    emu.addFaults({ route: "GET /caps", sequence: [{ type: "status", status: 400 }] });
    const err = await rejection(client().getCaps("members"));
    expect(err).to.be.instanceOf(DataTrailsHTTPError).with.property("status", 400);
    expect(err.message).to.match(
      /^GET \/archivist\/v1\/caps failed: 400 Bad Request: injected fault \(request id /,
    );
  });

  it("refuses a service other than invites, members or access_policies before sending", async () => {
    for (const service of ["assets", "Invites", "", undefined]) {
      const err = await rejection(client().getCaps(service as "invites"));
      expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", "service");
      expect(err.message).to.match(
        /Invalid service for getCaps: expected "invites" or "members" or "access_policies"/,
      );
    }
    expect(emu.requests().filter((r) => r.path === CAPS)).to.deep.equal([]);
  });
});
