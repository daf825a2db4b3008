import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { DataTrailsHTTPError, DataTrailsResponseError, type Tenancy } from "../../provider/client";
import { toTenancy, TENANCY_SELF_PATH } from "../../provider/client/tenancies";
import type { TransportResponse } from "../../provider/client/transport";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { emulatorClient, okResponse } from "./helpers";

const response = (body: unknown): TransportResponse => okResponse(body, "req-9");

const ctx = { method: "GET", path: TENANCY_SELF_PATH };
const ID = "tenant/08838336-c357-460d-902a-3aba9528dd22";

describe("tenancy answers (toTenancy)", () => {
  const good: Array<[string, unknown, Tenancy]> = [
    [
      "the documented example, SSO settings and all",
      {
        identity: ID,
        verified_domain: "foo.com",
        display_name: "My First Tenancy",
        enterprise_sso_enabled: true,
        enterprise_sso_config: { policy_id: "foo" },
      },
      { identity: ID, displayName: "My First Tenancy" },
    ],
    [
      "no display name, as protobuf JSON leaves out an empty one",
      { identity: ID },
      { identity: ID, displayName: "" },
    ],
    ["a null display name", { identity: ID, display_name: null }, { identity: ID, displayName: "" }],
  ];
  for (const [what, body, expected] of good) {
    it(`maps ${what}`, () => {
      expect(toTenancy(ctx, response(body))).to.deep.equal(expected);
    });
  }

  const bad: Array<[string, unknown, RegExp]> = [
    ["no identity", { display_name: "Prod" }, /a tenancy without a valid identity \(got null/],
    ["a bare uuid", { identity: ID.slice(7) }, /expected "tenant\/<uuid>"/],
    [
      "another kind of identity",
      { identity: "members/08838336-c357-460d-902a-3aba9528dd22" },
      /valid identity/,
    ],
    ["a numeric display name", { identity: ID, display_name: 5 }, /display_name is number/],
    ["an HTML page", "<html>", /HTML page/],
  ];
  for (const [what, body, message] of bad) {
    it(`refuses ${what} with a DataTrailsResponseError naming the call`, () => {
      let caught: unknown;
      try {
        toTenancy(ctx, response(body));
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(DataTrailsResponseError);
      expect((caught as Error).message).to.match(message);
      expect((caught as Error).message).to.include(`GET ${TENANCY_SELF_PATH} returned an unusable response`);
    });
  }
});

describe("client getSelfTenancy against the emulator", () => {
  let emu: RunningEmulator;

  useEmulator({ port: 0, seed: 23 }, (started) => (emu = started));

  it("reads the tenancy the credentials belong to", async () => {
    emu.setTenancy({ identity: ID, display_name: "Production" });
    expect(await emulatorClient(emu).getSelfTenancy()).to.deep.equal({
      identity: ID,
      displayName: "Production",
    });
    expect(emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).to.include(
      `GET ${TENANCY_SELF_PATH} 200`,
    );
  });

  it("retries a 503, and names the call in a 403", async () => {
    emu.addFaults({ route: "GET /tenancies/self", sequence: [{ type: "status", status: 503 }] });
    expect((await emulatorClient(emu).getSelfTenancy()).identity).to.equal(emu.tenancyIdentity);
    emu.addFaults({ route: "GET /tenancies/self", sequence: [{ type: "status", status: 403 }] });
    const err = await rejection(emulatorClient(emu).getSelfTenancy());
    expect(err).to.be.instanceOf(DataTrailsHTTPError).with.property("status", 403);
    expect(err.message).to.match(/^GET \/archivist\/v1\/tenancies\/self failed: 403/);
  });
});
