/**
 * Secret masking. Every error message, error property and log line of the client passes through
 * {@link redact}, so a token or client secret can never leak through an exception or a log, even
 * when a server echoes it back in an error body.
 */
/**
 * What a masked secret is replaced with.
 * @internal
 */
export const REDACTED = "[REDACTED]";

// Shorter values would mask ordinary words and numbers in messages; real tokens and secrets are
// far longer than this.
const MIN_SECRET_LENGTH = 6;

// Process-wide on purpose: an error may be created (or re-thrown by a caller) far from the client
// that knows the secret, and it must still come out masked.
const knownSecrets = new Set<string>();

// `Bearer <token>` anywhere (header lines echoed back, curl commands in messages).
const BEARER = /(Bearer)\s+([A-Za-z0-9\-._~+/=]+)/gi;

// A value after "Bearer" that is a credential, not prose: "a bearer token" or "bearer tokens" are
// words (short and all lower-case letters); anything longer, or with digits, capitals or punctuation,
// is masked.
function maskBearer(match: string, scheme: string, value: string): string {
  return value.length < 20 && /^[a-z]+$/.test(value) ? match : `${scheme} ${REDACTED}`;
}

// The credential-carrying fields of the token exchange in both form and JSON spellings.
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(\b(?:client_secret|access_token|refresh_token|token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [
    /("(?:client_secret|access_token|refresh_token|clientSecret|token)"\s*:\s*")[^"]*(")/gi,
    `$1${REDACTED}$2`,
  ],
];

/**
 * Registers an exact secret value (a token, a client secret) so that {@link redact} masks it.
 * Values shorter than a few characters are ignored, as masking them would garble messages.
 *
 * @param value - The secret; `undefined` and empty values are ignored.
 * @internal
 */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) {
    knownSecrets.add(value);
  }
}

/**
 * Masks every registered secret and every `Bearer <token>`-like pattern in `text`.
 *
 * @param text - Any text that may end up in an error or a log line.
 * @returns The text with secrets replaced by {@link REDACTED}.
 * @internal
 */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret containing another secret is masked whole.
  const secrets = [...knownSecrets].sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    if (out.includes(secret)) {
      out = out.split(secret).join(REDACTED);
    }
  }
  out = out.replace(BEARER, maskBearer);
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/**
 * Masks secrets in an error that came from below the client (Node's http, `fs`), in place, so it can
 * be kept as a `cause` without leaking anything through its message or stack.
 *
 * @param err - Anything thrown.
 * @returns The same value, with `message` and `stack` redacted when it is an `Error`.
 * @internal
 */
export function redactError<T>(err: T): T {
  if (err instanceof Error) {
    err.message = redact(err.message);
    if (typeof err.stack === "string") {
      err.stack = redact(err.stack);
    }
  }
  return err;
}
