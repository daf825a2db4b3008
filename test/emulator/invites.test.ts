import { expect } from "chai";
import { startEmulator, SwitchesError, type RunningEmulator } from "../../emulator";
import { normalizedInvite } from "../../emulator/store";
import { call, createInvite, expectError, expectOk, IAM, json, uuidOf, V1, useEmulator } from "./helpers";

interface InviteList {
  invites: Array<{ identity: string; email: string; message: string; expiry_time: string }>;
  next_page_token: string;
}

describe("emulator invites API", () => {
  let emu: RunningEmulator;

  useEmulator({ seed: 1 }, (started) => (emu = started));

  describe("create, get, list, delete", () => {
    it("answers 200 with the invite, a UUID identity and an expiry 10 days after emulator now", async () => {
      const invite = await createInvite(emu, "john.doe@example.com", "personalized message");
      expect(invite.identity).to.match(/^invites\/[0-9a-f-]{36}$/);
      expect(invite.email).to.equal("john.doe@example.com");
      expect(invite.message).to.equal("personalized message");
      expect(invite.expiry_time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const lifetime = (Date.parse(invite.expiry_time) - Date.parse(emu.now())) / 1000;
      expect(lifetime).to.be.within(864000 - 1, 864000 + 1);
    });

    it("creates an invite without a message and answers an empty message", async () => {
      const invite = await createInvite(emu, "no.message@example.com");
      expect(invite.message).to.equal("");
    });

    it("gives every invite a distinct identity", async () => {
      const a = await createInvite(emu, "a@example.com");
      const b = await createInvite(emu, "b@example.com");
      expect(a.identity).to.not.equal(b.identity);
    });

    it("answers 200 to GET of an existing invite and 404 to an unknown or malformed uuid", async () => {
      const invite = await createInvite(emu, "get@example.com", "hi");
      const got = expectOk(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), "invite");
      expect(got).to.deep.equal(invite);
      expectError(await call(emu, "GET", `${IAM}/00000000-0000-4000-8000-000000000000`), 404, /not found/);
      expectError(await call(emu, "GET", `${IAM}/not-a-uuid`), 404);
    });

    it("lists invites in creation order with an empty next_page_token on the last page", async () => {
      const a = await createInvite(emu, "a@example.com");
      const b = await createInvite(emu, "b@example.com");
      const list = expectOk<InviteList>(await call(emu, "GET", IAM), "inviteList");
      expect(list.invites).to.deep.equal([a, b]);
      expect(list.next_page_token).to.equal("");
    });

    it("lists nothing as an empty array", async () => {
      const list = expectOk<InviteList>(await call(emu, "GET", IAM), "inviteList");
      expect(list).to.deep.equal({ invites: [], next_page_token: "" });
    });

    it("answers 200 {} to DELETE, after which GET is 404 and a second DELETE is 404", async () => {
      const invite = await createInvite(emu, "del@example.com");
      const path = `${IAM}/${uuidOf(invite.identity)}`;
      expectOk(await call(emu, "DELETE", path), "empty");
      expectError(await call(emu, "GET", path), 404);
      expectError(await call(emu, "DELETE", path), 404);
    });

    it("answers 200 {} to deleting a missing invite when deleteMissing is 200", async () => {
      emu.setSwitches({ deleteMissing: 200 });
      expectOk(await call(emu, "DELETE", `${IAM}/00000000-0000-4000-8000-000000000000`), "empty");
    });

    it("tolerates a trailing slash on the collection", async () => {
      await createInvite(emu, "slash@example.com", undefined, `${IAM}/`);
      expectOk(await call(emu, "GET", `${IAM}/`), "inviteList");
    });

    it("answers 404 with a Status body to an unknown route or method", async () => {
      expectError(await call(emu, "GET", "/archivist/iam/v1/nothing"), 404, /no route/);
      expectError(await call(emu, "PUT", IAM), 404);
      expectError(await call(emu, "PATCH", `${IAM}/00000000-0000-4000-8000-000000000000`), 404);
    });
  });

  describe("prefixes", () => {
    it("serves the same invites under the docs prefix and the OpenAPI prefix", async () => {
      const invite = await createInvite(emu, "both@example.com", undefined, V1);
      const got = expectOk(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), "invite");
      expect(got).to.deep.equal(invite);
      const list = expectOk<InviteList>(await call(emu, "GET", V1), "inviteList");
      expect(list.invites).to.have.length(1);
      expectOk(await call(emu, "DELETE", `${V1}/${uuidOf(invite.identity)}`), "empty");
    });

    it("answers 404 on a prefix switched off while the other keeps working", async () => {
      emu.setSwitches({ prefixes: { iam: false } });
      expectError(await call(emu, "GET", IAM), 404);
      expectError(await call(emu, "POST", IAM, { json: { email: "x@example.com" } }), 404);
      await createInvite(emu, "v1@example.com", undefined, V1);
      emu.setSwitches({ prefixes: { iam: true, v1: false } });
      expectError(await call(emu, "GET", V1), 404);
      expectOk(await call(emu, "GET", IAM), "inviteList");
    });
  });

  describe("validation", () => {
    const long = (n: number) => "x".repeat(n);
    const cases: Array<[string, string, RegExp]> = [
      ["a body that is not JSON", "{email:", /not valid JSON/],
      ["an empty body", "", /not valid JSON/],
      ["a JSON array", "[]", /JSON object/],
      ["a JSON string", '"a@example.com"', /JSON object/],
      ["null", "null", /JSON object/],
      ["a missing email", JSON.stringify({ message: "hi" }), /email is required/],
      ["an email that is a number", JSON.stringify({ email: 42 }), /email must be a string/],
      ["an email that is null", JSON.stringify({ email: null }), /email must be a string/],
      ["an empty email", JSON.stringify({ email: "" }), /must not be empty/],
      ["a blank email", JSON.stringify({ email: "   " }), /must not be empty/],
      ["an email without @", JSON.stringify({ email: "john.example.com" }), /exactly one @/],
      ["an email with two @", JSON.stringify({ email: "a@b@example.com" }), /exactly one @/],
      ["an email with a space", JSON.stringify({ email: "john doe@example.com" }), /whitespace/],
      ["an email with a control character", JSON.stringify({ email: "john\u0001@example.com" }), /control/],
      ["an email with leading whitespace", JSON.stringify({ email: " a@example.com" }), /whitespace/],
      ["an email without local part", JSON.stringify({ email: "@example.com" }), /local part/],
      ["an email without domain", JSON.stringify({ email: "john@" }), /domain/],
      ["an email with an undotted domain", JSON.stringify({ email: "john@localhost" }), /dotted/],
      ["an email with a trailing dot", JSON.stringify({ email: "john@example." }), /dotted/],
      ["an email of 129 characters", JSON.stringify({ email: `${long(117)}@example.com` }), /at most 128/],
      [
        "a message that is a number",
        JSON.stringify({ email: "a@example.com", message: 1 }),
        /message must be a string/,
      ],
      [
        "a message that is null",
        JSON.stringify({ email: "a@example.com", message: null }),
        /message must be a string/,
      ],
      [
        "a message of 257 characters",
        JSON.stringify({ email: "a@example.com", message: long(257) }),
        /at most 256/,
      ],
      ["an unknown field", JSON.stringify({ email: "a@example.com", role: "OWNER" }), /unknown field "role"/],
      [
        "a read-only field",
        JSON.stringify({ email: "a@example.com", expiry_time: "2030-01-01T00:00:00Z" }),
        /unknown field/,
      ],
    ];
    for (const [what, body, pattern] of cases) {
      it(`answers 400 to ${what}`, async () => {
        expectError(
          await call(emu, "POST", IAM, { body, headers: { "content-type": "application/json" } }),
          400,
          pattern,
        );
        expect(emu.state().invites).to.have.length(0);
      });
    }

    it("accepts an email of exactly 128 characters and a message of exactly 256", async () => {
      const email = `${long(116)}@example.com`;
      expect(email).to.have.length(128);
      const invite = await createInvite(emu, email, long(256));
      expect(invite.email).to.equal(email);
    });

    it("counts length in characters, not bytes", async () => {
      await createInvite(emu, "emoji@example.com", "\u{1F600}".repeat(256));
    });

    it("answers 400 to a body over 1 MiB", async () => {
      const body = JSON.stringify({ email: "a@example.com", message: long(1024 * 1024) });
      expectError(await call(emu, "POST", IAM, { body }), 400, /larger than/);
    });
  });

  describe("paging and the email filter", () => {
    async function listAll(query: string): Promise<{ pages: InviteList[] }> {
      const pages: InviteList[] = [];
      let token = "";
      do {
        const sep = query ? "&" : "";
        const path = `${IAM}?${query}${token ? `${sep}page_token=${encodeURIComponent(token)}` : ""}`;
        const page = expectOk<InviteList>(await call(emu, "GET", path), "inviteList");
        pages.push(page);
        token = page.next_page_token;
      } while (token !== "" && pages.length < 20);
      return { pages };
    }

    it("walks several pages of an email-filtered list, case-insensitively, without gaps or repeats", async () => {
      const mine: string[] = [];
      for (let i = 0; i < 7; i++) {
        mine.push((await createInvite(emu, i % 2 ? "Pat@Example.com" : "pat@example.com")).identity);
        await createInvite(emu, `other${i}@example.com`);
      }
      const { pages } = await listAll("email=PAT%40EXAMPLE.COM&page_size=3");
      expect(pages.map((p) => p.invites.length)).to.deep.equal([3, 3, 1]);
      expect(pages.slice(0, -1).every((p) => p.next_page_token !== "")).to.equal(true);
      expect(pages.flatMap((p) => p.invites.map((i) => i.identity))).to.deep.equal(mine);
    });

    it("matches the email filter exactly, not as a substring", async () => {
      await createInvite(emu, "ann@example.com");
      await createInvite(emu, "joann@example.com");
      const list = expectOk<InviteList>(
        await call(emu, "GET", `${IAM}?email=ann%40example.com`),
        "inviteList",
      );
      expect(list.invites.map((i) => i.email)).to.deep.equal(["ann@example.com"]);
    });

    it("answers 400 to a page token reused with a different email filter", async () => {
      for (let i = 0; i < 3; i++) await createInvite(emu, "same@example.com");
      const first = expectOk<InviteList>(
        await call(emu, "GET", `${IAM}?email=same%40example.com&page_size=1`),
        "inviteList",
      );
      expect(first.next_page_token).to.not.equal("");
      const token = encodeURIComponent(first.next_page_token);
      expectError(
        await call(emu, "GET", `${IAM}?email=other%40example.com&page_token=${token}`),
        400,
        /different filter/,
      );
      expectError(await call(emu, "GET", `${IAM}?page_token=${token}`), 400, /different filter/);
      expectOk(await call(emu, "GET", `${IAM}?email=SAME%40example.com&page_token=${token}`), "inviteList");
    });

    it("answers 400 to a page token that is not one of its own", async () => {
      expectError(await call(emu, "GET", `${IAM}?page_token=garbage`), 400, /page_token/);
      const forged = Buffer.from(JSON.stringify({ o: -1, f: "x" })).toString("base64url");
      expectError(await call(emu, "GET", `${IAM}?page_token=${forged}`), 400, /page_token/);
    });

    it("answers 400 to a page_size that is not a non-negative integer", async () => {
      for (const size of ["-1", "abc", "1.5"]) {
        expectError(await call(emu, "GET", `${IAM}?page_size=${size}`), 400, /page_size/);
      }
    });

    it("caps page_size at maxPageSize and uses defaultPageSize when none is asked", async () => {
      for (let i = 0; i < 5; i++) await createInvite(emu, `p${i}@example.com`);
      emu.setSwitches({ maxPageSize: 2, defaultPageSize: 50 });
      let list = expectOk<InviteList>(await call(emu, "GET", `${IAM}?page_size=1000`), "inviteList");
      expect(list.invites).to.have.length(2);
      list = expectOk<InviteList>(await call(emu, "GET", IAM), "inviteList");
      expect(list.invites).to.have.length(2);
      emu.setSwitches({ maxPageSize: 100, defaultPageSize: 3 });
      list = expectOk<InviteList>(await call(emu, "GET", `${IAM}?page_size=0`), "inviteList");
      expect(list.invites).to.have.length(3);
    });

    it("returns 50 invites per page by default", async () => {
      for (let i = 0; i < 51; i++) emu.createInvite({ email: `bulk${i}@example.com` });
      const { pages } = await listAll("");
      expect(pages.map((p) => p.invites.length)).to.deep.equal([50, 1]);
    });
  });

  describe("duplicates and quota", () => {
    it("creates a second pending invite for the same email by default", async () => {
      await createInvite(emu, "dup@example.com");
      await createInvite(emu, "dup@example.com");
      expect(emu.state().invites).to.have.length(2);
    });

    it("answers 409 to a second pending invite for the same email when duplicatePending is conflict", async () => {
      emu.setSwitches({ duplicatePending: "conflict" });
      await createInvite(emu, "dup@example.com");
      expectError(
        await call(emu, "POST", IAM, { json: { email: "DUP@example.com" } }),
        409,
        /already exists/,
      );
      expect(emu.state().invites).to.have.length(1);
    });

    it("allows a new invite under conflict once the pending one has expired", async () => {
      emu.setSwitches({ duplicatePending: "conflict", inviteTtlSeconds: 60 });
      await createInvite(emu, "dup@example.com");
      emu.advanceClock(60);
      await createInvite(emu, "dup@example.com");
    });

    it("answers 402 when creating beyond inviteQuota pending invites, not counting expired ones", async () => {
      emu.setSwitches({ inviteQuota: 2, inviteTtlSeconds: 100 });
      await createInvite(emu, "q1@example.com");
      await createInvite(emu, "q2@example.com");
      expectError(await call(emu, "POST", IAM, { json: { email: "q3@example.com" } }), 402, /quota/);
      emu.advanceClock(100);
      await createInvite(emu, "q3@example.com");
    });
  });

  describe("expiry", () => {
    it("sets expiry_time from inviteTtlSeconds", async () => {
      emu.setSwitches({ inviteTtlSeconds: 3600 });
      const invite = await createInvite(emu, "ttl@example.com");
      const lifetime = (Date.parse(invite.expiry_time) - Date.parse(emu.now())) / 1000;
      expect(lifetime).to.be.within(3599, 3601);
    });

    it("still lists and gets an expired invite when expiredInvites is listed", async () => {
      emu.setSwitches({ inviteTtlSeconds: 10 });
      const invite = await createInvite(emu, "old@example.com");
      emu.advanceClock(10);
      expectOk(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), "invite");
      const list = expectOk<InviteList>(await call(emu, "GET", IAM), "inviteList");
      expect(list.invites).to.have.length(1);
    });

    it("hides an expired invite from list and get, and deletes it as missing, when expiredInvites is vanish", async () => {
      emu.setSwitches({ inviteTtlSeconds: 10, expiredInvites: "vanish" });
      const invite = await createInvite(emu, "old@example.com");
      const fresh = await createInvite(emu, "fresh@example.com");
      emu.advanceClock(5);
      emu.createInvite({ email: "later@example.com" });
      emu.advanceClock(5);
      const path = `${IAM}/${uuidOf(invite.identity)}`;
      expectError(await call(emu, "GET", path), 404);
      const list = json<InviteList>(await call(emu, "GET", IAM));
      expect(list.invites.map((i) => i.email)).to.deep.equal(["later@example.com"]);
      expectError(await call(emu, "DELETE", path), 404);
      emu.setSwitches({ deleteMissing: 200 });
      expectOk(await call(emu, "DELETE", `${IAM}/${uuidOf(fresh.identity)}`), "empty");
    });
  });

  describe("normalizeStored", () => {
    const cases: Array<[string, string, string, { email: string; message: string }]> = [
      ["lower-cases the email", "Alice@Example.COM", "hi", { email: "alice@example.com", message: "hi" }],
      ["trims the message", "a@example.com", "  hi  ", { email: "a@example.com", message: "hi" }],
      [
        "collapses every run of white space (tabs, newlines) to one space",
        "a@example.com",
        "Welcome \t to\n\n  the   team",
        { email: "a@example.com", message: "Welcome to the team" },
      ],
      ["leaves nothing of a blank message", "a@example.com", " \n ", { email: "a@example.com", message: "" }],
      ["keeps what is already normal", "a@example.com", "a b", { email: "a@example.com", message: "a b" }],
    ];
    for (const [what, email, message, expected] of cases) {
      it(`${what} when normalising`, () => {
        expect(normalizedInvite(email, message)).to.deep.equal(expected);
      });
    }

    it("stores and answers invites exactly as sent by default", async () => {
      const invite = await createInvite(emu, "Mixed@Example.COM", "  Hello   there ");
      expect(invite).to.include({ email: "Mixed@Example.COM", message: "  Hello   there " });
      expect(emu.state().invites[0]).to.include({ email: "Mixed@Example.COM", message: "  Hello   there " });
    });

    it("stores, answers, gets and lists invites normalised when on, still found by the email as sent", async () => {
      emu.setSwitches({ normalizeStored: true });
      const invite = await createInvite(emu, "Mixed@Example.COM", "  Hello \n  there ");
      expect(invite).to.include({ email: "mixed@example.com", message: "Hello there" });
      const got = expectOk(await call(emu, "GET", `${IAM}/${uuidOf(invite.identity)}`), "invite");
      expect(got).to.deep.equal(invite);
      const listed = json<InviteList>(
        await call(emu, "GET", `${IAM}?email=${encodeURIComponent("Mixed@Example.COM")}`),
      );
      expect(listed.invites).to.deep.equal([invite]);
      expect(emu.state().invites).to.deep.equal([invite]);
    });

    it("normalises invites created out of band too, and members who accept them", () => {
      emu.setSwitches({ normalizeStored: true });
      const invite = emu.createInvite({ email: "Bob@Example.com", message: " by  hand " });
      expect(invite).to.include({ email: "bob@example.com", message: "by hand" });
      expect(emu.acceptInvite(invite.identity).email).to.equal("bob@example.com");
    });

    it("keeps the switch from the start options across a reset", async () => {
      const custom = await startEmulator({ switches: { normalizeStored: true } });
      try {
        custom.reset();
        expect(custom.switches().normalizeStored).to.equal(true);
        expect(custom.createInvite({ email: "C@Example.com" }).email).to.equal("c@example.com");
      } finally {
        await custom.stop();
      }
    });

    it("refuses to start when the switch is not a boolean, naming it", async () => {
      let failure: unknown;
      try {
        await startEmulator({ switches: { normalizeStored: "yes" as unknown as boolean } });
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(SwitchesError);
      expect((failure as Error).message).to.match(/switches\.normalizeStored must be a boolean/);
    });
  });
});
