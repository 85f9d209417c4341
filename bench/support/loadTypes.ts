/** A fixed request replayed by the load generator: presigned (GET) or header-signed (POST), valid 15 minutes. */
export interface ReplayRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. `/?Action=Encrypt&…&X-Amz-Signature=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadRun {
  /** Origin of the server under test, `http://127.0.0.1:PORT`. */
  origin: string;
  request: ReplayRequest;
  connections: number;
  durationSeconds: number;
}

/** One run's outcome, the same shape from autocannon and from the KkmsClient driver. */
export interface LoadResult {
  ok: number;
  failed: number;
  durationSeconds: number;
  /** Successful answers per second. */
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}
