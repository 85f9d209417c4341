import autocannon from "autocannon";
import type { LoadResult, LoadRun } from "./loadTypes";

/**
 * The load generator, in its own process so it never shares an event loop with the server it measures. Every
 * run replays one fixed request over `connections` keep-alive connections.
 */
async function run(job: LoadRun): Promise<LoadResult> {
  const result = await autocannon({
    url: job.origin + job.request.path,
    method: job.request.method,
    headers: job.request.headers,
    body: job.request.body,
    connections: job.connections,
    duration: job.durationSeconds,
    pipelining: 1,
  });
  const ok = result["2xx"];
  return {
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    durationSeconds: result.duration,
    rps: ok / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

process.on("message", (job: LoadRun) => {
  run(job).then(
    (result) => process.send?.(result),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send?.({ ready: true });
