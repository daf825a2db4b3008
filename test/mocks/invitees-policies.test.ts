// Runs in the setMocks mocha invocation (see test/helpers/mocks.ts). The wiring of rights beside each
// invitee: the component declares one AccessPolicy per policy held (the users' rules are owned by
// test/invitees/policies.test.ts), passes no `access` to the Invite, and reports the holders.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Invitees, InviteeListError } from "../../provider";
import { installMocks, registrations, valueOf } from "../helpers/mocks";

const AUDITORS = {
  filters: [{ or: ["attributes.arc_display_type=Audit"] }],
  accessPermissions: [{ assetAttributesRead: ["*"] }],
};

describe("Invitees with policies (component, under Pulumi mocks)", () => {
  before(() => installMocks());

  it("declares one AccessPolicy per policy held, its users the entries naming it; Invites get no access input", async () => {
    const team = new Invitees("rights", {
      invitees: [{ email: "ann@example.com", access: ["auditors"] }, { email: "ben@example.com" }],
      policies: { auditors: AUDITORS, unused: AUDITORS },
    });
    expect(await valueOf(team.policyHolders)).to.deep.equal({ auditors: ["ann@example.com"], unused: [] });
    await valueOf(pulumi.all([team.statuses, team.policies.auditors.urn]));
    const policies = registrations.filter((r) => r.type === "pulumi-nodejs:dynamic/datatrails:AccessPolicy");
    expect(policies.map((p) => p.name)).to.deep.equal(["rights-policy-auditors"]);
    expect(policies[0].inputs).to.deep.include({
      displayName: "auditors",
      accessPermissions: [
        { assetAttributesRead: ["*"], userAttributes: [{ or: ["email=ann@example.com"] }] },
      ],
    });
    const ann = registrations.find((r) => r.name === "rights-ann@example.com");
    expect(ann?.inputs).to.not.have.property("access");
    expect(Object.keys(team.policies)).to.deep.equal(["auditors"]);
  });

  it("refuses an unknown policy name before declaring anything", () => {
    expect(
      () => new Invitees("unknown", { invitees: [{ email: "cy@example.com", access: ["auditor"] }] }),
    ).to.throw(InviteeListError, /invitees\[0\]: access names 'auditor', which is not a policy/);
    expect(registrations.filter((r) => r.name.startsWith("unknown-")).length).to.equal(0);
  });
});
