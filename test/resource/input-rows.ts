// The table of bad (and odd but accepted) Invite inputs, shared by the pure check in
// test/resource/inputs.test.ts (every row) and the handler and host levels in
// test/bad-input/inputs.test.ts (the rows marked `host`). A data module, not a test file, so that
// importing it registers no tests.
import { expect } from "chai";

// Decisions on Unicode addresses (DataTrails documents only "at most 128 characters"):
// - internationalized addresses (RFC 6531) are accepted: accented letters, composed or decomposed,
//   and emoji local parts (including zero-width-joiner emoji sequences such as 👩‍💻);
// - invisible formatting characters (Unicode category Cf: zero-width space, bidi overrides, BOM, soft
//   hyphen, a joiner outside an emoji sequence) are refused: they make an address that looks right
//   but is not the one typed;
// - a combining mark that starts the local part or the domain (with no letter to attach to) is refused;
// - lengths count code points, so a non-BMP character (two UTF-16 units) counts once.

/** One bad set of Invite inputs. */
export interface InputRow {
  /** What is wrong, as the test title. */
  name: string;
  /** The inputs as the engine would hand them over. */
  news: Record<string, unknown>;
  /** The property the failure must name. */
  property: string;
  /** How the reason must say what to do. */
  fix: RegExp;
  /** A representative row: also run through the handlers and Pulumi's real dynamic-provider host. */
  host?: boolean;
}

const MB = "x".repeat(1024 * 1024);
const DOMAIN = "@example.com"; // 12 characters
const NON_BMP = "\u{1D4B6}"; // MATHEMATICAL SCRIPT SMALL A: one code point, two UTF-16 units

const EMAIL_FORMAT = /e\.g\. alice@example\.com/;
const REMOVE_IT = /: remove (it|the trailing dot)/;

/** Bad Invite inputs: each must be refused, naming its property and the fix. */
export const inputRows: InputRow[] = [
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
export const acceptedRows: {
  name: string;
  news: Record<string, unknown>;
  inputs: Record<string, unknown>;
}[] = [
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

/** The failure for `property`, with every reason bounded in size. */
export function failureFor(failures: { property: string; reason: string }[], property: string): string {
  const failure = failures.find((f) => f.property === property);
  expect(failure, `no failure for ${property}; got ${JSON.stringify(failures)}`).to.not.equal(undefined);
  for (const f of failures)
    expect(f.reason.length, "a reason stays short whatever the input").to.be.below(600);
  return failure?.reason ?? "";
}

/** Expects a reason to name the row's property and its fix, and to echo no `never-echoed` value. */
export function expectNamesFieldAndFix(reason: string, row: InputRow): void {
  // The reason names the field: "email ...", "'clientSecret' is not ...".
  expect(reason).to.match(new RegExp(`(^|')${row.property}\\b`));
  expect(reason).to.match(row.fix);
  for (const value of Object.values(row.news)) {
    if (typeof value === "string" && /never-echoed/.test(value)) expect(reason).to.not.include(value);
  }
}
