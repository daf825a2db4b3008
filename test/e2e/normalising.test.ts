// Layer 4: a service that rewrites what it stores (issue 9 §4). The emulator's `normalizeStored`
// switch lower-cases emails and trims and collapses white space in messages; the provider must plan
// nothing (and so send no invitation email) after `up` or `refresh` all the same, and state written
// by 0.1.0 (no declared copy) must upgrade without re-sending anyone's invite.
// Each scenario only needs a stack whose program declares the `invitees` config, so it moves to a
// project folder as it is.
import { expect } from "chai";
import type { Deployment } from "@pulumi/pulumi/automation";
import { changesOf, inviteMutations, useE2E, type E2EStack } from "../helpers/e2e";

/** The outputs this version adds to an Invite; 0.1.0 wrote none of them. */
const DECLARED_KEYS = ["declaredEmail", "declaredMessage"];

interface DeploymentResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * A copy of an exported deployment with every Invite's declared copy removed from its outputs (and
 * inputs), which is what state written by 0.1.0 looks like; also how many Invites were changed.
 */
function as010State(exported: Deployment): { state: Deployment; invites: number } {
  const state = JSON.parse(JSON.stringify(exported)) as Deployment;
  const resources = ((state.deployment as { resources?: DeploymentResource[] }).resources ?? []).filter((r) =>
    r.type.endsWith(":Invite"),
  );
  for (const resource of resources) {
    for (const props of [resource.outputs, resource.inputs]) {
      for (const key of DECLARED_KEYS) if (props) delete props[key];
    }
  }
  return { state, invites: resources.length };
}

/** `pulumi stack export` (secrets stay encrypted) as the Automation API's `Deployment`. */
async function exported(s: E2EStack): Promise<Deployment> {
  return JSON.parse(await s.exportJson()) as Deployment;
}

describe("e2e: a service that rewrites what it stores", function () {
  this.timeout(10 * 60_000);
  const e2e = useE2E();

  beforeEach(() => {
    e2e.emu.setSwitches({ normalizeStored: true });
  });

  it("plans nothing after up or refresh when the service lower-cases the email and collapses the message", async () => {
    const s = await e2e.stack("normalising", {
      invitees: [
        { email: "Vera.Quinn@Example.COM", message: "  Welcome   to\n the  team " },
        { email: "walt@example.com", message: "Hi\tWalt" },
      ],
    });
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({ create: 4 }); // 2 invites, the component, the stack
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal(["POST invites", "POST invites"]);
    // The service really rewrote both invites, so comparing with its copy would replace them.
    const stored = e2e.emu.state().invites.map((i) => [i.email, i.message]);
    expect(stored.sort()).to.deep.equal([
      ["vera.quinn@example.com", "Welcome to the team"],
      ["walt@example.com", "Hi Walt"],
    ]);
    const vera = await s.invite("vera.quinn@example.com");
    expect(vera?.outputs).to.include({
      declaredEmail: "Vera.Quinn@Example.COM",
      declaredMessage: "  Welcome   to\n the  team ",
    });

    e2e.emu.clearRequests();
    const preview = await s.preview({ expectNoChanges: true });
    expect(changesOf(preview.changeSummary)).to.deep.equal({});
    const refresh = await s.refresh();
    expect(changesOf(refresh.summary.resourceChanges)).to.deep.equal({});
    const afterRefresh = await s.preview({ expectNoChanges: true });
    expect(changesOf(afterRefresh.changeSummary)).to.deep.equal({});
    const again = await s.up();
    expect(changesOf(again.summary.resourceChanges)).to.deep.equal({});
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(
      e2e.emu
        .state()
        .invites.map((i) => [i.email, i.message])
        .sort(),
    ).to.deep.equal(stored);
  });

  it("upgrades state written by 0.1.0 without re-sending any invite, then records the declared copy", async () => {
    const s = await e2e.stack("upgrade", {
      invitees: [{ email: "Xena@Example.com", message: "Welcome" }, { email: "yuri@example.com" }],
    });
    await s.up();
    const before = e2e.emu.state().invites;
    expect(before).to.have.length(2);

    const current = await exported(s);
    expect(JSON.stringify(current)).to.include("declaredEmail");
    const { state, invites } = as010State(current);
    expect(invites).to.equal(2);
    expect(JSON.stringify(state)).not.to.match(/declaredEmail|declaredMessage/);
    await s.stack.importStack(state);
    for (const invite of await s.invites()) {
      for (const key of DECLARED_KEYS) expect(invite.outputs).not.to.have.property(key);
    }

    e2e.emu.clearRequests();
    const preview = await s.preview({ expectNoChanges: true });
    expect(changesOf(preview.changeSummary)).to.deep.equal({});
    const up = await s.up();
    expect(changesOf(up.summary.resourceChanges)).to.deep.equal({});
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);

    // The next refresh writes the declared copy, taken from the recorded outputs.
    await s.refresh();
    const xena = await s.invite("xena@example.com");
    expect(xena?.outputs).to.include({ declaredEmail: "xena@example.com", declaredMessage: "Welcome" });
    const yuri = await s.invite("yuri@example.com");
    expect(yuri?.outputs).to.include({ declaredEmail: "yuri@example.com", declaredMessage: "" });
    const last = await s.preview({ expectNoChanges: true });
    expect(changesOf(last.changeSummary)).to.deep.equal({});
    expect(inviteMutations(e2e.emu.requests())).to.deep.equal([]);
    expect(e2e.emu.state().invites).to.deep.equal(before);
  });
});
