/**
 * One API request seen by the emulator. Headers are never recorded, so tokens and secrets cannot leak
 * into test output.
 */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Status answered; 0 when no answer was sent (socket reset by a fault, or still in flight). */
  status: number;
  /** Query parameters (the last value of each). */
  query: Record<string, string>;
}

/** API requests in arrival order. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** Records an arriving request; its status is filled in when answered. */
  start(method: string, path: string, query: URLSearchParams): RequestLogEntry {
    const entry: RequestLogEntry = { method, path, status: 0, query: Object.fromEntries(query) };
    this.entries.push(entry);
    return entry;
  }

  /** Copies of every entry. */
  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}
