import { KkmsClient } from "pulumi-kkms/sdk";
import { BENCH_KEY_ID, CREDENTIALS, PLAINTEXT, REGION } from "./kkmsRequests";
import { percentileMicros } from "./latency";
import { createSigningLoop } from "./signingLoop";
import { createTransportLoop } from "./transportLoop";

export type CallSide = "client" | "transport-loop" | "signing-loop";

/** `calls` Encrypts from `concurrency` loops, by KkmsClient or one of the loops, in this process alone. */
export interface CallRun {
  side: CallSide;
  endpoint: string;
  concurrency: number;
  calls: number;
}

export interface CallResult {
  ok: number;
  failed: number;
  seconds: number;
  /** This process's CPU time (user + system) over the run, per successful call. */
  cpuMicrosPerCall: number;
  p50Micros: number;
  p99Micros: number;
}

type Encrypt = () => Promise<{ keyId: string; ciphertextBlob: string }>;

/** One side's Encrypt: KkmsClient as an application uses it (retries off so a failure shows), or a loop. */
function sideOf(job: CallRun): { encrypt: Encrypt; destroy(): void } {
  if (job.side === "client") {
    const client = new KkmsClient({
      endpoint: job.endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    return {
      encrypt: () => client.encrypt({ keyId: BENCH_KEY_ID, plaintext: PLAINTEXT }),
      destroy: () => client.destroy(),
    };
  }
  const loop =
    job.side === "transport-loop"
      ? createTransportLoop(job.endpoint, REGION, CREDENTIALS)
      : createSigningLoop(job.endpoint, REGION, CREDENTIALS);
  return { encrypt: () => loop.encrypt(BENCH_KEY_ID, PLAINTEXT), destroy: () => loop.destroy() };
}

async function run(job: CallRun): Promise<CallResult> {
  const side = sideOf(job);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const loop = async () => {
    while (next++ < job.calls) {
      const sent = process.hrtime.bigint();
      try {
        const result = await side.encrypt();
        if (result.keyId !== BENCH_KEY_ID || result.ciphertextBlob === "") failed++;
        else latencies.push(Number(process.hrtime.bigint() - sent) / 1e3);
      } catch {
        failed++;
      }
    }
  };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  side.destroy();
  return {
    ok: latencies.length,
    failed,
    seconds,
    cpuMicrosPerCall: (used.user + used.system) / Math.max(1, latencies.length),
    p50Micros: percentileMicros(latencies, 0.5),
    p99Micros: percentileMicros(latencies, 0.99),
  };
}

process.on("message", (job: CallRun) => {
  run(job).then(
    (result) => process.send?.(result),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send?.({ ready: true });
// A clean exit on stop, so that `--cpu-prof` (used to see where a call's CPU goes) gets to write its profile.
process.on("SIGTERM", () => process.exit(0));
