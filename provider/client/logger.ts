/**
 * Where the client's log lines go, and the wrapper that masks every line on its way there.
 */
import { redact } from "./redact";

/** Where log lines go. Every line is redacted before it is passed on. */
export interface Logger {
  /** Problems the user should fix, e.g. a token file readable by others. */
  warn?(message: string): void;
  /** Retry decisions and token renewals. */
  debug?(message: string): void;
}

/**
 * Wraps the user's logger so that every line is masked by {@link redact} on its way out, whichever
 * part of the client writes it, and both methods can always be called.
 *
 * @param logger - The logger the user passed, if any; its methods are looked up on every call.
 * @returns A logger whose `warn` and `debug` redact, then forward to the user's (or drop the line).
 * @internal
 */
export function redactingLogger(logger: Logger | undefined): Required<Logger> {
  return {
    warn: (message) => logger?.warn?.(redact(message)),
    debug: (message) => logger?.debug?.(redact(message)),
  };
}
