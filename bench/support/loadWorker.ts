import { HttpConnection, type RawAnswer } from "./httpConnection";
import { percentileMicros } from "./latency";
import type { LoadResult, LoadRun, ReplayRun, SequenceRun } from "./loadTypes";
import { requestBytes } from "./requestBytes";

// The load generator, in its own process so that it never shares an event loop with a server it measures. Raw
// sockets and request bytes built once: it spends little per request, and times each one in microseconds.

/** Counts and latencies of one run. */
class Tally {
  ok = 0;
  failed = 0;
  requests = 0;
  firstFailure: string | undefined;
  readonly latencies: number[] = [];

  /** Counts one answer; true when it is a success. */
  answer(answer: RawAnswer): boolean {
    this.requests++;
    if (answer.status === 200) return true;
    this.firstFailure ??= `${answer.status} ${answer.body.toString("utf8").slice(0, 300)}`;
    return false;
  }

  error(err: unknown): void {
    this.requests++;
    this.firstFailure ??= err instanceof Error ? err.message : String(err);
  }

  result(seconds: number): LoadResult {
    return {
      ok: this.ok,
      failed: this.failed,
      requests: this.requests,
      seconds,
      rate: this.ok / seconds,
      p50Micros: percentileMicros(this.latencies, 0.5),
      p99Micros: percentileMicros(this.latencies, 0.99),
      firstFailure: this.firstFailure,
    };
  }
}

function micros(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e3;
}

async function sendCounted(connection: HttpConnection, bytes: Buffer, tally: Tally): Promise<boolean> {
  try {
    return tally.answer(await connection.send(bytes));
  } catch (err) {
    tally.error(err);
    return false;
  }
}

async function replay(run: ReplayRun): Promise<LoadResult> {
  const origin = new URL(run.origin);
  const variants = (run.variants ?? [run.request]).map((request) => requestBytes(origin, request));
  let sent = 0;
  const tally = new Tally();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(run.durationSeconds * 1e9));
  const loop = async () => {
    const connection = new HttpConnection(origin.hostname, Number(origin.port));
    while (process.hrtime.bigint() < deadline) {
      const bytes = variants[sent++ % variants.length];
      const start = process.hrtime.bigint();
      if (await sendCounted(connection, bytes, tally)) {
        tally.ok++;
        tally.latencies.push(micros(start));
      } else tally.failed++;
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: run.connections }, loop));
  return tally.result(Number(process.hrtime.bigint() - started) / 1e9);
}

async function sequence(run: SequenceRun): Promise<LoadResult> {
  const origin = new URL(run.origin);
  const batches = run.batches.map((batch) => batch.map((request) => requestBytes(origin, request)));
  const connections = Array.from(
    { length: run.connections },
    () => new HttpConnection(origin.hostname, Number(origin.port)),
  );
  const tally = new Tally();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(run.durationSeconds * 1e9));
  do {
    const sent = process.hrtime.bigint();
    let allOk = true;
    for (const batch of batches) {
      let next = 0;
      await Promise.all(
        connections.map(async (connection) => {
          while (next < batch.length) {
            if (!(await sendCounted(connection, batch[next++], tally))) allOk = false;
          }
        }),
      );
    }
    if (allOk) {
      tally.ok++;
      tally.latencies.push(micros(sent));
    } else tally.failed++;
  } while (process.hrtime.bigint() < deadline);
  connections.forEach((connection) => connection.close());
  return tally.result(Number(process.hrtime.bigint() - started) / 1e9);
}

process.on("message", (run: LoadRun) => {
  (run.kind === "replay" ? replay(run) : sequence(run)).then(
    (result) => process.send?.(result),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send?.({ ready: true });
