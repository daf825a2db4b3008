// The AccessPolicy's lifecycle (provider/resource/policy-lifecycle.ts) against a stub client: which
// calls each operation sends. No emulator, no host.
import { expect } from "chai";
import {
  DataTrailsHTTPError,
  type AccessPolicyChanges,
  type AccessPolicyInput,
  type AccessPolicyRecord,
  type Cap,
} from "../../provider/client";
import {
  createPolicy,
  deletePolicy,
  policyProvider,
  readPolicy,
  updatePolicy,
  type PolicySession,
} from "../../provider/resource/policy-lifecycle";
import { policyOutputs } from "../../provider/resource/policy-plan";
import { PolicyCapError, PolicyQuota } from "../../provider/resource/policy-quota";
import { AUDITORS, NO_LISTS } from "../helpers/access-policy";
import { rejection } from "../helpers/assert";

const NOT_FOUND = () =>
  new DataTrailsHTTPError({ status: 404, method: "GET", path: "/x", apiMessage: "gone" });

/** Access policies in memory; every call is recorded as `METHOD what`. */
class StubPolicies {
  policies = new Map<string, AccessPolicyRecord>();
  calls: string[] = [];
  caps: Cap[] = [];
  private next = 1;

  stored(input: AccessPolicyInput): AccessPolicyRecord {
    const identity = `access_policies/${this.next++}`;
    const record: AccessPolicyRecord = {
      identity,
      tenant: "tenant/1",
      displayName: input.displayName,
      description: input.description ?? "",
      filters: input.filters,
      accessPermissions: input.accessPermissions.map((p) => ({ ...NO_LISTS, ...p })),
    };
    this.policies.set(identity, record);
    return record;
  }

  session(): PolicySession {
    const client = {
      createAccessPolicy: async (input: AccessPolicyInput) => {
        this.calls.push(`POST ${input.displayName}`);
        return this.stored(input);
      },
      getAccessPolicy: async (id: string) => {
        this.calls.push(`GET ${id}`);
        const found = this.policies.get(id);
        if (!found) throw NOT_FOUND();
        return found;
      },
      updateAccessPolicy: async (id: string, changes: AccessPolicyChanges) => {
        this.calls.push(`PATCH ${id} ${Object.keys(changes).join(",")}`);
        const found = this.policies.get(id);
        if (!found) throw NOT_FOUND();
        const updated = { ...found, ...changes } as AccessPolicyRecord;
        this.policies.set(id, updated);
        return updated;
      },
      deleteAccessPolicy: async (id: string) => {
        this.calls.push(`DELETE ${id}`);
        if (!this.policies.delete(id)) throw NOT_FOUND();
      },
    };
    const getCaps = async () => {
      this.calls.push("GET caps");
      return this.caps;
    };
    return { client, policyQuota: new PolicyQuota({ getCaps }) };
  }
}

const DECLARED: Record<string, unknown> = { ...AUDITORS };

describe("the AccessPolicy's lifecycle against a stub client", () => {
  it("create: reads the cap once, then one POST; the outputs are the policy as stored", async () => {
    const stub = new StubPolicies();
    const { id, outs } = await createPolicy(stub.session(), DECLARED);
    expect(stub.calls).to.deep.equal(["GET caps", "POST Auditors"]);
    expect(id).to.equal("access_policies/1");
    expect(outs).to.deep.equal(policyOutputs(stub.policies.get(id)!));
  });

  it("create: refused before the POST when the cap says none remain, naming the cap", async () => {
    const stub = new StubPolicies();
    stub.caps = [{ resourceType: "AccessPolicies", cap: 2, remaining: 0 }];
    const err = await rejection(createPolicy(stub.session(), DECLARED));
    expect(err).to.be.instanceOf(PolicyCapError);
    expect(err.message).to.match(/Auditors.*2 in all.*0 remaining.*nothing was created/);
    expect(stub.calls).to.deep.equal(["GET caps"]);
  });

  it("update: nothing differs, nothing sent; a difference, one PATCH of exactly that field", async () => {
    const stub = new StubPolicies();
    const session = stub.session();
    const { id, outs } = await createPolicy(session, DECLARED);
    stub.calls = [];
    await updatePolicy(session, id, { ...outs }, DECLARED);
    expect(stub.calls).to.deep.equal([]);
    const changed = await updatePolicy(session, id, { ...outs }, { ...DECLARED, description: "Read it" });
    expect(stub.calls).to.deep.equal([`PATCH ${id} description`]);
    expect(changed.outs.description).to.equal("Read it");
  });

  it("read: the stored policy as outputs and as inputs; gone drops the resource", async () => {
    const stub = new StubPolicies();
    const session = stub.session();
    const { id } = await createPolicy(session, DECLARED);
    const found = await readPolicy(session, id);
    expect(found.id).to.equal(id);
    expect(found.inputs).to.deep.equal(DECLARED);
    stub.policies.clear();
    expect(await readPolicy(session, id)).to.deep.equal({});
  });

  it("delete: one DELETE; already gone counts as done", async () => {
    const stub = new StubPolicies();
    const session = stub.session();
    const { id } = await createPolicy(session, DECLARED);
    await deletePolicy(session, id);
    await deletePolicy(session, id);
    expect(stub.calls.filter((c) => c.startsWith("DELETE"))).to.deep.equal([`DELETE ${id}`, `DELETE ${id}`]);
  });

  it("diff: an update, never a replace, for a changed input; nothing for the stored policy", async () => {
    const stub = new StubPolicies();
    const provider = policyProvider(() => stub.session());
    const { outs } = await createPolicy(stub.session(), DECLARED);
    expect(await provider.diff("x", { ...outs }, DECLARED)).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await provider.diff("x", { ...outs }, { ...DECLARED, displayName: "B" })).to.deep.equal({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
