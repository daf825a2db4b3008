import { expect } from "chai";
import { EmulatorError, type RunningEmulator, type WireMember } from "../../emulator";
import { assertSchema } from "./schemas/validator";
import { call, createInvite, expectError, expectOk, IAM, MEMBERS, uuidOf, useEmulator } from "./helpers";

interface MemberList {
  members: WireMember[];
  page_token: string;
}

describe("emulator members API", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 2 }, (started) => (emu = started));

  it("lists no members as an empty array with an empty page_token", async () => {
    const list = expectOk<MemberList>(await call(emu, "GET", MEMBERS), "memberList");
    expect(list).to.deep.equal({ members: [], page_token: "" });
  });

  it("turns an accepted invite into an active member without roles and deletes the invite", async () => {
    const invite = await createInvite(emu, "joiner@example.com");
    const member = emu.acceptInvite(invite.identity);
    assertSchema("member", member);
    expect(member).to.include({ email: "joiner@example.com", active: true, display_name: "" });
    expect(member.roles).to.deep.equal([]);
    expectError(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), 404);
    const list = expectOk<MemberList>(await call(emu, "GET", MEMBERS), "memberList");
    expect(list.members).to.deep.equal([member]);
  });

  it("throws a 404 EmulatorError when accepting an unknown invite", () => {
    expect(() => emu.acceptInvite("invites/00000000-0000-4000-8000-000000000000"))
      .to.throw(EmulatorError)
      .with.property("status", 404);
  });

  it("filters by member_state: unspecified and active list active ones, inactive and both as named", async () => {
    const active = emu.addMember({ email: "on@example.com", display_name: "On", roles: ["OWNER"] });
    const inactive = emu.addMember({ email: "off@example.com", active: false });
    const emails = async (query: string) =>
      expectOk<MemberList>(await call(emu, "GET", `${MEMBERS}${query}`), "memberList").members.map(
        (m) => m.email,
      );
    expect(await emails("")).to.deep.equal([active.email]);
    expect(await emails("?member_state=MEMBER_STATE_UNSPECIFIED")).to.deep.equal([active.email]);
    expect(await emails("?member_state=MEMBER_STATE_ACTIVE")).to.deep.equal([active.email]);
    expect(await emails("?member_state=MEMBER_STATE_INACTIVE")).to.deep.equal([inactive.email]);
    expect(await emails("?member_state=MEMBER_STATE_BOTH")).to.deep.equal([active.email, inactive.email]);
  });

  it("answers 400 to an unknown member_state", async () => {
    expectError(await call(emu, "GET", `${MEMBERS}?member_state=ALL`), 400, /member_state/);
  });

  it("pages with page_token as the next-page field and rejects a token used with another member_state", async () => {
    for (let i = 0; i < 5; i++) emu.addMember({ email: `m${i}@example.com` });
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const query = `?member_state=MEMBER_STATE_BOTH&page_size=2${token ? `&page_token=${token}` : ""}`;
      const page = expectOk<MemberList>(await call(emu, "GET", `${MEMBERS}${query}`), "memberList");
      seen.push(...page.members.map((m) => m.email));
      token = page.page_token;
      pages++;
      if (pages === 1) {
        expectError(
          await call(emu, "GET", `${MEMBERS}?member_state=MEMBER_STATE_ACTIVE&page_token=${token}`),
          400,
        );
      }
    } while (token !== "");
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(["m0", "m1", "m2", "m3", "m4"].map((m) => `${m}@example.com`));
  });

  it("rejects an invites page token on the members list", async () => {
    for (let i = 0; i < 2; i++) await createInvite(emu, `i${i}@example.com`);
    const page = expectOk<{ next_page_token: string }>(
      await call(emu, "GET", `${IAM}?page_size=1`),
      "inviteList",
    );
    expectError(
      await call(emu, "GET", `${MEMBERS}?page_token=${page.next_page_token}`),
      400,
      /different filter/,
    );
  });

  it("reflects deactivation and reactivation in the list", async () => {
    const member = emu.addMember({ email: "flip@example.com" });
    expect(emu.deactivateMember(member.identity).active).to.equal(false);
    let list = expectOk<MemberList>(await call(emu, "GET", MEMBERS), "memberList");
    expect(list.members).to.have.length(0);
    emu.activateMember(uuidOf(member.identity));
    list = expectOk<MemberList>(await call(emu, "GET", MEMBERS), "memberList");
    expect(list.members).to.have.length(1);
  });

  it("answers 404 to methods the members collection does not have", async () => {
    expectError(await call(emu, "POST", MEMBERS, { json: {} }), 404);
  });
});
