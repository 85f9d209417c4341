/**
 * One JSON line per API request. Only these fields are ever logged: never parameters, access keys,
 * signatures, plaintexts, ciphertexts or key material.
 */
export interface RequestLogEntry {
  time: string;
  requestId: string;
  action: string;
  accountId?: string;
  region?: string;
  method: string;
  status: number;
  code: string;
  durationMs: number;
  /** Only for 500s: the internal failure, to find the bug. */
  error?: string;
}

export type RequestLogger = (line: string) => void;

export function formatRequestLogLine(entry: RequestLogEntry): string {
  return JSON.stringify(entry);
}
