// Layer 4: the Invite provider through the real Pulumi CLI and engine against a real emulator.
// Every Pulumi command costs seconds, so each test runs as few as its assertions need.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Invite } from "../../provider";
import { inviteesProgram } from "../../examples/root/program";
import { callsAbout, changesOf, inviteMutations, useE2E } from "../helpers/e2e";

const DAY = 24 * 60 * 60;

describe("e2e: Invite lifecycle through the Pulumi engine", function () {
  this.timeout(10 * 60_000);
  const e2e = useE2E();

  it("creates every declared invite; a second preview and a refresh change nothing", async () => {
    const emails = ["alice@example.com", "bob@example.com", "carol@example.com"];
    const s = await e2e.stack("create", {
      invitees: [{ email: emails[0], message: "Welcome" }, { email: emails[1] }, { email: emails[2] }],
    });

    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 5 }); // 3 invites, the Invitees component, the stack
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([
      "POST invites",
      "POST invites",
      "POST invites",
    ]);
    const stored = e2e.emu.state().invites;
    expect(stored.map((i) => i.email).sort()).to.deep.equal(emails);
    expect(stored.find((i) => i.email === emails[0])?.message).to.equal("Welcome");
    const identities = up.outputs.identities.value as Record<string, string>;
    expect(identities).to.deep.equal(Object.fromEntries(stored.map((i) => [i.email, i.identity])));
    expect(up.outputs.statuses.value).to.deep.equal(Object.fromEntries(emails.map((e) => [e, "pending"])));

    const recorded = await s.invites();
    expect(recorded.map((i) => i.id).sort()).to.deep.equal(Object.values(identities).sort());

    e2e.emu.clearRequests();
    const preview = await s.preview({ expectNoChanges: true });
    expect(changesOf(preview.changeSummary)).to.deep.equal({});
    const refresh = await s.refresh();
    expect(changesOf(refresh.summary.resourceChanges)).to.deep.equal({});
    expect(refresh.summary.resourceChanges?.same).to.be.greaterThanOrEqual(3);
    // A refresh that found a difference would also rewrite the recorded outputs.
    expect(await s.invites()).to.deep.equal(recorded);
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal(stored);
  });

  it("sends DELETE before POST when the message changes", async () => {
    const s = await e2e.stack("message", {
      invitees: [{ email: "dave@example.com", message: "Hello" }, { email: "erin@example.com" }],
    });
    await s.up();
    const old = e2e.emu.state().invites.find((i) => i.email === "dave@example.com");
    expect(old).to.not.equal(undefined);

    e2e.emu.clearRequests();
    await s.setInvitees([
      { email: "dave@example.com", message: "Hello again" },
      { email: "erin@example.com" },
    ]);
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ replace: 1 });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([`DELETE ${old?.identity}`, "POST invites"]);
    const dave = e2e.emu.state().invites.filter((i) => i.email === "dave@example.com");
    expect(dave).to.have.length(1);
    expect(dave[0].message).to.equal("Hello again");
    expect(dave[0].identity).to.not.equal(old?.identity);
    expect((up.outputs.identities.value as Record<string, string>)["dave@example.com"]).to.equal(
      dave[0].identity,
    );
  });

  it("creates the new invite before deleting the old one when the email of a resource changes", async () => {
    // Names derive from emails in the example program; this program keeps one name for the resource.
    const program = async () => {
      const person = new Invite("person", { email: new pulumi.Config().require("email") });
      return { identity: person.identity, email: person.email };
    };
    const s = await e2e.stack("email", { program, config: { email: { value: "frank@example.com" } } });
    const first = await s.up();
    const oldIdentity = first.outputs.identity.value as string;

    e2e.emu.clearRequests();
    await s.stack.setConfig("email", { value: "francis@example.com" });
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ replace: 1 });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal(["POST invites", `DELETE ${oldIdentity}`]);
    const stored = e2e.emu.state().invites;
    expect(stored.map((i) => i.email)).to.deep.equal(["francis@example.com"]);
    expect(up.outputs).to.deep.include({ identity: { value: stored[0].identity, secret: false } });
    expect(up.outputs.email.value).to.equal("francis@example.com");
  });

  it("moves invites declared one by one under Invitees without replacing anyone (aliases)", async () => {
    // The root program of 0.1 named each Invite after its email, with no parent.
    let asComponent = false;
    const program = async () => {
      if (asComponent) return inviteesProgram();
      const listed = new pulumi.Config().requireObject<{ email: string }[]>("invitees");
      for (const i of listed) new Invite(i.email.toLowerCase(), { email: i.email });
      return {};
    };
    const s = await e2e.stack("aliases", {
      program,
      invitees: [{ email: "olga@example.com" }, { email: "pete@example.com" }],
    });
    await s.up();
    const before = e2e.emu
      .state()
      .invites.map((i) => i.identity)
      .sort();

    e2e.emu.clearRequests();
    asComponent = true;
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 1 }); // only the component
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(
      e2e.emu
        .state()
        .invites.map((i) => i.identity)
        .sort(),
    ).to.deep.equal(before);
  });

  it("records an accepted invite on refresh and sends nothing on the next up", async () => {
    const s = await e2e.stack("accept", { invitees: [{ email: "gina@example.com" }] });
    const first = await s.up();
    const identity = (first.outputs.identities.value as Record<string, string>)["gina@example.com"];
    const member = e2e.emu.acceptInvite(identity);

    e2e.emu.clearRequests();
    await s.refresh();
    const recorded = await s.invite("gina@example.com");
    expect(recorded?.id).to.equal(identity);
    expect(recorded?.outputs).to.include({ status: "accepted", memberIdentity: member.identity });

    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({});
    expect(up.outputs.statuses.value).to.deep.equal({ "gina@example.com": "accepted" });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal([]);
  });

  it("invites again (one POST) after the invite was revoked out of band and refreshed away", async () => {
    const s = await e2e.stack("revoke", { invitees: [{ email: "hank@example.com" }] });
    const first = await s.up();
    const identity = (first.outputs.identities.value as Record<string, string>)["hank@example.com"];
    e2e.emu.revokeInvite(identity);

    e2e.emu.clearRequests();
    const refresh = await s.refresh();
    expect(changesOf(refresh.summary.resourceChanges)).to.deep.equal({ delete: 1 });
    expect(await s.invites()).to.deep.equal([]);

    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 1 });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal(["POST invites"]);
    const stored = e2e.emu.state().invites;
    expect(stored.map((i) => i.email)).to.deep.equal(["hank@example.com"]);
    expect(up.outputs.identities.value).to.deep.equal({ "hank@example.com": stored[0].identity });
    expect(up.outputs.statuses.value).to.deep.equal({ "hank@example.com": "pending" });
  });

  it("renews an expired invite on up --refresh with exactly one DELETE and one POST", async () => {
    const s = await e2e.stack("expire", { invitees: [{ email: "ivy@example.com", message: "Join us" }] });
    const first = await s.up();
    const identity = (first.outputs.identities.value as Record<string, string>)["ivy@example.com"];
    e2e.emu.advanceClock(11 * DAY); // past the default 10-day TTL

    e2e.emu.clearRequests();
    const up = await s.up({ refresh: true });
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ replace: 1 });
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([`DELETE ${identity}`, "POST invites"]);
    const stored = e2e.emu.state().invites;
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ email: "ivy@example.com", message: "Join us" });
    expect(Date.parse(stored[0].expiry_time)).to.be.greaterThan(Date.parse(e2e.emu.now()));
    expect(up.outputs.identities.value).to.deep.equal({ "ivy@example.com": stored[0].identity });
    expect(up.outputs.statuses.value).to.deep.equal({ "ivy@example.com": "pending" });
  });

  it("destroy deletes each pending invite and leaves members alone", async () => {
    const member = e2e.emu.addMember({ email: "kim@example.com", active: true });
    const s = await e2e.stack("destroy", {
      invitees: [{ email: "jack@example.com" }, { email: "kim@example.com" }, { email: "lee@example.com" }],
    });
    const up = await s.up();
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal(["POST invites", "POST invites"]);
    const ids = up.outputs.identities.value as Record<string, string>;
    expect(ids["kim@example.com"]).to.equal(member.identity);
    const accepted = e2e.emu.acceptInvite(ids["lee@example.com"]);
    await s.refresh();
    const members = e2e.emu.state().members;
    expect(members.map((m) => m.identity)).to.deep.equal([member.identity, accepted.identity]);

    e2e.emu.clearRequests();
    const destroy = await s.destroy();
    expect(changesOf(destroy.summary.resourceChanges)).to.deep.equal({ delete: 5 }); // 3 invites, the component, the stack
    const log = e2e.emu.requests();
    expect(inviteMutations(log)).to.deep.equal([`DELETE ${ids["jack@example.com"]}`]);
    expect(callsAbout(log, ids["lee@example.com"])).to.deep.equal([]);
    expect(callsAbout(log, member.identity)).to.deep.equal([]);
    expect(callsAbout(log, accepted.identity)).to.deep.equal([]);
    const after = e2e.emu.state();
    expect(after.invites).to.deep.equal([]);
    expect(after.members).to.deep.equal(members);
    expect(await s.invites()).to.deep.equal([]);
  });
});
