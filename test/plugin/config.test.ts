// The native provider's config as the engine sends it, turned into the dynamic provider's settings:
// pure tables for Configure's source, CheckConfig and DiffConfig.
import { expect } from "chai";
import { checkConfig, configSourceOf, diffConfig, hasUnknownSetting } from "../../provider/plugin";
import { UNKNOWN } from "../../provider/resource/fields";
import { resolveSettings } from "../../provider/resource/settings";
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../tools/host";

const secret = (value: unknown) => ({ [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value });
const URL = "http://127.0.0.1:4000";

describe("plugin: provider config from the engine", () => {
  const sources: {
    name: string;
    args?: Record<string, unknown>;
    variables?: [string, string][];
    want: Record<string, string>;
  }[] = [
    {
      name: "un-namespaced args become the stack config keys the settings read",
      args: { url: URL, clientId: "id", clientSecret: "s" },
      want: { "datatrails:url": URL, "datatrails:clientId": "id", "datatrails:clientSecret": "s" },
    },
    {
      name: "secret-wrapped values are unwrapped",
      args: { token: secret("tok") },
      want: { "datatrails:token": "tok" },
    },
    {
      name: "the tenancy pin (a provider argument) becomes datatrails:tenancy",
      args: { tenancy: "tenant/08838336-c357-460d-902a-3aba9528dd22", token: "tok" },
      want: {
        "datatrails:tenancy": "tenant/08838336-c357-460d-902a-3aba9528dd22",
        "datatrails:token": "tok",
      },
    },
    {
      name: "numbers (typed config of an explicit provider) are spelled as stack config would",
      args: { retryBudgetSeconds: 5, maxRequestsInFlight: 4, listingMaxAgeSeconds: 0 },
      want: {
        "datatrails:retryBudgetSeconds": "5",
        "datatrails:maxRequestsInFlight": "4",
        "datatrails:listingMaxAgeSeconds": "0",
      },
    },
    {
      name: "null, unknown and keys that are no setting are left out",
      args: { url: null, token: UNKNOWN, version: "0.1.0", invitees: "x" },
      want: {},
    },
    {
      name: "without args, the legacy variables map (namespaced keys) is read",
      variables: [
        ["datatrails:url", URL],
        ["datatrails:token", "tok"],
        ["other:key", "x"],
      ],
      want: { "datatrails:url": URL, "datatrails:token": "tok" },
    },
  ];
  for (const row of sources) {
    it(row.name, () => {
      const source = configSourceOf(row.args, new Map(row.variables ?? []));
      const keys = [
        "datatrails:url",
        "datatrails:clientId",
        "datatrails:clientSecret",
        "datatrails:token",
        "datatrails:tokenFile",
        "datatrails:tenancy",
        "datatrails:retryBudgetSeconds",
        "datatrails:requestTimeoutSeconds",
        "datatrails:listingMaxAgeSeconds",
        "datatrails:maxRequestsInFlight",
      ];
      const got = Object.fromEntries(
        keys.flatMap((k) => (source.get(k) === undefined ? [] : [[k, source.get(k)]])),
      );
      expect(got).to.deep.equal(row.want);
    });
  }

  const checks: {
    name: string;
    news: Record<string, unknown>;
    env?: Record<string, string>;
    says?: RegExp;
  }[] = [
    { name: "a token in config passes", news: { url: URL, token: secret("tok") } },
    {
      name: "no credentials anywhere fails listing every way",
      news: { url: URL },
      says: /No DataTrails credentials/,
    },
    {
      name: "credentials from the environment pass when config has none (its URL the environment's)",
      news: { url: URL },
      env: { DATATRAILS_URL: URL, DATATRAILS_TOKEN: "tok" },
    },
    {
      name: "credentials from the environment fail for a URL of the provider's own (the environment's is another)",
      news: { url: URL },
      env: { DATATRAILS_TOKEN: "tok" },
      says: /refusing to send the environment's credentials to another URL/,
    },
    {
      name: "an explicit provider naming half a client credential fails, never completed from the environment",
      news: { url: URL, clientId: "own-id" },
      env: { DATATRAILS_URL: URL, DATATRAILS_CLIENT_SECRET: "env-secret", DATATRAILS_TOKEN: "env-token" },
      says: /datatrails:clientId is set in the stack config but datatrails:clientSecret is not/,
    },
    {
      name: "half a client credential fails naming the missing key",
      news: { clientId: "id" },
      says: /datatrails:clientSecret/,
    },
    { name: "a bad URL fails naming its key", news: { url: "ftp://x", token: "t" }, says: /datatrails:url/ },
    {
      name: "a bad number fails naming its key and range",
      news: { token: "t", retryBudgetSeconds: -1 },
      says: /datatrails:retryBudgetSeconds/,
    },
    { name: "values not known yet are not judged", news: { url: URL, token: UNKNOWN } },
  ];
  for (const row of checks) {
    it(`CheckConfig: ${row.name}`, () => {
      const failures = checkConfig(row.news, row.env ?? {});
      if (row.says === undefined) {
        expect(failures).to.deep.equal([]);
      } else {
        expect(failures).to.have.length(1);
        // No property: the engine would print the (maybe secret) value beside it.
        expect(failures[0].property).to.equal("");
        expect(failures[0].reason).to.match(row.says);
      }
    });
  }

  it("an explicit provider that names a credential uses only its own, whatever the environment holds", () => {
    const env = {
      DATATRAILS_URL: "https://env.example.com",
      DATATRAILS_CLIENT_ID: "env-id",
      DATATRAILS_CLIENT_SECRET: "env-secret",
    };
    const settings = resolveSettings(configSourceOf({ token: secret("own-token") }, new Map()), env);
    expect(settings).to.deep.include({
      credentials: { kind: "token", token: "own-token" },
      credentialSource: "stack config",
    });
  });

  it("hasUnknownSetting sees unknowns, also inside a secret", () => {
    expect(hasUnknownSetting({ url: URL })).to.equal(false);
    expect(hasUnknownSetting({ clientSecret: secret(UNKNOWN) })).to.equal(true);
    expect(hasUnknownSetting({ version: UNKNOWN })).to.equal(false);
  });

  const diffs: {
    name: string;
    olds: Record<string, unknown>;
    news: Record<string, unknown>;
    want: string[];
  }[] = [
    {
      name: "the same config",
      olds: { url: URL, token: "t" },
      news: { url: URL, token: secret("t") },
      want: [],
    },
    {
      name: "a rotated secret",
      olds: { clientSecret: "a" },
      news: { clientSecret: secret("b") },
      want: ["clientSecret"],
    },
    {
      name: "a number given as text then as a number",
      olds: { retryBudgetSeconds: "5" },
      news: { retryBudgetSeconds: 5 },
      want: [],
    },
    { name: "a setting removed", olds: { url: URL }, news: {}, want: ["url"] },
    { name: "an unknown new value", olds: { url: URL }, news: { url: UNKNOWN }, want: ["url"] },
    { name: "keys that are no setting", olds: { version: "1" }, news: { version: "2" }, want: [] },
  ];
  for (const row of diffs) {
    it(`DiffConfig: ${row.name} ${row.want.length ? "changes" : "changes nothing"}, and never replaces`, () => {
      expect(diffConfig(row.olds, row.news)).to.deep.equal({ changes: row.want.length > 0, diffs: row.want });
    });
  }
});
