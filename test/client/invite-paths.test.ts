/**
 * The invites collection prefix and its fallback, over HTTP: a 404 of the collection under the
 * documented prefix switches to the OpenAPI one, which is remembered for every later call.
 */
import { expect } from "chai";
import { collect, isNotFound, type DataTrailsHTTPError } from "../../provider/client";
import { fakeClock, startFakeService, testClient, type FakeService } from "./helpers";
import { rejection } from "../helpers/assert";

describe("client: the invites prefix and its fallback", () => {
  let service: FakeService;
  beforeEach(async () => {
    service = await startFakeService();
  });
  afterEach(() => service.close());

  it("uses the fallback prefix after a 404 of the collection, and remembers it", async () => {
    await service.close();
    service = await startFakeService("/archivist/v1/invites");
    const client = testClient(service.url);
    const invite = await client.createInvite({ email: "fb@x.io" });
    expect(client.invitesPrefix).to.equal("/archivist/v1/invites");
    await client.getInvite(invite.identity);
    await collect(client.listInvites());
    await client.deleteInvite(invite.identity);
    expect(service.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "GET /archivist/iam/v1/invites",
      "GET /archivist/v1/invites",
      "POST /archivist/v1/invites",
      `GET /archivist/v1/invites/${invite.identity.slice(8)}`,
      "GET /archivist/v1/invites",
      `DELETE /archivist/v1/invites/${invite.identity.slice(8)}`,
    ]);
  });

  it("checks the collection before believing a 404 of an item under an unconfirmed prefix", async () => {
    await service.close();
    service = await startFakeService("/archivist/v1/invites");
    service.invites.push({ identity: "invites/abc", email: "a@x.io", message: "", expiry_time: "" });
    const client = testClient(service.url);
    expect((await client.getInvite("invites/abc")).email).to.equal("a@x.io");
    expect(client.invitesPrefix).to.equal("/archivist/v1/invites");
    const err = await rejection(client.getInvite("missing"));
    expect(isNotFound(err)).to.equal(true);
  });

  it("reports a real 404 of an item under the confirmed default prefix", async () => {
    const client = testClient(service.url);
    expect(isNotFound(await rejection(client.getInvite("missing")))).to.equal(true);
    expect(client.invitesPrefix).to.equal("/archivist/iam/v1/invites");
    expect(service.requests.map((r) => r.method)).to.deep.equal(["GET", "GET"]);
    expect(isNotFound(await rejection(client.deleteInvite("missing")))).to.equal(true);
    expect(service.requests).to.have.length(3);
  });

  it("says when neither prefix answers", async () => {
    const client = testClient(service.url, fakeClock(), { invitesPrefix: "/nope/invites" });
    const err = (await rejection(collect(client.listInvites()))) as DataTrailsHTTPError;
    expect(err.status).to.equal(404);
    expect(err.message).to.contain("/nope/invites answered 404 too");
  });
});
