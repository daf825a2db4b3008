// The client's write hook (`beforeWrite`): awaited before every request that may change the tenancy,
// never before a read or the token exchange; its rejection is the call's, and that request is not sent.
import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { DataTrailsClient, DataTrailsConfigError, type WriteRequest } from "../../provider/client";
import { rejection } from "../helpers/assert";
import { useEmulator } from "../helpers/emulator";
import { emulatorClient } from "./helpers";

describe("client beforeWrite", () => {
  let emu: RunningEmulator;

  useEmulator({ port: 0, seed: 24 }, (started) => (emu = started));

  const sent = () => emu.requests().map((r) => `${r.method} ${r.path}`);

  it("is awaited before each write with its method and path, and before no read or token exchange", async () => {
    const seen: WriteRequest[] = [];
    const client = emulatorClient(emu, {
      beforeWrite: async (request) => {
        seen.push(request);
      },
    });
    const member = emu.addMember({ email: "dana@example.com" });
    const invite = await client.createInvite({ email: "alice@example.com" }, { knownIdentities: [] });
    await client.getInvite(invite.identity);
    await client.getSelfTenancy();
    await client.deleteInvite(invite.identity);
    await client.updateMemberRoles(member.identity, ["OWNER"]);
    await client.deactivateMember(member.identity);
    await client.activateMember(member.identity);
    const uuid = (identity: string) => identity.split("/")[1];
    expect(seen).to.deep.equal([
      { method: "POST", path: "/archivist/iam/v1/invites" },
      { method: "DELETE", path: `/archivist/iam/v1/invites/${uuid(invite.identity)}` },
      { method: "PATCH", path: `/archivist/iam/v1/members/${uuid(member.identity)}` },
      { method: "POST", path: `/archivist/iam/v1/members/${uuid(member.identity)}:deactivate` },
      { method: "POST", path: `/archivist/iam/v1/members/${uuid(member.identity)}:activate` },
    ]);
    expect(sent()[0]).to.equal("POST /archivist/iam/v1/appidp/token");
  });

  it("refuses every write with its rejection, sending none of them and retrying nothing", async () => {
    const refusal = new DataTrailsConfigError("not this tenancy", "datatrails:tenancy");
    let asked = 0;
    const client: DataTrailsClient = emulatorClient(emu, {
      beforeWrite: () => {
        asked++;
        return Promise.reject(refusal);
      },
    });
    const member = emu.addMember({ email: "dana@example.com" });
    const stored = emu.createInvite({ email: "bob@example.com" });
    const calls: Array<() => Promise<unknown>> = [
      () => client.createInvite({ email: "alice@example.com" }, { knownIdentities: [] }),
      () => client.deleteInvite(stored.identity),
      () => client.updateMemberRoles(member.identity, ["OWNER"]),
      () => client.deactivateMember(member.identity),
      () => client.activateMember(member.identity),
    ];
    for (const call of calls) expect(await rejection(call())).to.equal(refusal);
    expect(asked).to.equal(calls.length);
    expect(sent().filter((c) => !c.startsWith("POST /archivist/iam/v1/appidp/token"))).to.deep.equal([]);
    expect(emu.state().invites.map((i) => i.email)).to.deep.equal(["bob@example.com"]);
  });
});
