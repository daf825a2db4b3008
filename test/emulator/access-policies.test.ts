import { expect } from "chai";
import { EmulatorControl, type RunningEmulator, type WireAccessPolicy, type WireAsset } from "../../emulator";
import { call, EMPTY_PERMISSION, expectError, expectOk, json, uuidOf, useEmulator } from "./helpers";

const POLICIES = "/archivist/iam/v1/access_policies";
const C = "/_emulator";

interface PolicyList {
  access_policies: WireAccessPolicy[];
  next_page_token: string;
}

/** A valid create body: auditors may read audited assets. */
function auditors(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    display_name: "Auditors",
    description: "Read the audit trail",
    filters: [{ or: ["attributes.arc_display_type=Audit"] }],
    access_permissions: [
      {
        user_attributes: [{ or: ["email=alice@example.com"] }],
        asset_attributes_read: ["*"],
        event_arc_display_type_read: ["*"],
      },
    ],
    ...extra,
  };
}

describe("emulator access policies API", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 19 }, (started) => (emu = started));

  const create = async (body: Record<string, unknown> = auditors()): Promise<WireAccessPolicy> =>
    expectOk<WireAccessPolicy>(await call(emu, "POST", POLICIES, { json: body }), "accessPolicy");
  const path = (policy: WireAccessPolicy): string => `${POLICIES}/${uuidOf(policy.identity)}`;
  const patch = async (policy: WireAccessPolicy, body: unknown, query = "") =>
    call(emu, "PATCH", `${path(policy)}${query}`, { json: body });
  const addAsset = (attributes: Record<string, string>, isPublic = false): WireAsset =>
    emu.addAsset({ attributes, public: isPublic });

  describe("create and get", () => {
    it("answers 200 with the policy as stored: an access_policies/<uuid> identity, the tenant, every permission list", async () => {
      const policy = await create();
      expect(policy.identity).to.match(/^access_policies\/[0-9a-f-]{36}$/);
      expect(policy.tenant).to.match(/^tenant\/[0-9a-f-]{36}$/);
      expect(policy).to.deep.include({
        display_name: "Auditors",
        description: "Read the audit trail",
        filters: [{ or: ["attributes.arc_display_type=Audit"] }],
        access_permissions: [
          {
            ...EMPTY_PERMISSION,
            user_attributes: [{ or: ["email=alice@example.com"] }],
            asset_attributes_read: ["*"],
            event_arc_display_type_read: ["*"],
          },
        ],
      });
      expect(expectOk(await call(emu, "GET", path(policy)), "accessPolicy")).to.deep.equal(policy);
    });

    it("answers an empty description when none was sent, and the same tenant for every policy", async () => {
      const a = await create(auditors({ description: undefined }));
      const b = await create(auditors({ display_name: "Second" }));
      expect(a.description).to.equal("");
      expect(a.tenant).to.equal(b.tenant);
    });

    it("answers 404 to GET of an unknown or malformed uuid", async () => {
      expectError(
        await call(emu, "GET", `${POLICIES}/0b7c5f7e-1111-4222-8333-944455556666`),
        404,
        /not found/,
      );
      expectError(await call(emu, "GET", `${POLICIES}/not-a-uuid`), 404);
    });

    const bad: Array<[what: string, body: Record<string, unknown>, message: RegExp]> = [
      [
        "a display name over 128 characters",
        auditors({ display_name: "x".repeat(129) }),
        /display_name must be at most 128/,
      ],
      ["an empty display name", auditors({ display_name: "" }), /display_name must not be empty/],
      ["no display name", auditors({ display_name: undefined }), /display_name is required/],
      [
        "a description over 4096 characters",
        auditors({ description: "x".repeat(4097) }),
        /description must be at most 4096/,
      ],
      ["no filters", auditors({ filters: undefined }), /filters is required/],
      ["empty filters", auditors({ filters: [] }), /filters must not be empty/],
      [
        "filters that are not {or} objects",
        auditors({ filters: ["attributes.x=1"] }),
        /filters\[0\] must be an object/,
      ],
      [
        "a filter with an empty or",
        auditors({ filters: [{ or: [] }] }),
        /filters\[0\]\.or must list at least one term/,
      ],
      [
        "a filter term that is not a string",
        auditors({ filters: [{ or: [1] }] }),
        /filters\[0\]\.or\[0\] must be a string/,
      ],
      ["no permissions", auditors({ access_permissions: undefined }), /access_permissions is required/],
      ["empty permissions", auditors({ access_permissions: [] }), /access_permissions must not be empty/],
      [
        "a permission with none of the granting lists",
        auditors({
          access_permissions: [{ user_attributes: [{ or: ["email=a@example.com"] }], subjects: ["s"] }],
        }),
        /access_permissions\[0\] must carry at least one of asset_attributes_read/,
      ],
      [
        "a permission with an unknown field",
        auditors({ access_permissions: [{ asset_attributes_read: ["*"], userAttributes: [] }] }),
        /access_permissions\[0\]\.userAttributes is not a known field/,
      ],
      ["an unknown field", auditors({ tenant: "tenant/x" }), /unknown field "tenant"/],
    ];
    for (const [what, body, message] of bad) {
      it(`answers 400 naming the field to ${what}`, async () => {
        expectError(await call(emu, "POST", POLICIES, { json: body }), 400, message);
        expect(emu.state().access_policies).to.deep.equal([]);
      });
    }

    it("accepts a display name of exactly 128 characters and a permission granting only include_attributes", async () => {
      await create(auditors({ display_name: "x".repeat(128) }));
      await create(
        auditors({ access_permissions: [{ subjects: ["subjects/x"], include_attributes: ["*"] }] }),
      );
    });

    it("answers 402 once accessPolicyQuota policies are stored, as caps?service=access_policies says", async () => {
      emu.setSwitches({ accessPolicyQuota: 1 });
      await create();
      const caps = expectOk<{ caps: Array<{ resource_remaining: string }> }>(
        await call(emu, "GET", "/archivist/v1/caps?service=access_policies"),
        "caps",
      );
      expect(caps.caps[0]?.resource_remaining).to.equal("0");
      expectError(await call(emu, "POST", POLICIES, { json: auditors() }), 402, /quota/);
      expect(emu.state().access_policies).to.have.length(1);
    });
  });

  describe("list", () => {
    it("pages in creation order with next_page_token, empty on the last page", async () => {
      for (const name of ["c", "a", "b"]) await create(auditors({ display_name: name }));
      const first = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?page_size=2`),
        "accessPolicyList",
      );
      expect(first.access_policies.map((p) => p.display_name)).to.deep.equal(["c", "a"]);
      const second = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?page_size=2&page_token=${first.next_page_token}`),
        "accessPolicyList",
      );
      expect(second.access_policies.map((p) => p.display_name)).to.deep.equal(["b"]);
      expect(second.next_page_token).to.equal("");
    });

    it("orders by display name with order_by=DISPLAY_NAME", async () => {
      for (const name of ["c", "a", "b"]) await create(auditors({ display_name: name }));
      const list = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?order_by=DISPLAY_NAME`),
        "accessPolicyList",
      );
      expect(list.access_policies.map((p) => p.display_name)).to.deep.equal(["a", "b", "c"]);
    });

    it("filters by exact display_name and description", async () => {
      await create(auditors({ display_name: "Auditors", description: "one" }));
      await create(auditors({ display_name: "Auditors", description: "two" }));
      await create(auditors({ display_name: "Auditors 2", description: "one" }));
      const byName = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?display_name=Auditors`),
        "accessPolicyList",
      );
      expect(byName.access_policies.map((p) => p.description)).to.deep.equal(["one", "two"]);
      const both = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?display_name=Auditors&description=two`),
        "accessPolicyList",
      );
      expect(both.access_policies).to.have.length(1);
    });

    it("refuses a page token issued for another filter", async () => {
      for (const name of ["a", "a"]) await create(auditors({ display_name: name }));
      const first = expectOk<PolicyList>(
        await call(emu, "GET", `${POLICIES}?page_size=1`),
        "accessPolicyList",
      );
      expectError(
        await call(emu, "GET", `${POLICIES}?page_size=1&display_name=a&page_token=${first.next_page_token}`),
        400,
        /page_token/,
      );
    });
  });

  describe("PATCH", () => {
    it("changes the fields in the body and keeps the ones it leaves out", async () => {
      const policy = await create();
      const answer = expectOk<WireAccessPolicy>(
        await patch(policy, { display_name: "Renamed" }),
        "accessPolicy",
      );
      expect(answer).to.deep.equal({ ...policy, display_name: "Renamed" });
      expect(expectOk(await call(emu, "GET", path(policy)), "accessPolicy")).to.deep.equal(answer);
    });

    it("replaces arrays whole", async () => {
      const policy = await create(
        auditors({ filters: [{ or: ["attributes.a=1", "attributes.a=2"] }, { or: ["attributes.b=1"] }] }),
      );
      const answer = expectOk<WireAccessPolicy>(
        await patch(policy, { filters: [{ or: ["attributes.c=1"] }] }),
        "accessPolicy",
      );
      expect(answer.filters).to.deep.equal([{ or: ["attributes.c=1"] }]);
      expect(answer.access_permissions).to.deep.equal(policy.access_permissions);
    });

    it("clears a field that mask names and the body leaves out, and changes only what mask names", async () => {
      const policy = await create();
      const answer = expectOk<WireAccessPolicy>(
        await patch(policy, { display_name: "ignored" }, "?mask=description"),
        "accessPolicy",
      );
      expect(answer).to.deep.equal({ ...policy, description: "" });
    });

    it("accepts a display name up to 1024 characters, the policy's own limit", async () => {
      const policy = await create();
      expectOk(await patch(policy, { display_name: "x".repeat(1024) }), "accessPolicy");
      expectError(
        await patch(policy, { display_name: "x".repeat(1025) }),
        400,
        /display_name must be at most 1024/,
      );
    });

    it("ignores identity and tenant echoed back from a GET", async () => {
      const policy = await create();
      const answer = expectOk<WireAccessPolicy>(
        await patch(policy, {
          ...policy,
          identity: "access_policies/other",
          tenant: "tenant/other",
          description: "new",
        }),
        "accessPolicy",
      );
      expect(answer).to.deep.equal({ ...policy, description: "new" });
    });

    const bad: Array<[what: string, body: unknown, query: string, status: number, message: RegExp]> = [
      [
        "a mask naming an unknown field",
        { description: "x" },
        "?mask=description,owner",
        400,
        /mask names the unknown field "owner"/,
      ],
      ["a mask clearing the filters", {}, "?mask=filters", 400, /filters must not be empty/],
      [
        "a mask clearing the permissions",
        {},
        "?mask=access_permissions",
        400,
        /access_permissions must not be empty/,
      ],
      ["a mask clearing the display name", {}, "?mask=display_name", 400, /display_name must not be empty/],
      [
        "a permission without a granting list",
        { access_permissions: [{ subjects: ["s"] }] },
        "",
        400,
        /access_permissions\[0\]/,
      ],
      ["an unknown field", { owner: "x" }, "", 400, /unknown field "owner"/],
      ["a body that is not an object", [], "", 400, /JSON object/],
    ];
    for (const [what, body, query, status, message] of bad) {
      it(`answers ${status} to ${what}, changing nothing`, async () => {
        const policy = await create();
        expectError(await patch(policy, body, query), status, message);
        expect(expectOk(await call(emu, "GET", path(policy)), "accessPolicy")).to.deep.equal(policy);
      });
    }

    it("answers 404 to PATCH of a policy that does not exist", async () => {
      expectError(
        await call(emu, "PATCH", `${POLICIES}/0b7c5f7e-1111-4222-8333-944455556666`, { json: {} }),
        404,
      );
    });
  });

  describe("delete", () => {
    it("answers 200 with {} and then 404 to GET, PATCH and DELETE", async () => {
      const policy = await create();
      expectOk(await call(emu, "DELETE", path(policy)), "empty");
      expectError(await call(emu, "GET", path(policy)), 404);
      expectError(await patch(policy, { description: "x" }), 404);
      expectError(await call(emu, "DELETE", path(policy)), 404);
    });
  });

  describe("assets of a policy", () => {
    it("lists the non-public assets the filters match, paged", async () => {
      const a = addAsset({ arc_display_type: "Audit", n: "1" });
      addAsset({ arc_display_type: "Door" });
      addAsset({ arc_display_type: "Audit" }, true);
      const b = addAsset({ arc_display_type: "Audit", n: "2" });
      const policy = await create();
      type Assets = { assets: WireAsset[]; next_page_token: string };
      const first = expectOk<Assets>(
        await call(emu, "GET", `${path(policy)}/assets?page_size=1`),
        "assetList",
      );
      const second = expectOk<Assets>(
        await call(emu, "GET", `${path(policy)}/assets?page_size=1&page_token=${first.next_page_token}`),
        "assetList",
      );
      expect([...first.assets, ...second.assets]).to.deep.equal([a, b]);
      expect(second.next_page_token).to.equal("");
    });

    it("answers 404 for a policy that does not exist", async () => {
      expectError(await call(emu, "GET", `${POLICIES}/0b7c5f7e-1111-4222-8333-944455556666/assets`), 404);
    });
  });

  describe("audit events and rights (control API)", () => {
    const events = async (asset: WireAsset) =>
      json<{ events: Array<{ kind: string; access_policy: string }> }>(
        await call(emu, "GET", `${C}/assets/${uuidOf(asset.identity)}/events`),
      ).events;

    it("records one event on every matching asset when a policy is created, and one more on every PATCH, changed or not", async () => {
      const audit = addAsset({ arc_display_type: "Audit" });
      const door = addAsset({ arc_display_type: "Door" });
      const policy = await create();
      expect(await events(audit)).to.deep.equal([
        { ...(await events(audit))[0], kind: "access_policy_created", access_policy: policy.identity },
      ]);
      expect(await events(door)).to.deep.equal([]);
      expectOk(await patch(policy, { description: policy.description }), "accessPolicy");
      expect((await events(audit)).map((e) => e.kind)).to.deep.equal([
        "access_policy_created",
        "access_policy_updated",
      ]);
      expect(await events(door)).to.deep.equal([]);
    });

    it("records the update on the assets the policy covered before and covers after", async () => {
      const audit = addAsset({ arc_display_type: "Audit" });
      const door = addAsset({ arc_display_type: "Door" });
      const policy = await create();
      expectOk(
        await patch(policy, { filters: [{ or: ["attributes.arc_display_type=Door"] }] }),
        "accessPolicy",
      );
      expect((await events(audit)).map((e) => e.kind)).to.deep.equal([
        "access_policy_created",
        "access_policy_updated",
      ]);
      expect((await events(door)).map((e) => e.kind)).to.deep.equal(["access_policy_updated"]);
    });

    it("records nothing on a refused PATCH or a delete", async () => {
      const audit = addAsset({ arc_display_type: "Audit" });
      const policy = await create();
      expectError(await patch(policy, {}, "?mask=filters"), 400);
      expectOk(await call(emu, "DELETE", path(policy)), "empty");
      expect(await events(audit)).to.have.length(1);
    });

    it("answers which assets and attributes a person may read, by email or by client id", async () => {
      const audit = addAsset({ arc_display_type: "Audit", owner: "ops" });
      addAsset({ arc_display_type: "Door" });
      await create(
        auditors({
          access_permissions: [
            {
              user_attributes: [{ or: ["email=alice@example.com", `subject=${emu.clientId}`] }],
              asset_attributes_read: ["owner"],
            },
          ],
        }),
      );
      const expected = {
        assets: [
          {
            asset: audit.identity,
            attributes: { owner: "ops" },
            writable_attributes: [],
            event_types_read: [],
            event_types_write: [],
          },
        ],
      };
      expect(json(await call(emu, "GET", `${C}/access?email=alice%40example.com`))).to.deep.equal(expected);
      expect(json(await call(emu, "GET", `${C}/access?subject=${emu.clientId}`))).to.deep.equal(expected);
      expect(json(await call(emu, "GET", `${C}/access?email=bob%40example.com`))).to.deep.equal({
        assets: [],
      });
      expectError(await call(emu, "GET", `${C}/access`), 400, /exactly one of email/);
    });

    it("matches emails case-insensitively unless emailCaseSensitive is on", async () => {
      addAsset({ arc_display_type: "Audit" });
      await create();
      expect(emu.access({ email: "Alice@Example.com" })).to.have.length(1);
      emu.setSwitches({ emailCaseSensitive: true });
      expect(emu.access({ email: "Alice@Example.com" })).to.deep.equal([]);
      expect(emu.access({ email: "alice@example.com" })).to.have.length(1);
    });

    it("grants a permission without user_attributes to nobody, or to everyone under noUserAttributes", async () => {
      addAsset({ arc_display_type: "Audit" });
      await create(auditors({ access_permissions: [{ asset_attributes_read: ["*"] }] }));
      expect(emu.access({ email: "anyone@example.com" })).to.deep.equal([]);
      emu.setSwitches({ noUserAttributes: "everyone" });
      expect(emu.access({ email: "anyone@example.com" })).to.have.length(1);
    });

    it("adds assets checked field by field, and shows policies and assets in the state", async () => {
      expectError(
        await call(emu, "POST", `${C}/assets`, { json: { attributes: { n: 1 } } }),
        400,
        /attributes/,
      );
      expectError(await call(emu, "POST", `${C}/assets`, { json: { attributes: {}, x: 1 } }), 400, /"x"/);
      expectError(await call(emu, "GET", `${C}/assets/0b7c5f7e-1111-4222-8333-944455556666/events`), 404);
      const asset = expectOk<WireAsset>(
        await call(emu, "POST", `${C}/assets`, { json: { attributes: { n: "1" } } }),
        "asset",
      );
      const policy = await create();
      expect(emu.state().assets).to.deep.equal([asset]);
      expect(emu.state().access_policies).to.deep.equal([policy]);
    });

    it("creates and edits a policy out of band as the web UI would: not logged, audit events recorded", async () => {
      const audit = addAsset({ arc_display_type: "Audit" });
      const policy = expectOk<WireAccessPolicy>(
        await call(emu, "POST", `${C}/access_policies`, { json: auditors() }),
        "accessPolicy",
      );
      const edited = expectOk<WireAccessPolicy>(
        await call(emu, "PATCH", `${C}/access_policies/${uuidOf(policy.identity)}?mask=description`, {
          json: {},
        }),
        "accessPolicy",
      );
      expect(edited).to.deep.equal({ ...policy, description: "" });
      expect(emu.requests()).to.deep.equal([]);
      expect((await events(audit)).map((e) => e.kind)).to.deep.equal([
        "access_policy_created",
        "access_policy_updated",
      ]);
    });
  });

  it("offers assets, audit events, rights and web-UI edits through EmulatorControl, for tools in another process", async () => {
    const control = new EmulatorControl(emu.url);
    const asset = await control.addAsset({ arc_display_type: "Audit" });
    await control.addAsset({ arc_display_type: "Audit" }, true);
    const policy = await control.createPolicy(auditors());
    await control.updatePolicy(policy.identity, { description: "" }, "description");
    expect((await control.assetEvents(asset.identity)).map((e) => e.kind)).to.deep.equal([
      "access_policy_created",
      "access_policy_updated",
    ]);
    expect((await control.access({ email: "alice@example.com" })).map((g) => g.asset)).to.deep.equal([
      asset.identity,
    ]);
    expect(await control.access({ subject: "someone" })).to.deep.equal([]);
    const state = await control.state();
    expect(state.assets).to.have.length(2);
    expect(state.access_policies.map((p) => p.description)).to.deep.equal([""]);
  });

  it("injects faults on the access policy routes", async () => {
    emu.addFaults({ route: "POST /access_policies", sequence: [{ type: "status", status: 503 }] });
    expectError(await call(emu, "POST", POLICIES, { json: auditors() }), 503);
    expect(emu.state().access_policies).to.deep.equal([]);
  });
});
