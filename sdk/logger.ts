/**
 * What the client reports per attempt. Only these fields are ever logged: never credentials, signatures,
 * parameters, plaintexts or data keys.
 */
export interface KkmsLogEvent {
  action: string;
  attempt: number;
  method: string;
  status?: number;
  code?: string;
  requestId?: string;
  durationMs: number;
  retryInMs?: number;
}

export interface KkmsLogger {
  debug(message: string, event: KkmsLogEvent): void;
}

/** `KKMS_DEBUG=1`: one JSON line per attempt on stderr. */
export const stderrLogger: KkmsLogger = {
  debug(message, event) {
    process.stderr.write(JSON.stringify({ msg: message, ...event }) + "\n");
  },
};

export const silentLogger: KkmsLogger = { debug() {} };
