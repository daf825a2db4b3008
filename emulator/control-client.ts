import type { AssetGrant } from "./access-rights";
import type { WireAccessPolicy, WireAsset, WireAssetEvent } from "./access-store";

/** One API request as the emulator logged it (never a header value). */
export interface LoggedRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Status answered; 0 when no answer was sent. */
  status: number;
}

/**
 * A client of a running emulator's HTTP control API (`/_emulator/...`), for tools and tests in
 * another process than the emulator (in-process code can use `RunningEmulator`'s methods).
 *
 * @example
 * ```ts
 * const control = new EmulatorControl("http://127.0.0.1:4010");
 * await control.accept("invites/0b7c...");
 * ```
 */
export class EmulatorControl {
  /** @param url - The emulator's base URL, as its CLI printed it. */
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Node's own fetch (Node 22 and later): the control API is loopback tooling, not the product path.
    const res = await fetch(`${this.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_emulator${path} failed: ${res.status} ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  /** API requests seen so far. */
  requests(): Promise<LoggedRequest[]> {
    return this.call("GET", "/requests");
  }

  /** API requests other than the token endpoint, as `METHOD path` strings. */
  async calls(): Promise<string[]> {
    const all = await this.requests();
    return all.filter((r) => !r.path.endsWith("/appidp/token")).map((r) => `${r.method} ${r.path}`);
  }

  /** Forgets the logged requests. */
  clearRequests(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  /** Empties the store and restores the starting switches. */
  reset(): Promise<void> {
    return this.call("POST", "/reset");
  }

  /** The store: invites, members, access policies and assets in their wire shapes. */
  state(): Promise<{
    invites: { identity: string; email: string; message: string; expiry_time: string }[];
    members: { identity: string; email: string; active: boolean }[];
    access_policies: WireAccessPolicy[];
    assets: WireAsset[];
  }> {
    return this.call("GET", "/state");
  }

  /** Merges switches (see docs/emulator.md). */
  setSwitches(switches: Record<string, unknown>): Promise<void> {
    return this.call("POST", "/switches", switches);
  }

  /** Adds a fault rule. */
  addFault(fault: Record<string, unknown>): Promise<void> {
    return this.call("POST", "/faults", fault);
  }

  /** Removes every fault rule. */
  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  /** The invitee accepts: the invite is deleted and an active member added. */
  accept(identity: string): Promise<void> {
    return this.call("POST", `/invites/${identity.replace(/^invites\//, "")}:accept`);
  }

  /**
   * Adds a member directly.
   * @param extra - Roles, display name, and a static administrator token that belongs to the member.
   */
  addMember(
    email: string,
    active = true,
    extra: { roles?: string[]; display_name?: string; token?: string } = {},
  ): Promise<{ identity: string; roles: string[] }> {
    return this.call("POST", "/members", { email, active, ...extra });
  }

  /** Deactivates a member (its roles are removed). */
  deactivateMember(identity: string): Promise<void> {
    return this.call("POST", `/members/${identity.replace(/^members\//, "")}:deactivate`);
  }

  /** Reactivates a member, with basic rights only (no roles). */
  activateMember(identity: string): Promise<void> {
    return this.call("POST", `/members/${identity.replace(/^members\//, "")}:activate`);
  }

  /** Creates an invite as if made by hand (no auth, not logged). */
  inviteOutOfBand(email: string, message = ""): Promise<{ identity: string; expiry_time: string }> {
    return this.call("POST", "/invites", { email, message });
  }

  /** Deletes an invite out of band. */
  revoke(identity: string): Promise<void> {
    return this.call("DELETE", `/invites/${identity.replace(/^invites\//, "")}`);
  }

  /**
   * Adds an asset with these attributes (string values).
   * @param isPublic - Public assets match no access policy.
   */
  addAsset(attributes: Record<string, string>, isPublic = false): Promise<WireAsset> {
    return this.call("POST", "/assets", { attributes, public: isPublic });
  }

  /** The audit events recorded on an asset (one per policy create or update that matched it). */
  async assetEvents(identity: string): Promise<WireAssetEvent[]> {
    const answer = await this.call<{ events: WireAssetEvent[] }>(
      "GET",
      `/assets/${identity.replace(/^assets\//, "")}/events`,
    );
    return answer.events;
  }

  /**
   * What a person may read and write through the access policies.
   * @param who - `{email}` for an invited user, `{subject}` for an app registration's client id.
   */
  async access(who: { email: string } | { subject: string }): Promise<AssetGrant[]> {
    const query = new URLSearchParams(who).toString();
    return (await this.call<{ assets: AssetGrant[] }>("GET", `/access?${query}`)).assets;
  }

  /** Creates an access policy as the web UI would (a create body in the API's snake_case; not logged). */
  createPolicy(body: Record<string, unknown>): Promise<WireAccessPolicy> {
    return this.call("POST", "/access_policies", body);
  }

  /**
   * Edits an access policy as the web UI would, by the API's PATCH rules (not logged).
   * @param mask - The fields to change, comma-separated; without it, the fields in the body.
   */
  updatePolicy(identity: string, body: Record<string, unknown>, mask?: string): Promise<WireAccessPolicy> {
    const id = identity.replace(/^access_policies\//, "");
    const query = mask === undefined ? "" : `?mask=${encodeURIComponent(mask)}`;
    return this.call("PATCH", `/access_policies/${id}${query}`, body);
  }

  /** Moves the emulator's clock forward. */
  advanceClock(seconds: number): Promise<void> {
    return this.call("POST", "/clock", { advanceSeconds: seconds });
  }

  /**
   * Adds a static bearer token; `admin: false` gets 403s.
   * @param member - `members/<uuid>` of the member the token belongs to (the "cannot change yourself" rule).
   */
  addToken(token: string, admin: boolean, member?: string): Promise<void> {
    return this.call("POST", "/tokens", member === undefined ? { token, admin } : { token, admin, member });
  }
}
