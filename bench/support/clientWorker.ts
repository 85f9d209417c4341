import { KkmsClient } from "pulumi-kkms/sdk";
import { BENCH_KEY_ID, CREDENTIALS, PLAINTEXT, REGION } from "./kkmsRequests";
import type { LoadResult } from "./loadTypes";

/** A run of KkmsClient.encrypt calls from `connections` concurrent loops, in this process alone. */
export interface ClientRun {
  endpoint: string;
  connections: number;
  durationSeconds: number;
}

/**
 * Drives kkms-local with our KkmsClient exactly as an application would (one client, keep-alive agent, retries
 * off so that a failure shows), and reports the same figures as the autocannon worker.
 */
async function run(job: ClientRun): Promise<LoadResult> {
  const client = new KkmsClient({
    endpoint: job.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  const latencies: number[] = [];
  let failed = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(job.durationSeconds * 1e9));
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      const sent = process.hrtime.bigint();
      try {
        const result = await client.encrypt({ keyId: BENCH_KEY_ID, plaintext: PLAINTEXT });
        if (result.keyId !== BENCH_KEY_ID || result.ciphertextBlob === "") failed++;
        else latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    ok: latencies.length,
    failed,
    durationSeconds,
    rps: latencies.length / durationSeconds,
    latencyP50Ms: percentile(0.5),
    latencyP99Ms: percentile(0.99),
  };
}

process.on("message", (job: ClientRun) => {
  run(job).then(
    (result) => process.send?.(result),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send?.({ ready: true });
