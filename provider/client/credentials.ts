/**
 * Which credentials to use when several are given: the one rule, shared by the client's options and
 * the provider's stack config / environment.
 */
import type { Credentials } from "./options";

/**
 * Credentials as given, each possibly absent.
 * @internal
 */
export interface GivenCredentials {
  /** A bearer token. */
  token?: string;
  /** Path of a token file. */
  tokenFile?: string;
  /** App registration client id. */
  clientId?: string;
  /** App registration client secret. */
  clientSecret?: string;
}

/**
 * The outcome of {@link selectCredentials}: the credentials to use, one half of a client-credentials
 * pair without the other, or nothing at all.
 * @internal
 */
export type CredentialChoice =
  | { kind: "chosen"; credentials: Credentials }
  | { kind: "incomplete"; given: "clientId" | "clientSecret"; missing: "clientId" | "clientSecret" }
  | { kind: "none" };

/**
 * Picks credentials: a token first, then a token file, then a client id with its secret (an empty id
 * or secret counts as missing). Values are taken as given; callers check their shape.
 * @internal
 */
export function selectCredentials(given: GivenCredentials): CredentialChoice {
  const { token, tokenFile, clientId, clientSecret } = given;
  if (token !== undefined) return { kind: "chosen", credentials: { kind: "token", token } };
  if (tokenFile !== undefined) return { kind: "chosen", credentials: { kind: "tokenFile", path: tokenFile } };
  if (clientId === undefined && clientSecret === undefined) return { kind: "none" };
  if (!clientId) return { kind: "incomplete", given: "clientSecret", missing: "clientId" };
  if (!clientSecret) return { kind: "incomplete", given: "clientId", missing: "clientSecret" };
  return { kind: "chosen", credentials: { kind: "clientCredentials", clientId, clientSecret } };
}
