import { expect } from "chai";
import { collect, DataTrailsError } from "../../provider/client";
import { sendJson, startFakeService, startServer, testClient, type FakeService } from "./helpers";

describe("client: paging", () => {
  let service: FakeService;
  beforeEach(async () => {
    service = await startFakeService("/archivist/iam/v1/invites", 2);
    for (let i = 0; i < 7; i++) {
      service.invites.push({
        identity: `invites/id-${i}`,
        email: i % 2 === 0 ? "even@x.io" : "odd@x.io",
        message: `m${i}`,
        expiry_time: "2025-01-11T00:00:00Z",
      });
    }
  });
  afterEach(() => service.close());

  it("lists every invite across several pages with an email filter", async () => {
    const invites = await collect(testClient(service.url).listInvites({ email: "even@x.io", pageSize: 2 }));
    expect(invites.map((i) => i.identity)).to.deep.equal([
      "invites/id-0",
      "invites/id-2",
      "invites/id-4",
      "invites/id-6",
    ]);
    expect(invites[0]).to.deep.equal({
      identity: "invites/id-0",
      email: "even@x.io",
      message: "m0",
      expiryTime: "2025-01-11T00:00:00Z",
    });
    const gets = service.requests.filter((r) => r.method === "GET");
    expect(gets).to.have.length(2);
    expect(gets.map((r) => r.query.get("page_token") ?? "")).to.deep.equal(["", "2"]);
    expect(
      gets.every((r) => r.query.get("email") === "even@x.io" && r.query.get("page_size") === "2"),
    ).to.equal(true);
  });

  it("fetches pages lazily, only as the consumer advances", async () => {
    const iterator = testClient(service.url).listInvites({ pageSize: 2 })[Symbol.asyncIterator]();
    expect(service.requests).to.have.length(0);
    await iterator.next();
    await iterator.next();
    expect(service.requests).to.have.length(1);
    await iterator.next();
    expect(service.requests).to.have.length(2);
  });

  it("stops when next_page_token is missing", async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, { invites: [{ identity: "invites/a" }] }),
    );
    try {
      expect(await collect(testClient(server.url).listInvites())).to.have.length(1);
      expect(server.requests).to.have.length(1);
    } finally {
      await server.close();
    }
  });

  it("refuses to loop forever on a page token the server already returned", async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, { invites: [], next_page_token: "same" }),
    );
    try {
      let err: unknown;
      try {
        await collect(testClient(server.url).listInvites());
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(DataTrailsError);
      expect((err as Error).message).to.contain("already returned");
    } finally {
      await server.close();
    }
  });
});

describe("client: members", () => {
  const members = [
    { identity: "members/1", display_name: "Ann", email: "ann@x.io", active: false, roles: ["OWNER"] },
    { identity: "members/2", email: "Bob@X.io", active: true },
    { identity: "members/3", email: "ann@x.io", active: true, roles: [] },
    { identity: "members/4", email: "cy@x.io", active: false },
  ];
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => {
    server = await startServer((req, res) => {
      const start = Number(req.query.get("page_token") || 0);
      const next = start + 1 < members.length ? String(start + 1) : "";
      sendJson(res, 200, { members: members.slice(start, start + 1), page_token: next });
    });
  });
  afterEach(() => server.close());

  it("lists members across pages, following page_token, with MEMBER_STATE_BOTH by default", async () => {
    const all = await collect(testClient(server.url).listMembers({ pageSize: 1 }));
    expect(all.map((m) => m.identity)).to.deep.equal(["members/1", "members/2", "members/3", "members/4"]);
    expect(all[0]).to.deep.equal({
      identity: "members/1",
      displayName: "Ann",
      email: "ann@x.io",
      active: false,
      roles: ["OWNER"],
    });
    expect(all[1]).to.deep.equal({
      identity: "members/2",
      displayName: "",
      email: "Bob@X.io",
      active: true,
      roles: [],
    });
    expect(server.requests.map((r) => r.query.get("member_state"))).to.deep.equal(
      Array(4).fill("MEMBER_STATE_BOTH"),
    );
    expect(server.requests[0].path).to.equal("/archivist/iam/v1/members");
  });

  it("finds a member by email case-insensitively, preferring an active one", async () => {
    const client = testClient(server.url);
    expect((await client.findMemberByEmail("BOB@x.io"))?.identity).to.equal("members/2");
    expect((await client.findMemberByEmail("ann@x.io"))?.identity).to.equal("members/3");
    expect((await client.findMemberByEmail("cy@x.io"))?.active).to.equal(false);
    expect(await client.findMemberByEmail("nobody@x.io")).to.equal(undefined);
  });
});
