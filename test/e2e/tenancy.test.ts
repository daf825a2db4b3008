// Layer 4: people the tenancy already knows (members, invites made elsewhere), through the real engine.
import { expect } from "chai";
import { changesOf, inviteMutations, useE2E } from "../helpers/e2e";
import { rejection } from "../helpers/assert";

describe("e2e: Invite and what the tenancy already holds", function () {
  this.timeout(10 * 60_000);
  const e2e = useE2E();

  it("records an existing member as accepted without sending an invite", async () => {
    const member = e2e.emu.addMember({ email: "mia@example.com", active: true });
    const s = await e2e.stack("member", { invitees: [{ email: "mia@example.com" }] });
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 3 }); // the invite, the component, the stack
    expect(up.outputs.statuses.value).to.deep.equal({ "mia@example.com": "accepted" });
    expect(up.outputs.identities.value).to.deep.equal({ "mia@example.com": member.identity });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    const state = e2e.emu.state();
    expect(state.invites).to.deep.equal([]);
    expect(state.members).to.deep.equal([member]);
    const recorded = await s.invite("mia@example.com");
    expect(recorded?.outputs).to.include({
      status: "accepted",
      memberIdentity: member.identity,
      adopted: false,
    });
  });

  it("adopts a pending invite created out of band when adopt is set, without sending another", async () => {
    const existing = e2e.emu.createInvite({ email: "ned@example.com", message: "from the portal" });
    const s = await e2e.stack("adopt", { invitees: [{ email: "ned@example.com", adopt: true }] });
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 3 });
    expect(up.outputs.identities.value).to.deep.equal({ "ned@example.com": existing.identity });
    expect(up.outputs.statuses.value).to.deep.equal({ "ned@example.com": "pending" });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal([existing]);
    const recorded = await s.invite("ned@example.com");
    expect(recorded?.id).to.equal(existing.identity);
    expect(recorded?.outputs).to.include({ adopted: true, adopt: true, status: "pending" });
  });

  it("fails up naming the existing invite and adopt when a pending invite exists and adopt is not set", async () => {
    const existing = e2e.emu.createInvite({ email: "olga@example.com" });
    const s = await e2e.stack("no-adopt", { invitees: [{ email: "olga@example.com" }] });
    const err = await rejection(s.up());
    const text = `${err.message}\n${s.output.join("")}`;
    expect(text).to.include(existing.identity);
    expect(text).to.include("adopt: true");
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal([existing]);
    expect(await s.invites()).to.deep.equal([]);
  });
});
