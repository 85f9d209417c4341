import autocannon from "autocannon";
import type { AutocannonResult, AutocannonRun } from "./autocannon";

/** autocannon replaying one fixed request over `connections` keep-alive connections. */
async function run(job: AutocannonRun): Promise<AutocannonResult> {
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
  return { ok, failed: result.non2xx + result.errors + result.timeouts, rate: ok / result.duration };
}

process.on("message", (job: AutocannonRun) => {
  run(job).then(
    (result) => process.send?.(result),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send?.({ ready: true });
