// resolveSettings on its own: a stack-config object and an environment object, no server and no
// process environment. Precedence rows say which source wins; bad rows (the shared config-rows.ts
// table) must be refused naming the setting and the fix.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DataTrailsConfigError, DEFAULT_URL } from "../../provider/client";
import {
  clientOptionsFor,
  resolveSettings,
  tenancyOptionsFor,
  type ConfigSource,
  type ProviderSettings,
} from "../../provider/resource/settings";
import { TENANCY_DEFAULTS } from "../../provider/resource/tenancy";
import { configRows, expectClear } from "./config-rows";

const TOKEN = "static-token-never-echoed";

/** Stack config as the host hands it over: a getter over the given keys. */
function stackConfig(values: Record<string, string>): ConfigSource {
  return { get: (key) => values[key] };
}

describe("resolveSettings", () => {
  describe("precedence: stack config, then the environment, then the default", () => {
    const rows: Array<[string, Record<string, string>, Record<string, string>, Partial<ProviderSettings>]> = [
      [
        "the default URL when neither source names one",
        { "datatrails:token": "t" },
        {},
        { url: DEFAULT_URL },
      ],
      [
        "DATATRAILS_URL when stack config names no URL",
        { "datatrails:token": "t" },
        { DATATRAILS_URL: "https://env.example.com" },
        { url: "https://env.example.com" },
      ],
      [
        "datatrails:url over DATATRAILS_URL",
        { "datatrails:url": "https://stack.example.com", "datatrails:token": "t" },
        { DATATRAILS_URL: "https://env.example.com" },
        { url: "https://stack.example.com" },
      ],
      [
        "an empty or blank stack value as absent",
        { "datatrails:url": "  ", "datatrails:token": "t" },
        { DATATRAILS_URL: "https://env.example.com" },
        { url: "https://env.example.com" },
      ],
      [
        "a stack token over environment client credentials (never mixed)",
        { "datatrails:token": "stack-token" },
        { DATATRAILS_CLIENT_ID: "env-id", DATATRAILS_CLIENT_SECRET: "env-secret" },
        { credentials: { kind: "token", token: "stack-token" }, credentialSource: "stack config" },
      ],
      [
        "stack client credentials over an environment token",
        { "datatrails:clientId": "id", "datatrails:clientSecret": "secret" },
        { DATATRAILS_TOKEN: "env-token" },
        {
          credentials: { kind: "clientCredentials", clientId: "id", clientSecret: "secret" },
          credentialSource: "stack config",
        },
      ],
      [
        "the environment's credentials when stack config names none",
        {},
        { DATATRAILS_TOKEN: "env-token" },
        { credentials: { kind: "token", token: "env-token" }, credentialSource: "environment" },
      ],
      [
        "the second environment names (DATATRAILS_APPREG_*) when the first are unset",
        {},
        { DATATRAILS_APPREG_CLIENT: "reg-id", DATATRAILS_APPREG_SECRET: "reg-secret" },
        {
          credentials: { kind: "clientCredentials", clientId: "reg-id", clientSecret: "reg-secret" },
          credentialSource: "environment",
        },
      ],
      [
        "the first environment name over the second",
        {},
        {
          DATATRAILS_CLIENT_ID: "first-id",
          DATATRAILS_APPREG_CLIENT: "reg-id",
          DATATRAILS_CLIENT_SECRET: "first-secret",
        },
        {
          credentials: { kind: "clientCredentials", clientId: "first-id", clientSecret: "first-secret" },
        },
      ],
      [
        "a token over client credentials in the same source",
        { "datatrails:token": "t", "datatrails:clientId": "id", "datatrails:clientSecret": "s" },
        {},
        { credentials: { kind: "token", token: "t" } },
      ],
      [
        "a trimmed token",
        { "datatrails:token": "  padded-token\n" },
        {},
        { credentials: { kind: "token", token: "padded-token" } },
      ],
      [
        "stack retry and timeout seconds over the environment's",
        {
          "datatrails:token": "t",
          "datatrails:retryBudgetSeconds": "30",
          "datatrails:requestTimeoutSeconds": "5",
        },
        { DATATRAILS_RETRY_BUDGET_SECONDS: "90", DATATRAILS_REQUEST_TIMEOUT_SECONDS: "9" },
        { retryBudgetSeconds: 30, requestTimeoutSeconds: 5 },
      ],
      [
        "environment seconds when stack config has none, up to 3600",
        { "datatrails:token": "t" },
        { DATATRAILS_RETRY_BUDGET_SECONDS: "3600", DATATRAILS_REQUEST_TIMEOUT_SECONDS: "0.5" },
        { retryBudgetSeconds: 3600, requestTimeoutSeconds: 0.5 },
      ],
      [
        "the listing age and requests in flight from stack config over the environment's",
        {
          "datatrails:token": "t",
          "datatrails:listingMaxAgeSeconds": "0",
          "datatrails:maxRequestsInFlight": "16",
        },
        { DATATRAILS_LISTING_MAX_AGE_SECONDS: "90", DATATRAILS_MAX_REQUESTS_IN_FLIGHT: "2" },
        { listingMaxAgeSeconds: 0, maxRequestsInFlight: 16 },
      ],
      [
        "datatrails:tenancy over DATATRAILS_TENANCY, as given",
        { "datatrails:token": "t", "datatrails:tenancy": "tenant/08838336-C357-460d-902a-3aba9528dd22" },
        { DATATRAILS_TENANCY: "tenant/11111111-2222-4333-8444-555555555555" },
        { pin: { tenancy: "tenant/08838336-C357-460d-902a-3aba9528dd22", setting: "datatrails:tenancy" } },
      ],
      [
        "DATATRAILS_TENANCY when stack config names no tenancy",
        { "datatrails:token": "t" },
        { DATATRAILS_TENANCY: "tenant/11111111-2222-4333-8444-555555555555" },
        { pin: { tenancy: "tenant/11111111-2222-4333-8444-555555555555", setting: "DATATRAILS_TENANCY" } },
      ],
      [
        "the environment's credentials when stack config names the environment's own URL (GitOps)",
        { "datatrails:url": "https://Tenancy.Example.com/" },
        { DATATRAILS_URL: "https://tenancy.example.com", DATATRAILS_TOKEN: "env-token" },
        { url: "https://Tenancy.Example.com/", credentialSource: "environment" },
      ],
      [
        "the environment's credentials when stack config names the default URL and DATATRAILS_URL is unset",
        { "datatrails:url": DEFAULT_URL },
        { DATATRAILS_TOKEN: "env-token" },
        { url: DEFAULT_URL, credentialSource: "environment" },
      ],
      [
        "stack credentials with DATATRAILS_URL (a provider that names only its credentials)",
        { "datatrails:token": "stack-token" },
        { DATATRAILS_URL: "https://env.example.com", DATATRAILS_TOKEN: "env-token" },
        { url: "https://env.example.com", credentialSource: "stack config" },
      ],
      [
        "the listing age and requests in flight from the environment",
        { "datatrails:token": "t" },
        { DATATRAILS_LISTING_MAX_AGE_SECONDS: "2.5", DATATRAILS_MAX_REQUESTS_IN_FLIGHT: "256" },
        { listingMaxAgeSeconds: 2.5, maxRequestsInFlight: 256 },
      ],
    ];

    for (const [name, config, env, expected] of rows) {
      it(`uses ${name}`, () => {
        expect(resolveSettings(stackConfig(config), env)).to.deep.include(expected);
      });
    }

    it("pins no tenancy when no source names one", () => {
      expect(resolveSettings(stackConfig({ "datatrails:token": "t" }), {})).to.not.have.property("pin");
    });

    it("leaves retry and timeout seconds to the client when no source sets them", () => {
      const settings = resolveSettings(stackConfig({ "datatrails:token": "t" }), {});
      expect(settings).to.not.have.any.keys("retryBudgetSeconds", "requestTimeoutSeconds");
    });

    it("leaves the listing age and requests in flight to their defaults when no source sets them", () => {
      const settings = resolveSettings(stackConfig({ "datatrails:token": "t" }), {});
      expect(settings).to.not.have.any.keys("listingMaxAgeSeconds", "maxRequestsInFlight");
      expect(tenancyOptionsFor(settings)).to.deep.equal(TENANCY_DEFAULTS);
      expect(clientOptionsFor(settings)).to.not.have.any.keys("transport");
    });

    it("hands the listing age to the tenancy and requests in flight to the client", () => {
      const settings = resolveSettings(
        stackConfig({
          "datatrails:token": "t",
          "datatrails:listingMaxAgeSeconds": "12",
          "datatrails:maxRequestsInFlight": "3",
        }),
        {},
      );
      expect(tenancyOptionsFor(settings).listingMaxAgeMs).to.equal(12_000);
      expect(clientOptionsFor(settings).transport).to.deep.equal({ maxInFlight: 3 });
    });

    it("reads only the environment when there is no stack config (handlers called directly)", () => {
      expect(resolveSettings(undefined, { DATATRAILS_TOKEN: "env-token" })).to.deep.include({
        credentials: { kind: "token", token: "env-token" },
        credentialSource: "environment",
      });
    });
  });

  describe("refuses bad values, naming the setting and the fix", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "settings-"));
      fs.writeFileSync(path.join(dir, "empty.token"), "  \n", { mode: 0o600 });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    // A loopback http URL and a token: what the rows add to unless they override or omit them.
    function configOf(row: (typeof configRows)[number]): Record<string, string> {
      const defaults: Record<string, string> = {
        "datatrails:url": "http://127.0.0.1:8080",
        "datatrails:token": TOKEN,
      };
      for (const key of row.omit ?? []) delete defaults[key];
      return { ...defaults, ...row.config({ clientId: "app-1", dir }) };
    }

    for (const row of configRows) {
      it(`refuses ${row.name}`, () => {
        let thrown: unknown;
        try {
          resolveSettings(stackConfig(configOf(row)), row.env?.({ clientId: "app-1", dir }) ?? {});
        } catch (err) {
          thrown = err;
        }
        expect(thrown).to.be.instanceOf(DataTrailsConfigError);
        const err = thrown as DataTrailsConfigError;
        expectClear(err.message, row, TOKEN);
        expectClear(err.stack ?? "", row, TOKEN);
      });
    }

    it("refuses incomplete stack credentials even when the environment has a token", () => {
      expect(() =>
        resolveSettings(stackConfig({ "datatrails:clientSecret": "s" }), { DATATRAILS_TOKEN: "env-token" }),
      ).to.throw(
        DataTrailsConfigError,
        /datatrails:clientSecret is set in the stack config but datatrails:clientId is not/,
      );
    });

    it("refuses incomplete environment credentials, naming the environment", () => {
      expect(() => resolveSettings(stackConfig({}), { DATATRAILS_CLIENT_ID: "id" })).to.throw(
        DataTrailsConfigError,
        /datatrails:clientId is set in the environment but datatrails:clientSecret is not.*DATATRAILS_CLIENT_SECRET/,
      );
    });

    const badSeconds = ["abc", "0", "-1", "3601", "Infinity", "NaN"];
    for (const value of badSeconds) {
      it(`refuses DATATRAILS_REQUEST_TIMEOUT_SECONDS=${JSON.stringify(value)}`, () => {
        expect(() =>
          resolveSettings(stackConfig({ "datatrails:token": "t" }), {
            DATATRAILS_REQUEST_TIMEOUT_SECONDS: value,
          }),
        ).to.throw(
          DataTrailsConfigError,
          new RegExp(
            `datatrails:requestTimeoutSeconds \\(or DATATRAILS_REQUEST_TIMEOUT_SECONDS\\) is "${value}"`,
          ),
        );
      });
    }

    const badNumbers: Array<[string, string, RegExp]> = [
      ["DATATRAILS_LISTING_MAX_AGE_SECONDS", "-1", /give a number of seconds from 0 to 3600, e\.g\. 30/],
      ["DATATRAILS_LISTING_MAX_AGE_SECONDS", "soon", /give a number of seconds from 0 to 3600/],
      ["DATATRAILS_MAX_REQUESTS_IN_FLIGHT", "0", /give a whole number of requests from 1 to 256, e\.g\. 8/],
      ["DATATRAILS_MAX_REQUESTS_IN_FLIGHT", "2.5", /give a whole number of requests from 1 to 256/],
      ["DATATRAILS_MAX_REQUESTS_IN_FLIGHT", "257", /give a whole number of requests from 1 to 256/],
    ];
    for (const [env, value, fix] of badNumbers) {
      it(`refuses ${env}=${JSON.stringify(value)}, naming the key and the range`, () => {
        expect(() => resolveSettings(stackConfig({ "datatrails:token": "t" }), { [env]: value })).to.throw(
          DataTrailsConfigError,
          fix,
        );
        expect(() => resolveSettings(stackConfig({ "datatrails:token": "t" }), { [env]: value })).to.throw(
          new RegExp(`\\(or ${env}\\) is "${value}"`),
        );
      });
    }
  });
});
