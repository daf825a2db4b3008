// The tenancy check: the pure verdict (what the user is told, whether writes are refused), the one
// lookup per deployment, and its wiring into the session: configure says which tenancy, a pinned
// mismatch is refused before any write (an Invite's and a Member's alike), with nothing sent.
import { expect } from "chai";
import { DataTrailsConfigError, type Tenancy } from "../../provider/client";
import * as invites from "../../provider/resource/handlers";
import type { ProviderInputs } from "../../provider/resource/handlers";
import * as members from "../../provider/resource/member-handlers";
import type { MemberProviderOutputs } from "../../provider/resource/member-handlers";
import { setUserLog } from "../../provider/resource/session";
import {
  pinVerdict,
  STDERR_LOG,
  TenancyPin,
  type Lookup,
  type Pin,
} from "../../provider/resource/tenancy-pin";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { configRequest, configureFor, withEnv } from "../helpers/provider";

const URL = "https://app.datatrails.ai";
const PROD = "tenant/08838336-c357-460d-902a-3aba9528dd22";
const STAGING = "tenant/11111111-2222-4333-8444-555555555555";
const prod: Tenancy = { identity: PROD, displayName: "Production" };

/** A log that keeps its lines. */
function recordingLog(): { lines: string[]; info(m: string): void; warn(m: string): void } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) };
}

describe("pinVerdict (what a deployment is told about its tenancy)", () => {
  const pinned = (tenancy: string): Pin => ({ tenancy, setting: "datatrails:tenancy" });
  const rows: Array<[string, Pin | undefined, Lookup, { info?: RegExp; warn?: RegExp; refusal?: RegExp }]> = [
    [
      "unpinned: says which tenancy, by name and identity",
      undefined,
      { tenancy: prod },
      {
        info: /^datatrails: writing to tenancy "Production" \(tenant\/08838336-[0-9a-f-]+\) at https:\/\/app\.datatrails\.ai \(not pinned\)\.$/,
      },
    ],
    [
      "unpinned without a display name: the identity alone",
      undefined,
      { tenancy: { identity: PROD, displayName: "" } },
      { info: /^datatrails: writing to tenancy tenant\/08838336-\S+ at / },
    ],
    [
      "pinned and matching (any case): says so",
      pinned(PROD.toUpperCase().replace("TENANT", "tenant")),
      { tenancy: prod },
      { info: /"Production" .* \(pinned by datatrails:tenancy\)\.$/ },
    ],
    [
      "pinned to another: refuses, naming both tenancies, the setting and the fix",
      pinned(STAGING),
      { tenancy: prod },
      {
        refusal:
          /^datatrails:tenancy pins this provider to tenancy tenant\/11111111-\S+, but its credentials belong to tenancy "Production" \(tenant\/08838336-\S+\) at https:\/\/app\.datatrails\.ai: refusing to write to it\. Nothing was sent\. Give this provider the credentials of tenant\/11111111-\S+, or change datatrails:tenancy/,
      },
    ],
    [
      "pinned, the lookup failed: refuses, it cannot be confirmed",
      pinned(PROD),
      { error: new Error("GET /archivist/v1/tenancies/self failed: 403 Forbidden") },
      {
        refusal:
          /could not be read \(GET \/archivist\/v1\/tenancies\/self failed: 403 Forbidden\): refusing to write\. Nothing was sent\./,
      },
    ],
    [
      "unpinned, the lookup failed: a warning naming the pin as the way to refuse",
      undefined,
      { error: new Error("GET /archivist/v1/tenancies/self failed: 404 Not Found") },
      {
        warn: /^datatrails: could not read which tenancy .*404 Not Found.*set datatrails:tenancy to tenant\/<uuid> to refuse writes/,
      },
    ],
  ];
  for (const [what, pin, lookup, want] of rows) {
    it(what, () => {
      const verdict = pinVerdict(pin, lookup, URL);
      expect(Object.keys(verdict).sort()).to.deep.equal(Object.keys(want).sort());
      for (const key of ["info", "warn", "refusal"] as const) {
        if (want[key]) expect(verdict[key]).to.match(want[key]);
      }
    });
  }
});

describe("TenancyPin (one lookup per deployment)", () => {
  it("reads once, tells once, and every write awaits the same verdict", async () => {
    let reads = 0;
    const log = recordingLog();
    const pin = new TenancyPin(
      async () => {
        reads++;
        return prod;
      },
      { tenancy: STAGING, setting: "DATATRAILS_TENANCY" },
      URL,
      log,
    );
    const results = await Promise.all([pin.check(), pin.beforeWrite().catch((e: unknown) => e), pin.check()]);
    expect(reads).to.equal(1);
    expect(log.lines).to.deep.equal([]);
    expect(results[0]).to.match(/^DATATRAILS_TENANCY pins this provider to tenancy tenant\/11111111/);
    expect(results[1]).to.be.instanceOf(DataTrailsConfigError).with.property("field", "datatrails:tenancy");
    expect(await rejection(pin.beforeWrite())).to.have.property("message", results[0]);
    expect(reads).to.equal(1);
  });

  it("never rejects its check: a failed read becomes the verdict", async () => {
    const log = recordingLog();
    const pin = new TenancyPin(() => Promise.reject(new Error("socket hang up")), undefined, URL, log);
    expect(await pin.check()).to.equal(undefined);
    await pin.beforeWrite();
    expect(log.lines).to.have.length(1);
    expect(log.lines[0]).to.match(/^warn: datatrails: could not read which tenancy .*socket hang up/);
  });

  it("writes to stderr by default, the warning marked as one", () => {
    expect(STDERR_LOG).to.have.keys(["info", "warn"]);
  });
});

describe("the tenancy check in a deployment (handlers against the emulator)", () => {
  const emulator = useEmulator({ port: 0, seed: 31 });
  const emu = () => emulator();
  let log: ReturnType<typeof recordingLog>;

  beforeEach(() => {
    log = recordingLog();
    setUserLog(log);
  });
  after(() => setUserLog(STDERR_LOG));

  const writes = () =>
    emu()
      .requests()
      .filter((r) => r.method !== "GET");
  const lookups = () =>
    emu()
      .requests()
      .filter((r) => r.path === "/archivist/v1/tenancies/self");

  it("configure looks the tenancy up once for both kinds and says which it is; a create sends as usual", async () => {
    emu().setTenancy({ display_name: "Production" });
    await withEnv({}, async () => {
      await configureFor(emu());
      await members.configure(
        configRequest({ "datatrails:url": emu().url, "datatrails:token": emu().token }),
      );
      await invites.create({ email: "alice@example.com" } as ProviderInputs);
    });
    expect(lookups()).to.have.length(1);
    expect(log.lines).to.deep.equal([
      `info: datatrails: writing to tenancy "Production" (${emu().tenancyIdentity}) at ${emu().url} (not pinned).`,
    ]);
    expect(writes().map((r) => r.method)).to.deep.equal(["POST"]);
  });

  it("a pinned tenancy that matches lets writes through", async () => {
    await withEnv({}, () => configureFor(emu(), { "datatrails:tenancy": emu().tenancyIdentity }));
    await invites.create({ email: "alice@example.com" } as ProviderInputs);
    expect(log.lines[0]).to.match(/\(pinned by datatrails:tenancy\)\.$/);
    expect(writes()).to.have.length(1);
  });

  it("a pinned mismatch fails configure naming both identities, and sends nothing", async () => {
    const err = await withEnv({}, () => rejection(configureFor(emu(), { "datatrails:tenancy": STAGING })));
    expect(err).to.be.instanceOf(DataTrailsConfigError);
    expect(err.message).to.include(`pins this provider to tenancy ${STAGING}`);
    expect(err.message).to.include(
      `belong to tenancy "${emu().tenancy().display_name}" (${emu().tenancyIdentity})`,
    );
    expect(
      emu()
        .requests()
        .map((r) => `${r.method} ${r.path}`),
    ).to.deep.equal(["GET /archivist/v1/tenancies/self"]);
  });

  it("after a refused configure, every write of either kind is refused too (a Member's role change included), nothing sent", async () => {
    const member = emu().addMember({ email: "dana@example.com", roles: [] });
    await withEnv(
      { DATATRAILS_URL: emu().url, DATATRAILS_TOKEN: emu().token, DATATRAILS_TENANCY: STAGING },
      async () => {
        const refused = await rejection(invites.configure(configRequest({})));
        expect(refused.message).to.match(
          /^DATATRAILS_TENANCY pins this provider to tenancy tenant\/11111111/,
        );
        // Were the engine to go on anyway, the session's client still awaits the same verdict.
        const invite = await rejection(invites.create({ email: "alice@example.com" } as ProviderInputs));
        expect(invite.message).to.equal(refused.message);
        const recorded: MemberProviderOutputs = {
          email: "dana@example.com",
          status: "active",
          inviteIdentity: null,
          memberIdentity: member.identity,
          roles: [],
          owner: false,
        };
        const role = await rejection(
          members.update(member.identity, recorded, { email: "dana@example.com", owner: true }),
        );
        expect(role.message).to.equal(refused.message);
      },
    );
    expect(lookups()).to.have.length(1);
    expect(writes()).to.deep.equal([]);
    expect(emu().state().members[0]?.roles).to.deep.equal([]);
  });
});
