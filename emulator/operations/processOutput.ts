/** Writes whole lines to one output stream; never throws, whatever became of the stream. */
export interface LineWriter {
  write(line: string): void;
  /** True once a write failed: the stream's reader is gone (EPIPE) or its disk is full (ENOSPC). */
  readonly lost: boolean;
}

export interface ProcessOutput {
  stdout: LineWriter;
  stderr: LineWriter;
}

/**
 * The CLI's stdout (ready line, request log) and stderr (notices). A write to a pipe whose reader left fails
 * with EPIPE, a redirected file on a full disk with ENOSPC (Node's SyncWriteStream), each reported as an 'error'
 * event that would kill the process unheard; a write that throws instead is caught too. Either way that stream
 * goes quiet, the other carries one warning (on stdout as a JSON line, so a reader of the log still parses
 * every line), and requests are served on.
 */
export function processOutput(
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  now: () => Date = () => new Date(),
): ProcessOutput {
  const out = guardedWriter(stdout, (reason) => {
    err.write(
      `kkms-local: stdout is closed (${reason}); request log lines are dropped, requests are still served.`,
    );
  });
  const err = guardedWriter(stderr, (reason) => {
    const warning = `stderr is closed (${reason}); notices are dropped, requests are still served.`;
    out.write(JSON.stringify({ time: now().toISOString(), warning }));
  });
  return { stdout: out, stderr: err };
}

function guardedWriter(stream: NodeJS.WritableStream, onLost: (reason: string) => void): LineWriter {
  let lost = false;
  const lose = (error: unknown) => {
    if (lost) return;
    lost = true;
    onLost(reasonOf(error));
  };
  // Stays attached for good: a stream may report more than one failure.
  stream.on("error", lose);
  return {
    get lost() {
      return lost;
    },
    write(line: string) {
      if (lost) return;
      try {
        stream.write(line + "\n");
      } catch (error) {
        lose(error);
      }
    },
  };
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
