import fetch from "node-fetch";

/** One API request as the emulator logged it. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** A thin client of the emulator's control API (`/_emulator/...`), the contract other tools use. */
export class EmulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
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

  clearRequests(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  reset(): Promise<void> {
    return this.call("POST", "/reset");
  }

  state(): Promise<{
    invites: { identity: string; email: string; message: string; expiry_time: string }[];
    members: { identity: string; email: string; active: boolean }[];
  }> {
    return this.call("GET", "/state");
  }

  setSwitches(switches: Record<string, unknown>): Promise<void> {
    return this.call("POST", "/switches", switches);
  }

  addFault(fault: Record<string, unknown>): Promise<void> {
    return this.call("POST", "/faults", fault);
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  accept(identity: string): Promise<void> {
    return this.call("POST", `/invites/${identity.replace(/^invites\//, "")}:accept`);
  }

  addMember(email: string, active = true): Promise<{ identity: string }> {
    return this.call("POST", "/members", { email, active });
  }

  deactivateMember(identity: string): Promise<void> {
    return this.call("POST", `/members/${identity.replace(/^members\//, "")}:deactivate`);
  }

  inviteOutOfBand(email: string, message = ""): Promise<{ identity: string; expiry_time: string }> {
    return this.call("POST", "/invites", { email, message });
  }

  revoke(identity: string): Promise<void> {
    return this.call("DELETE", `/invites/${identity.replace(/^invites\//, "")}`);
  }

  advanceClock(seconds: number): Promise<void> {
    return this.call("POST", "/clock", { advanceSeconds: seconds });
  }

  addToken(token: string, admin: boolean): Promise<void> {
    return this.call("POST", "/tokens", { token, admin });
  }
}
