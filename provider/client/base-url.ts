/**
 * Checks of the service base URL: plain http only to loopback hosts, so a token is never sent
 * unencrypted, and never a URL carrying credentials.
 */
import { isIP } from "node:net";
import { invalidOption as fail } from "./errors";
import { DEFAULT_URL } from "./options";

/**
 * Whether `hostname` (as `URL.hostname` spells it) is a loopback address: `localhost`, 127.0.0.0/8
 * or `::1`.
 */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith("127.");
  }
  return host === "::1" || host === "0:0:0:0:0:0:0:1";
}

/**
 * Checks a base URL: http(s) only, plain http only for loopback, no credentials, query or fragment.
 *
 * @returns The URL without a trailing slash.
 * @internal
 */
export function normalizeBaseUrl(raw: unknown, field = "url"): string {
  if (typeof raw !== "string" || raw.trim() === "") {
    fail(field, "expected a non-empty URL string", `Use e.g. "${DEFAULT_URL}".`);
  }
  const text = raw.trim();
  // Never echo a user-info part (`user:password@`): the password is a secret, even in a bad URL.
  const masked = JSON.stringify(text.replace(/^([^/]*\/\/)[^/?#]*@/, "$1[REDACTED]@"));
  // eslint-disable-next-line no-control-regex
  const spaced = /[\s\u0000-\u001f\u007f]/.test(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(
      field,
      `${masked} is not a valid URL${spaced ? " (it contains white space or a control character)" : ""}`,
      `Use e.g. "${DEFAULT_URL}".`,
    );
  }
  if (spaced) {
    fail(field, `${masked} contains white space or a control character`, `Remove it, e.g. "${DEFAULT_URL}".`);
  }
  if (url.username || url.password) {
    fail(
      field,
      "the URL carries a user name or password",
      "Remove them and give the credentials separately (a token, or a client id and secret).",
    );
  }
  const shown = url.href;
  if (
    isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 &&
    !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(url.hostname)
  ) {
    fail(
      field,
      `${shown} has a host (${JSON.stringify(url.hostname)}) that is not a DNS name or IP address`,
      `Remove any stray characters, e.g. "${DEFAULT_URL}".`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    fail(field, `${shown} uses ${url.protocol.replace(/:$/, "")}, not http(s)`, "Use an https:// URL.");
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    fail(
      field,
      `${shown} is plain http to a non-loopback host, which would send the token unencrypted`,
      "Use https://, or http:// only for localhost / 127.0.0.1 / [::1] (an emulator).",
    );
  }
  if (url.search || url.hash) {
    fail(field, `${shown} has a query or fragment`, "Pass only scheme, host, port and optional base path.");
  }
  return url.href.replace(/\/+$/, "");
}
