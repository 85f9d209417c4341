import * as fs from "fs";
import * as path from "path";
import type { BenchContext } from "./context";
import { measure, type BenchmarkResult, type Goal, type Table } from "./report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "./stats";
import { forkWorker, type Worker } from "./support/childProcess";
import type { ClientRun } from "./support/clientWorker";
import { httpRequest } from "./support/http";
import { startKkmsLocal, type KkmsLocal } from "./support/kkmsLocal";
import { BENCH_KEY_ID, isSuccessDocument, writeSeedFile } from "./support/kkmsRequests";
import { startLoadGenerator, type LoadGenerator } from "./support/loadGenerator";
import type { LoadResult, ReplayRequest } from "./support/loadTypes";
import { recordEncryptRequest } from "./support/recordClientRequest";

/**
 * 3. Client overhead: KkmsClient driving kkms-local against autocannon replaying the very request KkmsClient
 * sends (same method, headers, body and signature), on the same kkms-local, at the same concurrency.
 */
export async function runClientOverheadBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const seed = writeSeedFile([{ keyId: BENCH_KEY_ID, keyName: "bench" }]);
  const kkms = await startKkmsLocal({ seedFile: seed.file });
  const load = await startLoadGenerator();
  const { worker: client } = await forkWorker(path.join(__dirname, "support", "clientWorker.ts"));
  try {
    return await measureAll({ kkms, load, client }, context, started);
  } finally {
    await Promise.all([kkms.stop(), load.stop(), client.stop()]);
    fs.rmSync(seed.dir, { recursive: true, force: true });
  }
}

interface Setup {
  kkms: KkmsLocal;
  load: LoadGenerator;
  client: Worker;
}

async function measureAll(setup: Setup, context: BenchContext, started: bigint): Promise<BenchmarkResult> {
  const rows: Table["rows"] = [];
  const goals: Goal[] = [];
  const sameWork: string[] = [];
  const seconds = context.quick ? 1 : 3;
  for (const connections of context.quick ? [16] : [1, 16]) {
    context.log(`  Encrypt × ${connections} connections`);
    const request = await recordEncryptRequest(setup.kkms.url);
    sameWork.push(await checkReplay(setup.kkms, request, connections));
    const sides = {
      client: () =>
        runClient(setup.client, { endpoint: setup.kkms.url, connections, durationSeconds: seconds }),
      autocannon: () => runReplay(setup.load, setup.kkms.url, request, connections, seconds),
    };
    await sides.client();
    await sides.autocannon();
    const results = await runRounds({ rounds: context.quick ? 2 : 3 }, sides);
    const rps = (runs: LoadResult[]) => runs.map((run) => run.rps);
    const ratio = measure(ratioFigure(rps(results.client), rps(results.autocannon)), "x");
    // autocannon keeps whole milliseconds: both means come from Little's law (concurrency ÷ rate).
    const latency = (runs: LoadResult[]) =>
      `${((1000 * connections) / figure(rps(runs)).median).toFixed(2)} / ` +
      `${figure(runs.map((r) => r.latencyP99Ms)).median.toFixed(2)} ms`;
    rows.push([
      "Encrypt",
      String(connections),
      measure(figure(rps(results.client)), "req/s"),
      measure(figure(rps(results.autocannon)), "req/s"),
      ratio,
      latency(results.client),
      latency(results.autocannon),
    ]);
    goals.push({
      name: `KkmsClient Encrypt × ${connections}`,
      target: "≥ 0.8× raw load generator",
      value: ratio,
      met: ratio.median >= 0.8,
    });
  }
  return {
    id: "3",
    title: "3. Client overhead: KkmsClient vs autocannon replaying its request, same kkms-local",
    sameWork,
    tables: [
      {
        columns: [
          "action",
          "concurrency",
          "KkmsClient",
          "autocannon",
          "ratio",
          "client mean / p99",
          "autocannon mean / p99",
        ],
        rows,
      },
    ],
    goals,
    notes: [
      "The replayed request is recorded from KkmsClient itself (a POST form body, SigV4 in the Authorization " +
        "header), so kkms-local does the same work for both; the client signs every request anew.",
      "KkmsClient runs with retries off, in its own process; kkms-local (CLI, in memory) in another.",
      "Mean latency is concurrency ÷ rate (Little's law); p99 is the client's own, and autocannon's in whole ms.",
    ],
    durationMs: elapsedMs(started),
  };
}

/** The recorded request, sent as recorded, must be answered by kkms-local with an Encrypt success document. */
async function checkReplay(kkms: KkmsLocal, request: ReplayRequest, connections: number): Promise<string> {
  const answer = await httpRequest(kkms.url + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  if (!isSuccessDocument("Encrypt", answer.status, answer.body)) {
    throw new Error(`kkms-local refused the recorded KkmsClient request: ${answer.status} ${answer.body}`);
  }
  return `×${connections}: replayed ${request.method} (${request.headers["Content-Type"] ?? "?"}) answered 200 Encrypt`;
}

async function runClient(client: Worker, job: ClientRun): Promise<LoadResult> {
  const result = await client.ask<LoadResult>(job);
  if (result.failed > 0 || result.ok === 0)
    throw new Error(`KkmsClient: ${result.failed} failed, ${result.ok} ok`);
  return result;
}

async function runReplay(
  load: LoadGenerator,
  origin: string,
  request: ReplayRequest,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await load.run({ origin, request, connections, durationSeconds: seconds });
  if (result.failed > 0 || result.ok === 0)
    throw new Error(`autocannon: ${result.failed} failed, ${result.ok} ok`);
  return result;
}
