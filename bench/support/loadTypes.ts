/** A fixed request replayed by a load generator: presigned (GET) or header-signed (POST), valid 15 minutes. */
export interface ReplayRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. `/?Action=Encrypt&…&X-Amz-Signature=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** `connections` loops, each sending `request` again as soon as its answer is in, for `durationSeconds`. */
export interface ReplayRun {
  kind: "replay";
  /** Origin of the server under test, `http://127.0.0.1:PORT`. */
  origin: string;
  request: ReplayRequest;
  /**
   * Sent in turn instead of `request` (one counter shared by the connections), so that consecutive writes
   * differ: SQLite writes nothing for an UPDATE that changes nothing.
   */
  variants?: readonly ReplayRequest[];
  connections: number;
  durationSeconds: number;
}

/**
 * One operation made of several requests, run again and again for `durationSeconds` (at least once): its batches
 * in order, each batch's requests spread over `connections` connections (ListKeys, then a DescribeKey per key).
 */
export interface SequenceRun {
  kind: "sequence";
  origin: string;
  batches: ReplayRequest[][];
  connections: number;
  durationSeconds: number;
}

export type LoadRun = ReplayRun | SequenceRun;

/** One run's outcome. An operation is a request in a replay run, a whole sequence in a sequence run. */
export interface LoadResult {
  /** Operations whose every answer was a 200. */
  ok: number;
  failed: number;
  /** HTTP requests sent. */
  requests: number;
  seconds: number;
  /** Successful operations per second. */
  rate: number;
  /** Per operation, from its first byte written to its last answer's last byte read (process.hrtime). */
  p50Micros: number;
  p99Micros: number;
  /** The first failure's status and body excerpt, to say why. */
  firstFailure?: string;
}
