import { expect } from "chai";
import {
  DataTrailsClient,
  DataTrailsConfigError,
  DEFAULT_RETRY,
  DEFAULT_TRANSPORT,
  inviteUuid,
  normalizeClientOptions,
  type DataTrailsClientOptions,
} from "../../provider/client";

function configError(fn: () => unknown): DataTrailsConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(DataTrailsConfigError);
    return err as DataTrailsConfigError;
  }
  throw new Error("expected a DataTrailsConfigError");
}

describe("client: options", () => {
  it("fills in the documented defaults", () => {
    const o = normalizeClientOptions({ token: "abcdefgh" });
    expect(o.endpoints.url).to.equal("https://app.datatrails.ai");
    expect(o.endpoints.invitesPrefix).to.equal("/archivist/iam/v1/invites");
    expect(o.endpoints.invitesPrefixFallback).to.equal("/archivist/v1/invites");
    expect(o.retry).to.deep.equal(DEFAULT_RETRY);
    expect(o.transport).to.deep.equal(DEFAULT_TRANSPORT);
    expect(DEFAULT_RETRY).to.include({ baseDelayMs: 250, factor: 2, maxDelayMs: 20_000, budgetMs: 120_000 });
    expect(DEFAULT_TRANSPORT).to.include({ timeoutMs: 30_000, maxInFlight: 8 });
  });

  it("uses /archivist/v1/caps for caps unless capsPath says otherwise, and refuses a relative one", () => {
    expect(normalizeClientOptions({ token: "abcdefgh" }).endpoints.capsPath).to.equal("/archivist/v1/caps");
    expect(normalizeClientOptions({ token: "abcdefgh", capsPath: "/x/caps" }).endpoints.capsPath).to.equal(
      "/x/caps",
    );
    expect(configError(() => normalizeClientOptions({ token: "abcdefgh", capsPath: "caps" })).field).to.equal(
      "capsPath",
    );
  });

  it("strips a trailing slash from the URL", () => {
    expect(
      normalizeClientOptions({ token: "abcdefgh", url: "https://example.com/base/" }).endpoints.url,
    ).to.equal("https://example.com/base");
  });

  it("refuses plain http to a non-loopback host, naming the URL and the reason", () => {
    const err = configError(
      () => new DataTrailsClient({ token: "abcdefgh", url: "http://app.datatrails.ai" }),
    );
    expect(err.field).to.equal("url");
    expect(err.message).to.contain("http://app.datatrails.ai").and.contain("unencrypted");
  });

  for (const url of [
    "http://localhost:8080",
    "http://127.0.0.1:1",
    "http://127.9.9.9",
    "http://[::1]:9000/",
  ]) {
    it(`accepts plain http to loopback ${url}`, () => {
      expect(() => normalizeClientOptions({ token: "abcdefgh", url })).not.to.throw();
    });
  }

  for (const url of [
    "ftp://example.com",
    "not a url",
    "",
    "file:///etc/passwd",
    "https://example.com/?x=1",
  ]) {
    it(`rejects the URL ${JSON.stringify(url)}`, () => {
      expect(configError(() => normalizeClientOptions({ token: "abcdefgh", url })).field).to.equal("url");
    });
  }

  it("rejects a URL with a password without echoing it", () => {
    const err = configError(() =>
      normalizeClientOptions({ token: "abcdefgh", url: "https://u:hunter2secret@x.io" }),
    );
    expect(err.message).not.to.contain("hunter2secret");
  });

  it("requires some credentials, and both halves of client credentials", () => {
    expect(configError(() => normalizeClientOptions({})).message).to.contain("tokenFile");
    expect(configError(() => normalizeClientOptions({ clientId: "id" })).field).to.equal("clientSecret");
    expect(configError(() => normalizeClientOptions({ clientSecret: "s3cretvalue" })).field).to.equal(
      "clientId",
    );
  });

  it("prefers token over tokenFile over client credentials", () => {
    const all = { token: "abcdefgh", tokenFile: "/x", clientId: "id", clientSecret: "secret" };
    expect(normalizeClientOptions(all).credentials.kind).to.equal("token");
    expect(normalizeClientOptions({ ...all, token: undefined }).credentials.kind).to.equal("tokenFile");
  });

  it("rejects bad option shapes naming the field", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ retry: { budgetMs: -1 } }, "retry.budgetMs"],
      [{ retry: { maxAttempts: 1.5 } }, "retry.maxAttempts"],
      [{ retry: { bogus: 1 } }, "retry.bogus"],
      [{ transport: { maxInFlight: 0 } }, "transport.maxInFlight"],
      [{ transport: "fast" }, "transport"],
      [{ invitesPrefix: "no-slash" }, "invitesPrefix"],
      [{ invitesPrefix: "/a/../b" }, "invitesPrefix"],
      [{ fetch: 42 }, "fetch"],
      [{ tokn: "typo" }, "tokn"],
      [{ token: "Bearer abc" }, "token"],
    ];
    for (const [extra, field] of cases) {
      const err = configError(() =>
        normalizeClientOptions({ token: "abcdefgh", ...extra } as unknown as DataTrailsClientOptions),
      );
      expect(err.field, JSON.stringify(extra)).to.equal(field);
      expect(err.message).to.contain(field);
    }
  });

  it("accepts invitesPrefixFallback: null to disable the fallback", () => {
    expect(
      normalizeClientOptions({ token: "abcdefgh", invitesPrefixFallback: null }).endpoints
        .invitesPrefixFallback,
    ).to.equal(null);
  });

  it("strips the invites/ prefix and refuses identities that could change the request path", () => {
    expect(inviteUuid("invites/3f1c-aa")).to.equal("3f1c-aa");
    expect(inviteUuid("3f1c-aa")).to.equal("3f1c-aa");
    for (const bad of [
      "",
      "invites/",
      "../members",
      "a/b",
      "a?b=1",
      "..",
      "a%2Fb",
      "invites/a#b",
      "members/x",
      "a b",
    ]) {
      expect(configError(() => inviteUuid(bad)).field, bad).to.equal("identity");
    }
  });

  it("rejects invalid invite input before sending anything", async () => {
    let called = 0;
    const client = new DataTrailsClient({
      token: "abcdefgh",
      fetch: async () => {
        called++;
        throw new Error("must not be called");
      },
    });
    for (const input of [
      { email: "" },
      { email: "no-at-sign" },
      { email: `${"a".repeat(125)}@x.io` },
      { email: "a@x.io", message: "m".repeat(257) },
    ]) {
      let err: unknown;
      try {
        await client.createInvite(input);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(input)).to.be.instanceOf(DataTrailsConfigError);
    }
    for (const id of ["../x", "a/b"]) {
      let err: unknown;
      try {
        await client.getInvite(id);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(DataTrailsConfigError);
    }
    expect(called).to.equal(0);
  });
});
