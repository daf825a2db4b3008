import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator";
import {
  collect,
  DataTrailsClient,
  DataTrailsConfigError,
  DataTrailsHTTPError,
  DataTrailsNetworkError,
  DataTrailsResponseError,
  isNotFound,
  MAX_POLICY_CREATE_NAME_LENGTH,
  MAX_POLICY_DESCRIPTION_LENGTH,
  MAX_POLICY_NAME_LENGTH,
  POLICY_MAY_HAVE_BEEN_CREATED,
  type AccessPolicyInput,
  type DataTrailsClientOptions,
} from "../../provider/client";
import { toAccessPolicy } from "../../provider/client/access-policy-wire";
import { classifyUnprocessed } from "../../provider/client/retry";
import type { TransportResponse } from "../../provider/client/transport";
import { REPO_ROOT } from "../../tools/repo-root";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { AUDITORS, NO_LISTS } from "../helpers/access-policy";
import { emulatorClient, sendJson, startServer, testClient } from "./helpers";

const POLICIES = "/archivist/iam/v1/access_policies";
const MISSING = "access_policies/00000000-0000-4000-8000-000000000000";

describe("client access policies against the emulator", () => {
  let emu: RunningEmulator;

  useEmulator({ port: 0, seed: 31 }, (started) => (emu = started));

  const client = (extra: Partial<DataTrailsClientOptions> = {}): DataTrailsClient =>
    emulatorClient(emu, extra);
  const sent = () => emu.requests().filter((r) => r.path.startsWith(POLICIES));

  describe("create", () => {
    it("sends the policy in snake_case and returns it camelCase, with its identity and tenant", async () => {
      const policy = await client().createAccessPolicy(AUDITORS);
      expect(policy.identity).to.match(/^access_policies\/[0-9a-f-]{36}$/);
      expect(policy.tenant).to.match(/^tenant\//);
      expect(policy).to.deep.include({
        displayName: "Auditors",
        description: "Read the audit trail",
        filters: AUDITORS.filters,
        accessPermissions: [
          {
            ...NO_LISTS,
            userAttributes: [{ or: ["email=alice@example.com"] }],
            assetAttributesRead: ["*"],
            eventArcDisplayTypeRead: ["*"],
          },
        ],
      });
      expect(emu.state().access_policies[0]?.access_permissions[0]?.user_attributes).to.deep.equal([
        { or: ["email=alice@example.com"] },
      ]);
      expect(sent().map((r) => `${r.method} ${r.status}`)).to.deep.equal(["POST 200"]);
    });

    const bad: Array<[what: string, input: unknown, field: string]> = [
      ["a display name over 128 characters", { ...AUDITORS, displayName: "x".repeat(129) }, "displayName"],
      ["an empty display name", { ...AUDITORS, displayName: " " }, "displayName"],
      ["no display name", { ...AUDITORS, displayName: undefined }, "displayName"],
      ["a description over 4096 characters", { ...AUDITORS, description: "x".repeat(4097) }, "description"],
      ["no filters", { ...AUDITORS, filters: [] }, "filters"],
      ["a filter that is not {or: [...]}", { ...AUDITORS, filters: ["attributes.x=1"] }, "filters[0]"],
      ["a filter with no terms", { ...AUDITORS, filters: [{ or: [] }] }, "filters[0].or"],
      ["no permissions", { ...AUDITORS, accessPermissions: [] }, "accessPermissions"],
      [
        "a permission with none of the granting lists",
        {
          ...AUDITORS,
          accessPermissions: [{ userAttributes: [{ or: ["email=a@example.com"] }], subjects: ["s"] }],
        },
        "accessPermissions[0]",
      ],
      [
        "a permission field in snake_case",
        { ...AUDITORS, accessPermissions: [{ asset_attributes_read: ["*"] }] },
        "accessPermissions[0].asset_attributes_read",
      ],
      [
        "a list of non-strings",
        { ...AUDITORS, accessPermissions: [{ assetAttributesRead: [1] }] },
        "accessPermissions[0].assetAttributesRead[0]",
      ],
      ["an unknown field", { ...AUDITORS, tenant: "tenant/x" }, "tenant"],
    ];
    for (const [what, input, field] of bad) {
      it(`refuses ${what} before sending, naming ${field}`, async () => {
        const err = await rejection(client().createAccessPolicy(input as AccessPolicyInput));
        expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", field);
        expect(err.message).to.match(/^Invalid .* for createAccessPolicy: /);
        expect(sent()).to.deep.equal([]);
      });
    }

    it("sends a create again after a 429, once the service's wait is over", async () => {
      emu.addFaults({
        route: "POST /access_policies",
        sequence: [{ type: "rate-limit", resetSeconds: 0.5 }],
      });
      await client().createAccessPolicy(AUDITORS);
      expect(sent().map((r) => r.status)).to.deep.equal([429, 200]);
      expect(emu.state().access_policies).to.have.length(1);
    });

    for (const [what, fault] of [
      ["a 503", { type: "status", status: 503 }],
      ["a connection lost after sending", { type: "reset-after" }],
    ] as const) {
      it(`never sends a create again after ${what}, and says the policy may have been created`, async () => {
        emu.addFaults({ route: "POST /access_policies", sequence: [fault] });
        const err = await rejection(client().createAccessPolicy(AUDITORS));
        expect(err.message).to.contain(POLICY_MAY_HAVE_BEEN_CREATED);
        expect(sent().filter((r) => r.method === "POST")).to.have.length(1);
      });
    }

    it("answers 402 when the quota is used up, as getCaps('access_policies') shows", async () => {
      emu.setSwitches({ accessPolicyQuota: 1 });
      const c = client();
      expect(await c.getCaps("access_policies")).to.deep.equal([
        { resourceType: "AccessPolicies", remaining: 1, cap: 1 },
      ]);
      await c.createAccessPolicy(AUDITORS);
      expect((await c.getCaps("access_policies"))[0]?.remaining).to.equal(0);
      const err = await rejection(c.createAccessPolicy(AUDITORS));
      expect(err).to.be.instanceOf(DataTrailsHTTPError).with.property("status", 402);
      expect(err.message).to.match(/^POST \/archivist\/iam\/v1\/access_policies failed: 402/);
    });
  });

  describe("read, list, assets", () => {
    it("gets a policy by identity or bare uuid, and answers a typed 404 for one that does not exist", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      expect(await c.getAccessPolicy(created.identity)).to.deep.equal(created);
      expect(await c.getAccessPolicy(created.identity.slice("access_policies/".length))).to.deep.equal(
        created,
      );
      const err = await rejection(c.getAccessPolicy(MISSING));
      expect(isNotFound(err)).to.equal(true);
    });

    it("refuses an identity that could change the request path, before sending", async () => {
      for (const bad of ["access_policies/../invites", "a/b", "", "x?y"]) {
        const err = await rejection(client().getAccessPolicy(bad));
        expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", "identity");
        expect(err.message).to.match(/Invalid access policy identity .* for getAccessPolicy/);
      }
      expect(sent()).to.deep.equal([]);
    });

    it("lists every page, passing the filters and the order", async () => {
      const c = client();
      for (const name of ["b", "a", "c"]) await c.createAccessPolicy({ ...AUDITORS, displayName: name });
      await c.createAccessPolicy({ ...AUDITORS, displayName: "a", description: "other" });
      emu.clearRequests();
      const all = await collect(c.listAccessPolicies({ pageSize: 1, orderBy: "DISPLAY_NAME" }));
      expect(all.map((p) => p.displayName)).to.deep.equal(["a", "a", "b", "c"]);
      expect(sent()).to.have.length(4);
      expect(sent()[0]?.query).to.deep.equal({ page_size: "1", order_by: "DISPLAY_NAME" });
      const named = await collect(c.listAccessPolicies({ displayName: "a", description: "other" }));
      expect(named.map((p) => p.description)).to.deep.equal(["other"]);
    });

    it("refuses a bad order, filter or page size when the listing is asked for, before sending", () => {
      const c = client();
      for (const [options, field] of [
        [{ orderBy: "NAME" }, "orderBy"],
        [{ displayName: "" }, "displayName"],
        [{ pageSize: 0 }, "pageSize"],
      ] as const) {
        expect(() => c.listAccessPolicies(options as never))
          .to.throw(DataTrailsConfigError)
          .with.property("field", field);
      }
      expect(sent()).to.deep.equal([]);
    });

    it("lists the assets a policy matches, every page", async () => {
      const audit = emu.addAsset({ attributes: { arc_display_type: "Audit", n: "1" } });
      emu.addAsset({ attributes: { arc_display_type: "Door" } });
      const second = emu.addAsset({ attributes: { arc_display_type: "Audit", n: "2" } });
      const c = client();
      const policy = await c.createAccessPolicy(AUDITORS);
      const assets = await collect(c.listAccessPolicyAssets(policy.identity, { pageSize: 1 }));
      expect(assets).to.deep.equal(
        [audit, second].map((a) => ({
          identity: a.identity,
          attributes: a.attributes,
          behaviours: a.behaviours,
          public: false,
          tenantIdentity: policy.tenant,
        })),
      );
      expect(isNotFound(await rejection(collect(c.listAccessPolicyAssets(MISSING))))).to.equal(true);
    });
  });

  describe("update and delete", () => {
    it("PATCHes exactly the fields given, with a mask naming them, and keeps the others", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      emu.clearRequests();
      const updated = await c.updateAccessPolicy(created.identity, { displayName: "Renamed" });
      expect(updated).to.deep.equal({ ...created, displayName: "Renamed" });
      expect(sent()).to.deep.equal([
        {
          method: "PATCH",
          path: `${POLICIES}/${created.identity.slice(16)}`,
          status: 200,
          query: { mask: "display_name" },
        },
      ]);
    });

    it("clears a field given empty, and replaces arrays whole", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      const updated = await c.updateAccessPolicy(created.identity, {
        description: "",
        filters: [{ or: ["attributes.arc_display_type=Door"] }],
      });
      expect(updated).to.deep.equal({
        ...created,
        description: "",
        filters: [{ or: ["attributes.arc_display_type=Door"] }],
      });
      expect(sent().at(-1)?.query).to.deep.equal({ mask: "description,filters" });
    });

    it("records one audit event per update on the matching assets: a caller that sends none records none", async () => {
      const asset = emu.addAsset({ attributes: { arc_display_type: "Audit" } });
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      await c.getAccessPolicy(created.identity);
      await collect(c.listAccessPolicies());
      expect(emu.assetEvents(asset.identity).map((e) => e.kind)).to.deep.equal(["access_policy_created"]);
      await c.updateAccessPolicy(created.identity, { description: created.description });
      expect(emu.assetEvents(asset.identity).map((e) => e.kind)).to.deep.equal([
        "access_policy_created",
        "access_policy_updated",
      ]);
    });

    it("retries an update after a 503, as an idempotent request", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      emu.addFaults({ route: "PATCH /access_policies/{uuid}", sequence: [{ type: "status", status: 503 }] });
      await c.updateAccessPolicy(created.identity, { description: "x" });
      expect(
        sent()
          .filter((r) => r.method === "PATCH")
          .map((r) => r.status),
      ).to.deep.equal([503, 200]);
    });

    it("refuses an update with no field, an unknown field or a bad value, before sending", async () => {
      const c = client();
      for (const [changes, field] of [
        [{}, "changes"],
        [{ displayName: undefined }, "changes"],
        [{ owner: "x" }, "owner"],
        [{ displayName: "x".repeat(1025) }, "displayName"],
        [{ filters: [] }, "filters"],
      ] as const) {
        const err = await rejection(c.updateAccessPolicy(MISSING, changes as never));
        expect(err).to.be.instanceOf(DataTrailsConfigError).with.property("field", field);
        expect(err.message).to.match(/for updateAccessPolicy/);
      }
      expect(sent()).to.deep.equal([]);
    });

    it("accepts a display name up to 1024 characters in an update", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      expect(
        (await c.updateAccessPolicy(created.identity, { displayName: "x".repeat(1024) })).displayName,
      ).to.have.length(1024);
    });

    it("deletes a policy; deleting or updating it again is a typed 404", async () => {
      const c = client();
      const created = await c.createAccessPolicy(AUDITORS);
      await c.deleteAccessPolicy(created.identity);
      expect(emu.state().access_policies).to.deep.equal([]);
      expect(isNotFound(await rejection(c.deleteAccessPolicy(created.identity)))).to.equal(true);
      expect(
        isNotFound(await rejection(c.updateAccessPolicy(created.identity, { description: "x" }))),
      ).to.equal(true);
    });
  });
});

describe("client access policies against an unusual service", () => {
  it("reads a policy whose empty lists and description are left out, as protobuf JSON does", async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, {
        identity: "access_policies/p1",
        display_name: "Bare",
        filters: [{ or: ["attributes.x=1"] }],
        access_permissions: [{ asset_attributes_read: ["*"] }],
      }),
    );
    try {
      const policy = await testClient(server.url).getAccessPolicy("p1");
      expect(policy).to.deep.equal({
        identity: "access_policies/p1",
        displayName: "Bare",
        description: "",
        filters: [{ or: ["attributes.x=1"] }],
        accessPermissions: [{ ...NO_LISTS, assetAttributesRead: ["*"] }],
        tenant: "",
      });
    } finally {
      await server.close();
    }
  });

  it("refuses an answer without a valid identity, or with a display name that is not a string", () => {
    const res: TransportResponse = {
      status: 200,
      statusText: "OK",
      headers: { get: () => null },
      bodyText: "{}",
    };
    const ctx = { method: "GET", path: POLICIES };
    expect(() => toAccessPolicy(ctx, res, { identity: "invites/x" })).to.throw(
      DataTrailsResponseError,
      /access_policies\/<uuid>/,
    );
    expect(() => toAccessPolicy(ctx, res, { identity: "access_policies/x", display_name: 5 })).to.throw(
      DataTrailsResponseError,
      /display_name/,
    );
  });

  it("says a create was probably applied when the service accepted it but its answer is unreadable, and does not send it again", async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, '{"identity": "access_po'));
    try {
      const err = await rejection(testClient(server.url).createAccessPolicy(AUDITORS));
      expect(err).to.be.instanceOf(DataTrailsResponseError);
      expect(err.message).to.contain("probably created");
      expect(server.requests).to.have.length(1);
    } finally {
      await server.close();
    }
  });
});

describe("the client's access-policy limits", () => {
  it("are the published file's: 128 characters of display name on create, 1024 on the policy, 4096 of description", () => {
    type Props = Record<string, { maxLength?: number }>;
    const file = JSON.parse(
      readFileSync(join(REPO_ROOT, "test", "fixtures", "reference", "accesspoliciesv1.swagger.json"), "utf8"),
    ) as { definitions: Record<string, { properties: Props }> };
    const create = file.definitions.v1CreateIAMAccessPolicyRequest?.properties ?? {};
    const policy = file.definitions.v1IAMAccessPolicy?.properties ?? {};
    expect(MAX_POLICY_CREATE_NAME_LENGTH).to.equal(create.display_name?.maxLength);
    expect(MAX_POLICY_NAME_LENGTH).to.equal(policy.display_name?.maxLength);
    expect(MAX_POLICY_DESCRIPTION_LENGTH).to.equal(create.description?.maxLength);
    expect(MAX_POLICY_DESCRIPTION_LENGTH).to.equal(policy.description?.maxLength);
  });
});

describe("which failures of a create may be sent again (classifyUnprocessed)", () => {
  const http = (status: number) =>
    new DataTrailsHTTPError({ method: "POST", path: POLICIES, status, retryAfterMs: 500 });
  const rows: Array<[what: string, err: unknown, retry: boolean]> = [
    ["a 429 (not processed)", http(429), true],
    ["a 503 (may have been applied)", http(503), false],
    ["a 500", http(500), false],
    ["a 400", http(400), false],
    [
      "a refused connection (never reached the service)",
      new DataTrailsNetworkError("POST", POLICIES, "refused", { code: "ECONNREFUSED" }),
      true,
    ],
    [
      "a reset connection (may have reached it)",
      new DataTrailsNetworkError("POST", POLICIES, "reset", { code: "ECONNRESET" }),
      false,
    ],
    [
      "an unreadable 2xx body",
      new DataTrailsResponseError({ method: "POST", path: POLICIES, status: 200 }),
      false,
    ],
  ];
  for (const [what, err, retry] of rows) {
    it(`${retry ? "retries" : "does not retry"} ${what}`, () => {
      expect(classifyUnprocessed(err).retry).to.equal(retry);
    });
  }
});
