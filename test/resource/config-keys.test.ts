import { expect } from "chai";
import {
  CONFIG_KEYS,
  CONFIG_SETTINGS,
  configSetCommand,
  ENV_NAMES,
  misplacedConfigKey,
  noCredentialsHelp,
  type SettingName,
} from "../../provider/resource/config-keys";
import { resolveSettings } from "../../provider/resource/settings";

describe("config keys (one table for stack config and environment names)", () => {
  const table: Array<[SettingName, string, string[]]> = [
    ["url", "datatrails:url", ["DATATRAILS_URL"]],
    ["clientId", "datatrails:clientId", ["DATATRAILS_CLIENT_ID", "DATATRAILS_APPREG_CLIENT"]],
    ["clientSecret", "datatrails:clientSecret", ["DATATRAILS_CLIENT_SECRET", "DATATRAILS_APPREG_SECRET"]],
    ["token", "datatrails:token", ["DATATRAILS_TOKEN"]],
    ["tokenFile", "datatrails:tokenFile", ["DATATRAILS_TOKEN_FILE"]],
    ["tenancy", "datatrails:tenancy", ["DATATRAILS_TENANCY"]],
    ["retryBudgetSeconds", "datatrails:retryBudgetSeconds", ["DATATRAILS_RETRY_BUDGET_SECONDS"]],
    ["requestTimeoutSeconds", "datatrails:requestTimeoutSeconds", ["DATATRAILS_REQUEST_TIMEOUT_SECONDS"]],
    ["listingMaxAgeSeconds", "datatrails:listingMaxAgeSeconds", ["DATATRAILS_LISTING_MAX_AGE_SECONDS"]],
    ["maxRequestsInFlight", "datatrails:maxRequestsInFlight", ["DATATRAILS_MAX_REQUESTS_IN_FLIGHT"]],
  ];

  it("lists every setting the provider reads", () => {
    expect(Object.keys(CONFIG_SETTINGS).sort()).to.deep.equal(table.map(([name]) => name).sort());
  });

  for (const [name, key, env] of table) {
    it(`${name}: ${key} and ${env.join(", ")}`, () => {
      expect(CONFIG_KEYS[name]).to.equal(key);
      expect(ENV_NAMES[name]).to.deep.equal(env);
    });
  }

  // Each source spelled through the table; the alternative (older) environment names included.
  const sources: Array<[string, Record<string, string>, Record<string, unknown>]> = [
    ["token", { token: "t-1234567" }, { credentials: { kind: "token", token: "t-1234567" } }],
    [
      "client credentials",
      { clientId: "id-1234567", clientSecret: "cs-1234567" },
      { credentials: { kind: "clientCredentials", clientId: "id-1234567", clientSecret: "cs-1234567" } },
    ],
    ["url", { token: "t-1234567", url: "https://example.com" }, { url: "https://example.com" }],
    ["retry budget", { token: "t-1234567", retryBudgetSeconds: "7" }, { retryBudgetSeconds: 7 }],
    ["request timeout", { token: "t-1234567", requestTimeoutSeconds: "9" }, { requestTimeoutSeconds: 9 }],
  ];
  for (const [what, values, expected] of sources) {
    it(`resolveSettings reads the ${what} from stack config and from each environment name`, () => {
      const entries = Object.entries(values) as Array<[SettingName, string]>;
      const config = Object.fromEntries(entries.map(([name, v]) => [CONFIG_KEYS[name], v]));
      expect(resolveSettings({ get: (k) => config[k] }, {})).to.deep.include(expected);
      for (const index of [0, 1]) {
        const env = Object.fromEntries(entries.map(([name, v]) => [ENV_NAMES[name].at(index) ?? "", v]));
        if (Object.keys(env).includes("")) continue;
        expect(resolveSettings(undefined, env)).to.deep.include(expected);
      }
    });
  }

  const commands: Array<[SettingName, string | undefined, string]> = [
    ["clientId", "<id>", "pulumi config set datatrails:clientId <id>"],
    ["clientSecret", "<secret>", "pulumi config set --secret datatrails:clientSecret <secret>"],
    ["token", undefined, "pulumi config set --secret datatrails:token"],
    ["tokenFile", "<path>", "pulumi config set datatrails:tokenFile <path>"],
  ];
  for (const [name, value, command] of commands) {
    it(`configSetCommand(${name}) is ${command}`, () => {
      expect(configSetCommand(name, value)).to.equal(command);
    });
  }

  const misplaced: Array<[string, SettingName | undefined]> = [
    ["clientSecret", "clientSecret"],
    ["CLIENTID", "clientId"],
    ["secret", "clientSecret"],
    ["token", "token"],
    ["tokenFile", "tokenFile"],
    ["url", "url"],
    ["retryBudgetSeconds", undefined],
    ["colour", undefined],
  ];
  for (const [input, setting] of misplaced) {
    it(`an Invite input '${input}' points at ${setting ?? "no config key"}`, () => {
      expect(misplacedConfigKey(input)).to.equal(setting);
    });
  }

  it("derives the no-credentials help from the table, word for word as before", () => {
    expect(noCredentialsHelp()).to.equal(
      [
        "No DataTrails credentials were found. Provide one of:",
        "  - client credentials (an app registration that is a tenancy administrator):",
        "      pulumi config set datatrails:clientId <id>",
        "      pulumi config set --secret datatrails:clientSecret <secret>",
        "    or the environment variables DATATRAILS_CLIENT_ID and DATATRAILS_CLIENT_SECRET",
        "    (also accepted: DATATRAILS_APPREG_CLIENT and DATATRAILS_APPREG_SECRET);",
        "  - a bearer token: pulumi config set --secret datatrails:token <token>, or DATATRAILS_TOKEN;",
        "  - a token file (a bare token or an 'Authorization: Bearer <token>' line, mode 0600):",
        "      pulumi config set datatrails:tokenFile <path>, or DATATRAILS_TOKEN_FILE.",
        "Stack config wins over the environment.",
      ].join("\n"),
    );
  });
});
