// Bad Invite inputs and bad provider configuration: every row must be refused before anything is
// sent, with a message that names the field and says how to fix it.
//
// Decisions on Unicode addresses (DataTrails documents only "at most 128 characters"):
// - internationalized addresses (RFC 6531) are accepted: accented letters, composed or decomposed,
//   and emoji local parts (including zero-width-joiner emoji sequences such as 👩‍💻);
// - invisible formatting characters (Unicode category Cf: zero-width space, bidi overrides, BOM, soft
//   hyphen, a joiner outside an emoji sequence) are refused: they make an address that looks right
//   but is not the one typed;
// - a combining mark that starts the local part or the domain (with no letter to attach to) is refused;
// - lengths count code points, so a non-BMP character (two UTF-16 units) counts once.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DataTrailsConfigError } from "../../provider/client";
import * as handlers from "../../provider/resource/handlers";
import type { ProviderInputs } from "../../provider/resource/handlers";
import { hostError, HostPool, type Host } from "../helpers/host";
import { configRequest, configureFor, withEnv } from "../helpers/provider";
import { rejection } from "../helpers/assert";

/** One bad set of Invite inputs. */
interface InputRow {
  /** What is wrong, as the test title. */
  name: string;
  /** The inputs as the engine would hand them over. */
  news: Record<string, unknown>;
  /** The property the failure must name. */
  property: string;
  /** How the reason must say what to do. */
  fix: RegExp;
  /** Also run through Pulumi's real dynamic-provider host. */
  host?: boolean;
}

const MB = "x".repeat(1024 * 1024);
const DOMAIN = "@example.com"; // 12 characters
const NON_BMP = "\u{1D4B6}"; // MATHEMATICAL SCRIPT SMALL A: one code point, two UTF-16 units

const EMAIL_FORMAT = /e\.g\. alice@example\.com/;
const REMOVE_IT = /: remove (it|the trailing dot)/;

const inputRows: InputRow[] = [
  // Empty and too long.
  { name: "an empty email", news: { email: "" }, property: "email", fix: EMAIL_FORMAT, host: true },
  { name: "an email of only spaces", news: { email: "   \t " }, property: "email", fix: EMAIL_FORMAT },
  {
    name: "an email of 129 characters",
    news: { email: `${"a".repeat(117)}${DOMAIN}` },
    property: "email",
    fix: /give an address of at most 128 characters/,
    host: true,
  },
  {
    name: "an email of 132 code points of non-BMP characters (counted by code point, not UTF-16 unit)",
    news: { email: `${NON_BMP.repeat(120)}${DOMAIN}` },
    property: "email",
    fix: /is 132 characters long.*at most 128 characters/,
  },
  {
    name: "an email of one letter and 130 stacked combining marks",
    news: { email: `a${"\u0301".repeat(130)}${DOMAIN}` },
    property: "email",
    fix: /is 143 characters long.*at most 128 characters/,
  },
  {
    name: "an email of 1 MB",
    news: { email: `${MB}${DOMAIN}` },
    property: "email",
    fix: /1048588 characters long.*at most 128 characters/,
    host: true,
  },
  // White space and control characters.
  {
    name: "an email with a space",
    news: { email: "alice smith@example.com" },
    property: "email",
    fix: /white space: remove it/,
    host: true,
  },
  {
    name: "an email with a space in the domain",
    news: { email: "alice@exa mple.com" },
    property: "email",
    fix: /white space: remove it/,
  },
  {
    name: "an email with a tab",
    news: { email: "alice\t@example.com" },
    property: "email",
    fix: /control character \(U\+0009\): remove it/,
  },
  {
    name: "an email with a newline",
    news: { email: "alice\n@example.com" },
    property: "email",
    fix: /control character \(U\+000A\): remove it/,
  },
  {
    name: "an email with a header injection (CR LF Bcc)",
    news: { email: "alice@example.com\r\nBcc: eve@example.net" },
    property: "email",
    fix: /control character \(U\+000D\): remove it/,
    host: true,
  },
  {
    name: "an email with a NUL",
    news: { email: "al\u0000ice@example.com" },
    property: "email",
    fix: /control character \(U\+0000\): remove it/,
  },
  {
    name: "an email with DEL",
    news: { email: "alice\u007f@example.com" },
    property: "email",
    fix: /control character \(U\+007F\): remove it/,
  },
  {
    name: "an email with a C1 control (NEL)",
    news: { email: "alice\u0085@example.com" },
    property: "email",
    fix: /control character \(U\+0085\): remove it/,
  },
  {
    name: "an email with a line separator",
    news: { email: "alice\u2028@example.com" },
    property: "email",
    fix: /control character \(U\+2028\): remove it/,
  },
  // Structure.
  {
    name: "an email without '@'",
    news: { email: "alice.example.com" },
    property: "email",
    fix: EMAIL_FORMAT,
  },
  {
    name: "an email with two '@' in a row",
    news: { email: "alice@@example.com" },
    property: "email",
    fix: EMAIL_FORMAT,
  },
  {
    name: "an email with several '@'",
    news: { email: "a@b@example.com" },
    property: "email",
    fix: EMAIL_FORMAT,
    host: true,
  },
  {
    name: "an email without a local part",
    news: { email: "@example.com" },
    property: "email",
    fix: /write the mailbox name before it/,
  },
  {
    name: "an email without a domain",
    news: { email: "alice@" },
    property: "email",
    fix: /write the domain after it/,
  },
  {
    name: "an email whose domain has no dot",
    news: { email: "alice@localhost" },
    property: "email",
    fix: /write one with a dot.*e\.g\. example\.com/,
  },
  {
    name: "an email whose domain ends with a dot",
    news: { email: "alice@example.com." },
    property: "email",
    fix: /remove the trailing dot/,
  },
  {
    name: "an email whose domain starts with a dot",
    news: { email: "alice@.example.com" },
    property: "email",
    fix: /e\.g\. example\.com/,
  },
  {
    name: "an email whose domain has an empty label",
    news: { email: "alice@example..com" },
    property: "email",
    fix: /no empty parts/,
  },
  {
    name: "an email with characters an address cannot hold",
    news: { email: "alice<script>@example.com" },
    property: "email",
    fix: REMOVE_IT,
  },
  // Unicode edge cases.
  {
    name: "an email with a zero-width space",
    news: { email: "alice\u200B@example.com" },
    property: "email",
    fix: /invisible formatting character \(U\+200B\): remove it/,
    host: true,
  },
  {
    name: "an email with a right-to-left override",
    news: { email: "alice\u202E@example.com" },
    property: "email",
    fix: /invisible formatting character \(U\+202E\): remove it/,
  },
  {
    name: "an email with a byte-order mark inside",
    news: { email: "ali\uFEFFce@example.com" },
    property: "email",
    fix: /U\+FEFF\): remove it/,
  },
  {
    name: "an email with a soft hyphen",
    news: { email: "ali\u00ADce@example.com" },
    property: "email",
    fix: /U\+00AD\): remove it/,
  },
  {
    name: "an email with a zero-width joiner outside an emoji sequence",
    news: { email: "alice\u200D@example.com" },
    property: "email",
    fix: /U\+200D\): remove it/,
  },
  {
    name: "an email whose local part starts with a combining mark",
    news: { email: "\u0301alice@example.com" },
    property: "email",
    fix: /combining mark \(U\+0301\).*: remove it/,
  },
  {
    name: "an email whose domain starts with a combining mark",
    news: { email: "alice@\u0301example.com" },
    property: "email",
    fix: /combining mark \(U\+0301\).*: remove it/,
  },
  // Wrong types for email.
  { name: "email as a number", news: { email: 42 }, property: "email", fix: /must be a string/, host: true },
  {
    name: "email as an array",
    news: { email: ["alice@example.com"] },
    property: "email",
    fix: /must be a string such as "alice@example\.com", not an array/,
  },
  {
    name: "email as an object",
    news: { email: { address: "alice@example.com" } },
    property: "email",
    fix: /must be a string.*not an object/,
  },
  {
    name: "email as a boolean",
    news: { email: true },
    property: "email",
    fix: /must be a string.*not the boolean true/,
  },
  {
    name: "email null",
    news: { email: null, message: "hi" },
    property: "email",
    fix: /give the invitee's address/,
    host: true,
  },
  {
    name: "no email at all",
    news: { message: "hi" },
    property: "email",
    fix: /give the invitee's address/,
  },
  // message.
  {
    name: "a message of 257 characters",
    news: { email: "alice@example.com", message: "m".repeat(257) },
    property: "message",
    fix: /257 characters long.*at most 256: shorten it/,
    host: true,
  },
  {
    name: "a message of 257 emoji (counted by code point)",
    news: { email: "alice@example.com", message: "\u{1F600}".repeat(257) },
    property: "message",
    fix: /257 characters long.*shorten it/,
  },
  {
    name: "a message of 1 MB",
    news: { email: "alice@example.com", message: MB },
    property: "message",
    fix: /1048576 characters long.*shorten it/,
  },
  {
    name: "message as a number",
    news: { email: "alice@example.com", message: 7 },
    property: "message",
    fix: /must be a string.*not the number 7/,
    host: true,
  },
  {
    name: "message as an object",
    news: { email: "alice@example.com", message: { text: "hi" } },
    property: "message",
    fix: /must be a string.*not an object/,
  },
  {
    name: "message as an array",
    news: { email: "alice@example.com", message: ["hi"] },
    property: "message",
    fix: /must be a string.*not an array/,
  },
  {
    name: "message as a boolean",
    news: { email: "alice@example.com", message: false },
    property: "message",
    fix: /must be a string.*not the boolean false/,
  },
  // adopt and renewExpired.
  {
    name: 'adopt "yes"',
    news: { email: "alice@example.com", adopt: "yes" },
    property: "adopt",
    fix: /must be true or false \(a boolean, without quotes\), not the string "yes"/,
    host: true,
  },
  {
    name: "adopt 1",
    news: { email: "alice@example.com", adopt: 1 },
    property: "adopt",
    fix: /must be true or false.*not the number 1/,
  },
  {
    name: "adopt as an object",
    news: { email: "alice@example.com", adopt: { value: true } },
    property: "adopt",
    fix: /must be true or false.*not an object/,
  },
  {
    name: 'renewExpired "true"',
    news: { email: "alice@example.com", renewExpired: "true" },
    property: "renewExpired",
    fix: /must be true or false \(a boolean, without quotes\), not the string "true"/,
    host: true,
  },
  {
    name: "renewExpired 0",
    news: { email: "alice@example.com", renewExpired: 0 },
    property: "renewExpired",
    fix: /must be true or false.*not the number 0/,
  },
  // Unknown keys.
  {
    name: "an unknown clientSecret input",
    news: { email: "alice@example.com", clientSecret: "s3cret-value-never-echoed" },
    property: "clientSecret",
    fix: /pulumi config set --secret datatrails:clientSecret/,
    host: true,
  },
  {
    name: "an unknown token input",
    news: { email: "alice@example.com", token: "t0ken-value-never-echoed" },
    property: "token",
    fix: /pulumi config set --secret datatrails:token/,
  },
  {
    name: "an unknown clientId input",
    news: { email: "alice@example.com", clientId: "app-1" },
    property: "clientId",
    fix: /pulumi config set datatrails:clientId/,
  },
  {
    name: "an Email input (wrong case)",
    news: { Email: "alice@example.com", email: "alice@example.com" },
    property: "Email",
    fix: /did you mean 'email'\?/,
    host: true,
  },
  {
    name: "a RenewExpired input (wrong case)",
    news: { email: "alice@example.com", RenewExpired: false },
    property: "RenewExpired",
    fix: /did you mean 'renewExpired'\?/,
  },
  {
    name: "an unknown nickname input",
    news: { email: "alice@example.com", nickname: "al" },
    property: "nickname",
    fix: /remove it; the inputs are email, message, adopt and renewExpired/,
  },
];

/** Inputs that look odd but are accepted, each a documented decision. */
const acceptedRows: { name: string; news: Record<string, unknown>; inputs: Record<string, unknown> }[] = [
  {
    name: "an emoji local part",
    news: { email: "\u{1F600}@example.com" },
    inputs: { email: "\u{1F600}@example.com" },
  },
  {
    name: "an emoji zero-width-joiner sequence (👩‍💻) in the local part",
    news: { email: "\u{1F469}\u200D\u{1F4BB}@example.com" },
    inputs: { email: "\u{1F469}\u200D\u{1F4BB}@example.com" },
  },
  {
    name: "an accented local part, composed and decomposed",
    news: { email: "jos\u00E9.jose\u0301@example.com" },
    inputs: { email: "jos\u00E9.jose\u0301@example.com" },
  },
  {
    name: "128 code points of non-BMP characters (256 UTF-16 units)",
    news: { email: `${NON_BMP.repeat(116)}${DOMAIN}` },
    inputs: { email: `${NON_BMP.repeat(116)}${DOMAIN}` },
  },
  {
    name: "white space and a byte-order mark around the email (trimmed)",
    news: { email: "\uFEFF alice@example.com\n" },
    inputs: { email: "alice@example.com" },
  },
  {
    name: "adopt, renewExpired and message null (treated as not set: the defaults apply)",
    news: { email: "alice@example.com", adopt: null, renewExpired: null, message: null },
    inputs: { email: "alice@example.com" },
  },
];

/** One bad provider configuration. */
interface ConfigRow {
  name: string;
  /** Stack config (the emulator's URL and token are added unless given or `omit`ted). */
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

interface ConfigContext {
  emu: RunningEmulator;
  dir: string;
}

const URL_KEY = /datatrails:url/;

const configRows: ConfigRow[] = [
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
    config: ({ emu }) => ({ "datatrails:clientId": emu.clientId }),
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
    name: "no credentials at all",
    config: () => ({}),
    omit: ["datatrails:token"],
    field: /datatrails:clientId/,
    fix: /pulumi config set --secret datatrails:clientSecret/,
  },
];

/** The failure for `property`, with every reason bounded in size. */
function failureFor(failures: { property: string; reason: string }[], property: string): string {
  const failure = failures.find((f) => f.property === property);
  expect(failure, `no failure for ${property}; got ${JSON.stringify(failures)}`).to.not.equal(undefined);
  for (const f of failures)
    expect(f.reason.length, "a reason stays short whatever the input").to.be.below(600);
  return failure?.reason ?? "";
}

function expectNamesFieldAndFix(reason: string, row: InputRow): void {
  // The reason names the field: "email ...", "'clientSecret' is not ...".
  expect(reason).to.match(new RegExp(`(^|')${row.property}\\b`));
  expect(reason).to.match(row.fix);
  for (const value of Object.values(row.news)) {
    if (typeof value === "string" && /never-echoed/.test(value)) expect(reason).to.not.include(value);
  }
}

describe("bad input: refused before any API request, naming the field and the fix", function () {
  this.timeout(60_000);

  let emu: RunningEmulator;
  let dir: string;

  before(async () => {
    emu = await startEmulator({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
    fs.writeFileSync(path.join(dir, "empty.token"), "  \n", { mode: 0o600 });
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emu.reset();
  });

  it(`has at least 40 input rows and every one is distinct (${inputRows.length} rows)`, () => {
    expect(inputRows.length).to.be.at.least(40);
    expect(new Set(inputRows.map((r) => r.name)).size).to.equal(inputRows.length);
  });

  describe("Invite inputs (handlers.check)", () => {
    beforeEach(async () => {
      await configureFor(emu);
    });

    for (const row of inputRows) {
      it(`refuses ${row.name}`, async () => {
        const result = await handlers.check({} as ProviderInputs, row.news as unknown as ProviderInputs);
        expectNamesFieldAndFix(failureFor(result.failures ?? [], row.property), row);
        expect(emu.requests()).to.deep.equal([]);
      });
    }

    for (const row of acceptedRows) {
      it(`accepts ${row.name}`, async () => {
        const result = await handlers.check({} as ProviderInputs, row.news as unknown as ProviderInputs);
        expect(result.failures).to.deep.equal([]);
        expect(result.inputs).to.deep.equal(row.inputs);
        expect(emu.requests()).to.deep.equal([]);
      });
    }
  });

  describe("Invite inputs through Pulumi's dynamic-provider host (a representative subset)", () => {
    let host: Host;
    const pool = new HostPool({}, 1);

    before(async () => {
      host = await pool.take();
      await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, [
        "datatrails:token",
      ]);
    });
    after(async () => {
      await pool.stopAll();
    });

    for (const row of inputRows.filter((r) => r.host)) {
      it(`refuses ${row.name}`, async () => {
        const result = await host.check({}, row.news);
        expectNamesFieldAndFix(failureFor(result.failures, row.property), row);
        expect(emu.requests()).to.deep.equal([]);
      });
    }
  });

  describe("provider configuration (handlers.configure, then check)", () => {
    function configOf(row: ConfigRow): Record<string, string> {
      const defaults: Record<string, string> = { "datatrails:url": emu.url, "datatrails:token": emu.token };
      for (const key of row.omit ?? []) delete defaults[key];
      return { ...defaults, ...row.config({ emu, dir }) };
    }

    function expectClear(message: string, row: ConfigRow): void {
      expect(message).to.match(row.field);
      expect(message).to.match(row.fix);
      expect(message).to.not.include(emu.token);
      for (const secret of row.never ?? []) expect(message).to.not.include(secret);
    }

    for (const row of configRows) {
      it(`refuses ${row.name}`, async () => {
        await withEnv(row.env?.({ emu, dir }) ?? {}, async () => {
          const err = await rejection(handlers.configure(configRequest(configOf(row))));
          expect(err).to.be.instanceOf(DataTrailsConfigError);
          expectClear(err.message, row);
          expectClear(err.stack ?? "", row);
          // Every later call reports the same problem instead of reaching the network.
          const again = await rejection(
            handlers.check({} as ProviderInputs, { email: "alice@example.com" } as ProviderInputs),
          );
          expectClear(again.message, row);
        });
        expect(emu.requests()).to.deep.equal([]);
      });
    }

    describe("through Pulumi's dynamic-provider host (a representative subset)", () => {
      const pool = new HostPool();
      after(async () => {
        await pool.stopAll();
      });
      afterEach(async () => {
        await pool.release();
      });

      for (const row of configRows.filter((r) => r.host)) {
        it(`fails Check on ${row.name}`, async () => {
          const host = await pool.take();
          const config = configOf(row);
          const secretKeys = ["datatrails:token", "datatrails:clientSecret"].filter((k) => k in config);
          await host.configure(config, secretKeys);
          const err = await hostError(host.check({}, { email: "alice@example.com" }));
          expectClear(err.details, row);
          expect(emu.requests()).to.deep.equal([]);
        });
      }
    });
  });
});
