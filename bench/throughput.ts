import * as fs from "fs";
import type { BenchContext } from "./context";
import { measure, type BenchmarkResult, type Goal, type Table } from "./report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "./stats";
import { httpRequest } from "./support/http";
import { startKkmsLocal, type KkmsLocal } from "./support/kkmsLocal";
import {
  actionParameters,
  BENCH_KEY_ID,
  isSuccessDocument,
  presignedRequest,
  writeSeedFile,
  type ThroughputAction,
} from "./support/kkmsRequests";
import {
  startBareServer,
  startLoadGenerator,
  type BareServer,
  type LoadGenerator,
} from "./support/loadGenerator";
import type { LoadResult, ReplayRequest } from "./support/loadTypes";

/**
 * 2. kkms-local throughput: signed requests per second against a bare node:http server answering the same bytes,
 * both driven by the same autocannon process with the same presigned requests, in the same run.
 */

interface Config {
  action: ThroughputAction;
  connections: number;
}

interface Setup {
  kkms: KkmsLocal;
  bare: BareServer;
  load: LoadGenerator;
}

export async function runThroughputBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const seed = writeSeedFile([{ keyId: BENCH_KEY_ID, keyName: "bench" }]);
  const setup: Setup = {
    kkms: await startKkmsLocal({ seedFile: seed.file }),
    bare: await startBareServer(),
    load: await startLoadGenerator(),
  };
  try {
    return await measureAll(setup, context, started);
  } finally {
    await Promise.all([setup.kkms.stop(), setup.bare.stop(), setup.load.stop()]);
    fs.rmSync(seed.dir, { recursive: true, force: true });
  }
}

function configs(quick: boolean): Config[] {
  if (quick)
    return [
      { action: "Encrypt", connections: 16 },
      { action: "DescribeKeys", connections: 16 },
    ];
  return [
    { action: "Encrypt", connections: 1 },
    { action: "Encrypt", connections: 16 },
    { action: "Encrypt", connections: 64 },
    { action: "GenerateDataKey", connections: 16 },
    { action: "DescribeKeys", connections: 16 },
  ];
}

async function measureAll(setup: Setup, context: BenchContext, started: bigint): Promise<BenchmarkResult> {
  const rows: Table["rows"] = [];
  const goals: Goal[] = [];
  const sameWork: string[] = [];
  const seconds = context.quick ? 1 : 3;
  for (const config of configs(context.quick)) {
    context.log(`  ${config.action} × ${config.connections} connections`);
    const request = await prepareAction(setup, config.action);
    await warmUp(setup, request, config.connections, context.quick ? 0.5 : 1);
    await setup.kkms.resetMetrics();
    const results = await runRounds(
      { rounds: context.quick ? 2 : 3 },
      {
        kkms: () => runLoad(setup.load, setup.kkms.url, request, config, seconds),
        bare: () => runLoad(setup.load, setup.bare.origin, request, config, seconds),
      },
    );
    sameWork.push(await checkServerCounts(setup.kkms, config, results.kkms));
    const row = resultRow(config, results);
    rows.push(row.cells);
    goals.push({
      name: `kkms-local ${config.action} × ${config.connections}`,
      target: "≥ 0.5× bare node:http",
      value: row.ratio,
      met: row.ratio.median >= 0.5,
    });
  }
  return {
    id: "2",
    title: "2. kkms-local throughput vs a bare node:http server (same load generator, same requests)",
    sameWork,
    tables: [
      {
        columns: [
          "action",
          "connections",
          "kkms-local",
          "bare node:http",
          "ratio",
          "kkms-local mean / p99",
          "bare mean / p99",
        ],
        rows,
      },
    ],
    goals,
    notes: [
      "kkms-local runs from its CLI (`--in-memory --log-format none`), the bare server and autocannon each in their " +
        "own process; with 2 cores, the server under test and the load generator get about one core each.",
      "Requests are presigned SigV4 GETs (host signed, valid 15 minutes) replayed as is over keep-alive; the bare " +
        "server answers a real kkms-local answer to the same request, so both send the same bytes back.",
      "Mean latency is connections ÷ rate (Little's law); p99 is autocannon's, in whole milliseconds.",
    ],
    durationMs: elapsedMs(started),
  };
}

/**
 * Presigns the action for kkms-local, checks kkms-local answers it with the action's success document, and sets
 * the bare server to answer that very document.
 */
async function prepareAction(setup: Setup, action: ThroughputAction): Promise<ReplayRequest> {
  const request = presignedRequest(setup.kkms.url, actionParameters(action));
  const answer = await httpRequest(setup.kkms.url + request.path, { headers: request.headers });
  if (!isSuccessDocument(action, answer.status, answer.body)) {
    throw new Error(`kkms-local did not answer ${action}: ${answer.status} ${answer.body}`);
  }
  await setup.bare.answerWith(String(answer.headers["content-type"]), answer.body);
  return request;
}

async function warmUp(setup: Setup, request: ReplayRequest, connections: number, seconds: number) {
  for (const origin of [setup.kkms.url, setup.bare.origin]) {
    await setup.load.run({ origin, request, connections, durationSeconds: seconds });
  }
}

async function runLoad(
  load: LoadGenerator,
  origin: string,
  request: ReplayRequest,
  config: Config,
  seconds: number,
): Promise<LoadResult> {
  const result = await load.run({
    origin,
    request,
    connections: config.connections,
    durationSeconds: seconds,
  });
  if (result.failed > 0 || result.ok === 0) {
    throw new Error(`${origin} ${config.action}: ${result.failed} failed, ${result.ok} ok`);
  }
  return result;
}

/**
 * kkms-local's own count of successful answers must match what the load generator saw (answers still in flight
 * when a run ends are counted by the server only), with no error answers at all.
 */
async function checkServerCounts(kkms: KkmsLocal, config: Config, runs: LoadResult[]): Promise<string> {
  const metrics = await kkms.metrics();
  const counted = metrics.get(`${config.action} OK`) ?? 0;
  const seen = runs.reduce((sum, run) => sum + run.ok, 0);
  const errors = [...metrics].filter(([key]) => !key.endsWith(" OK"));
  const slack = config.connections * runs.length;
  if (errors.length > 0 || counted < seen || counted > seen + slack) {
    throw new Error(
      `kkms-local counted ${counted} ${config.action} OK (client saw ${seen}), errors ${errors}`,
    );
  }
  return `${config.action}×${config.connections}: kkms-local answered ${counted} OK, 0 errors`;
}

function resultRow(config: Config, results: Record<"kkms" | "bare", LoadResult[]>) {
  const rps = (runs: LoadResult[]) => runs.map((run) => run.rps);
  const ratio = measure(ratioFigure(rps(results.kkms), rps(results.bare)), "x");
  // autocannon keeps whole milliseconds: the mean comes from Little's law (connections ÷ rate) instead.
  const latency = (runs: LoadResult[]) =>
    `${((1000 * config.connections) / figure(rps(runs)).median).toFixed(2)} / ` +
    `${figure(runs.map((run) => run.latencyP99Ms)).median} ms`;
  return {
    ratio,
    cells: [
      config.action,
      String(config.connections),
      measure(figure(rps(results.kkms)), "req/s"),
      measure(figure(rps(results.bare)), "req/s"),
      ratio,
      latency(results.kkms),
      latency(results.bare),
    ],
  };
}
