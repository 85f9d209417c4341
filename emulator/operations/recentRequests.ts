import type { RequestLogEntry } from "./requestLog";

/** How many API requests the console's log keeps: the newest this many, older ones dropped. */
export const RECENT_REQUESTS_CAPACITY = 200;

/**
 * One API request as `GET /_admin/requests` shows it: the request log's fields less the internal error text
 * (an exception message may quote what was sent). Never parameters, access keys, signatures or plaintexts.
 */
export interface RecentRequest {
  /** 1 for the first request since start, then counting up: tells a new entry from one seen before. */
  seq: number;
  time: string;
  requestId: string;
  action: string;
  /** null when the request was refused before its caller was known (no or a bad signature). */
  accountId: string | null;
  region: string | null;
  method: string;
  status: number;
  code: string;
  durationMs: number;
}

/** A ring buffer of the newest API requests: fixed memory however long kkms-local runs. */
export class RecentRequests {
  private readonly entries: (RecentRequest | undefined)[];
  private count = 0;

  constructor(readonly capacity: number = RECENT_REQUESTS_CAPACITY) {
    this.entries = new Array<RecentRequest | undefined>(capacity).fill(undefined);
  }

  /** Requests recorded since start, including those the ring has dropped. */
  get recorded(): number {
    return this.count;
  }

  /** Copies the allowed fields one by one, so a field added to the log later does not reach the console. */
  record(entry: RequestLogEntry): void {
    this.count += 1;
    this.entries[(this.count - 1) % this.capacity] = {
      seq: this.count,
      time: entry.time,
      requestId: entry.requestId,
      action: entry.action,
      accountId: entry.accountId ?? null,
      region: entry.region ?? null,
      method: entry.method,
      status: entry.status,
      code: entry.code,
      durationMs: entry.durationMs,
    };
  }

  newestFirst(): RecentRequest[] {
    const kept = Math.min(this.count, this.capacity);
    return Array.from({ length: kept }, (_, age) => {
      const entry = this.entries[(this.count - 1 - age) % this.capacity] as RecentRequest;
      return { ...entry };
    });
  }
}
