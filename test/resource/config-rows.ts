// The table of bad provider configurations, shared by the pure resolveSettings test in
// test/resource/settings.test.ts (every row) and the handler and host levels in
// test/bad-input/inputs.test.ts. A data module, not a test file, so importing it registers no tests.
import { expect } from "chai";
import * as path from "path";

/** One bad provider configuration. */
export interface ConfigRow {
  /** What is wrong, as the test title. */
  name: string;
  /** Stack config (the service's URL and token are added unless given or `omit`ted). */
  config: (ctx: ConfigContext) => Record<string, string>;
  /** Keys not to add from the defaults. */
  omit?: string[];
  /** Environment for the provider. */
  env?: (ctx: ConfigContext) => Record<string, string>;
  /** The setting the message must name. */
  field: RegExp;
  /** How the message must say what to do. */
  fix: RegExp;
  /** Text that must never be in the message. */
  never?: string[];
  /** Also run through Pulumi's real dynamic-provider host. */
  host?: boolean;
}

/** What a row's config and environment may draw on. */
export interface ConfigContext {
  /** A client id the service knows (the emulator's, at the handler level). */
  clientId: string;
  /** A scratch folder holding `empty.token` (a token file of only white space). */
  dir: string;
}

const URL_KEY = /datatrails:url/;

/** Bad provider configurations: each must be refused, naming the setting and the fix. */
export const configRows: ConfigRow[] = [
  {
    name: "datatrails:url that is not a URL",
    config: () => ({ "datatrails:url": "not a url" }),
    field: URL_KEY,
    fix: /not a valid URL.*Use e\.g\. "https:\/\/app\.datatrails\.ai"/,
    host: true,
  },
  {
    name: "datatrails:url without a scheme",
    config: () => ({ "datatrails:url": "app.datatrails.ai" }),
    field: URL_KEY,
    fix: /Use e\.g\. "https:\/\/app\.datatrails\.ai"/,
  },
  {
    name: "datatrails:url with ftp://",
    config: () => ({ "datatrails:url": "ftp://files.example.com" }),
    field: URL_KEY,
    fix: /uses ftp, not http\(s\)\. Use an https:\/\/ URL/,
  },
  {
    name: "datatrails:url with http:// to a remote host",
    config: () => ({ "datatrails:url": "http://app.datatrails.ai" }),
    field: URL_KEY,
    fix: /send the token unencrypted\. Use https:\/\//,
    host: true,
  },
  {
    name: "datatrails:url with credentials (https://user:pass@host)",
    config: () => ({ "datatrails:url": "https://user:hunter2-url-password@app.datatrails.ai" }),
    field: URL_KEY,
    fix: /user name or password\. Remove them/,
    never: ["hunter2-url-password"],
  },
  {
    name: "datatrails:url with credentials that is also malformed",
    config: () => ({ "datatrails:url": "https://user:hunter2-url-password@app datatrails.ai" }),
    field: URL_KEY,
    fix: /not a valid URL/,
    never: ["hunter2-url-password"],
  },
  {
    name: "datatrails:url with trailing junk after the host",
    config: () => ({ "datatrails:url": "https://app.datatrails.ai," }),
    field: URL_KEY,
    fix: /not a DNS name or IP address\. Remove any stray characters/,
  },
  {
    name: "datatrails:url with trailing words",
    config: () => ({ "datatrails:url": "https://app.datatrails.ai/ please" }),
    field: URL_KEY,
    fix: /white space.*Remove it/,
  },
  {
    name: "datatrails:url with a query",
    config: () => ({ "datatrails:url": "https://app.datatrails.ai/?tenant=1" }),
    field: URL_KEY,
    fix: /query or fragment\. Pass only scheme, host, port/,
  },
  {
    name: "DATATRAILS_URL (environment) that is not a URL",
    config: () => ({}),
    omit: ["datatrails:url"],
    env: () => ({ DATATRAILS_URL: "https//missing-colon.example.com" }),
    field: /DATATRAILS_URL/,
    fix: /Use e\.g\. "https:\/\/app\.datatrails\.ai"/,
  },
  {
    name: "a token file that does not exist",
    config: ({ dir }) => ({ "datatrails:tokenFile": path.join(dir, "missing.token") }),
    omit: ["datatrails:token"],
    field: /datatrails:tokenFile/,
    fix: /ENOENT.*create it with the bearer token, or point datatrails:tokenFile/,
    host: true,
  },
  {
    name: "an empty token file",
    config: ({ dir }) => ({ "datatrails:tokenFile": path.join(dir, "empty.token") }),
    omit: ["datatrails:token"],
    field: /datatrails:tokenFile/,
    fix: /is empty: write the token/,
  },
  {
    name: "a token file that is a directory",
    config: ({ dir }) => ({ "datatrails:tokenFile": dir }),
    omit: ["datatrails:token"],
    field: /datatrails:tokenFile/,
    fix: /is a directory: point datatrails:tokenFile/,
  },
  {
    name: "a client id without a secret",
    config: ({ clientId }) => ({ "datatrails:clientId": clientId }),
    omit: ["datatrails:token"],
    field: /datatrails:clientSecret/,
    fix: /set datatrails:clientSecret/,
    host: true,
  },
  {
    name: "a client secret without an id",
    config: () => ({ "datatrails:clientSecret": "cs-only-secret-never-echoed" }),
    omit: ["datatrails:token"],
    field: /datatrails:clientId/,
    fix: /set datatrails:clientId/,
    never: ["cs-only-secret-never-echoed"],
  },
  {
    name: "a non-numeric datatrails:retryBudgetSeconds",
    config: () => ({ "datatrails:retryBudgetSeconds": "two minutes" }),
    field: /datatrails:retryBudgetSeconds/,
    fix: /give a number of seconds between 0 and 3600, e\.g\. 60/,
    host: true,
  },
  {
    name: "a negative datatrails:retryBudgetSeconds",
    config: () => ({ "datatrails:retryBudgetSeconds": "-5" }),
    field: /datatrails:retryBudgetSeconds/,
    fix: /give a number of seconds/,
  },
  {
    name: "a zero datatrails:requestTimeoutSeconds",
    config: () => ({ "datatrails:requestTimeoutSeconds": "0" }),
    field: /datatrails:requestTimeoutSeconds/,
    fix: /give a number of seconds/,
  },
  {
    name: "datatrails:tenancy that is not tenant/<uuid>",
    config: () => ({ "datatrails:tenancy": "production" }),
    field: /datatrails:tenancy/,
    fix: /tenant\/<uuid> \(e\.g\. tenant\/[0-9a-f-]{36}\); GET \/archivist\/v1\/tenancies\/self answers it/,
    host: true,
  },
  {
    name: "DATATRAILS_TENANCY that is a bare uuid",
    config: () => ({}),
    env: () => ({ DATATRAILS_TENANCY: "08838336-c357-460d-902a-3aba9528dd22" }),
    field: /DATATRAILS_TENANCY/,
    fix: /with its prefix: tenant\/08838336-c357-460d-902a-3aba9528dd22/,
  },
  {
    name: "environment credentials for the provider's own datatrails:url (another than the environment's)",
    config: () => ({}),
    omit: ["datatrails:token"],
    env: () => ({ DATATRAILS_TOKEN: "env-token-never-echoed" }),
    field: /datatrails:url .* is http:\/\/127\.0\.0\.1:\d+, but the credentials come from the environment/,
    fix: /refusing to send the environment's credentials to another URL[\s\S]*Give credentials for http:\/\/127\.0\.0\.1:\d+[\s\S]*set DATATRAILS_URL=http:\/\/127\.0\.0\.1:\d+/,
    never: ["env-token-never-echoed"],
    // Through the real engine: test/e2e/tenancies.test.ts (the host pool's processes get no environment).
  },
  {
    name: "no credentials at all",
    config: () => ({}),
    omit: ["datatrails:token"],
    field: /datatrails:clientId/,
    fix: /pulumi config set --secret datatrails:clientSecret/,
  },
];

/**
 * Expects a configuration error message to name the row's setting and its fix, and to hold no
 * credential: neither the configured token nor any of the row's `never` strings.
 */
export function expectClear(message: string, row: ConfigRow, token: string): void {
  expect(message).to.match(row.field);
  expect(message).to.match(row.fix);
  expect(message).to.not.include(token);
  for (const secret of row.never ?? []) expect(message).to.not.include(secret);
}
