import * as fs from "fs";
import * as path from "path";
import type { Benchmark } from "../benchmark";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "../stats";
import { startAutocannon, type Autocannon } from "../support/autocannon";
import { startBareServer, type BareServer } from "../support/bareServerProcess";
import { httpRequest } from "../support/http";
import { latencyText } from "../support/latency";
import { startKkmsLocal, type KkmsLocal } from "../support/kkmsLocal";
import {
  actionParameters,
  BENCH_KEY_ID,
  isSuccessDocument,
  presignedRequest,
  writeSeedFile,
  type ThroughputAction,
} from "../support/kkmsRequests";
import { requireAllOk, startLoadGenerator, type LoadGenerator } from "../support/loadGenerator";
import type { LoadResult, ReplayRequest } from "../support/loadTypes";

/**
 * kkms-local's requests per second against a bare node:http server answering the same bytes; writes (CreateKey,
 * ModifyKey) also on a data dir against in memory. One load generator process, the same presigned requests,
 * the sides alternating in the same rounds.
 */

type Side = "memory" | "disk" | "bare";

interface Config {
  action: ThroughputAction;
  connections: number;
  sides: readonly Side[];
}

interface Setup {
  memory: KkmsLocal;
  disk: KkmsLocal;
  bare: BareServer;
  load: LoadGenerator;
  autocannon: Autocannon;
}

const READ_SIDES: readonly Side[] = ["memory", "bare"];
const WRITE_SIDES: readonly Side[] = ["disk", "memory", "bare"];

export const benchmark: Benchmark = {
  order: 2,
  name: "throughput",
  async run(context) {
    const started = nowNs();
    const seed = writeSeedFile([{ keyId: BENCH_KEY_ID, keyName: "bench" }]);
    const setup: Setup = {
      memory: await startKkmsLocal({ seedFile: seed.file }),
      disk: await startKkmsLocal({ seedFile: seed.file, dataDir: path.join(seed.dir, "data") }),
      bare: await startBareServer(),
      load: await startLoadGenerator(),
      autocannon: await startAutocannon(),
    };
    try {
      return await measureAll(setup, context, started);
    } finally {
      await Promise.all(
        [setup.memory, setup.disk, setup.bare, setup.load, setup.autocannon].map((part) => part.stop()),
      );
      fs.rmSync(seed.dir, { recursive: true, force: true });
    }
  },
};

function configs(quick: boolean): Config[] {
  const reads: Config[] = quick
    ? [
        { action: "Encrypt", connections: 16, sides: READ_SIDES },
        { action: "DescribeKeys", connections: 16, sides: READ_SIDES },
      ]
    : [
        { action: "Encrypt", connections: 1, sides: READ_SIDES },
        { action: "Encrypt", connections: 16, sides: READ_SIDES },
        { action: "Encrypt", connections: 64, sides: READ_SIDES },
        { action: "GenerateDataKey", connections: 16, sides: READ_SIDES },
        { action: "DescribeKeys", connections: 16, sides: READ_SIDES },
      ];
  // Writes last: each CreateKey adds a key, and the reads above should see the one-key store.
  const writes: Config[] = [
    { action: "CreateKey", connections: 16, sides: WRITE_SIDES },
    { action: "ModifyKey", connections: 16, sides: WRITE_SIDES },
  ];
  return [...reads, ...writes];
}

async function measureAll(setup: Setup, context: BenchContext, started: bigint): Promise<BenchmarkResult> {
  const rows: Table["rows"] = [];
  const figures: FigureEntry[] = [];
  const sameWork: string[] = [];
  const seconds = context.quick ? 1 : 3;
  const rounds = { rounds: context.quick ? 2 : 3 };
  for (const config of configs(context.quick)) {
    context.log(`  ${config.action} × ${config.connections} connections`);
    const requests = await prepareAction(setup, config.action);
    const run = (side: Side, durationSeconds: number) =>
      runLoad(setup.load, origin(setup, side), requests[side], config.connections, durationSeconds);
    for (const side of config.sides) await run(side, seconds / 2); // warm up
    await Promise.all(kkmsSides(config).map((side) => setup[side].resetMetrics()));
    const sides = Object.fromEntries(config.sides.map((side) => [side, () => run(side, seconds)]));
    const results = (await runRounds(rounds, sides)) as Record<Side, LoadResult[]>;
    for (const side of kkmsSides(config))
      sameWork.push(await checkServerCounts(setup[side], side, config, results[side]));
    rows.push(resultRow(config, results));
    figures.push(...configFigures(config, results));
  }
  const calibration = await calibrate(setup, context, seconds);
  figures.push(calibration.figure);
  return {
    name: "throughput",
    title: "kkms-local vs a bare node:http server (same load generator, same requests); writes on disk",
    sameWork,
    tables: [
      {
        columns: [
          "action",
          "connections",
          "kkms-local (data dir)",
          "kkms-local (in memory)",
          "bare node:http",
          "in memory ÷ bare",
          "data dir ÷ in memory",
          "p50 / p99: data dir · in memory · bare",
        ],
        rows,
      },
      calibration.table,
    ],
    figures,
    notes: [
      "kkms-local runs from its CLI (`--log-format none`), in memory (`--in-memory`) and on a data dir in the OS " +
        "temp directory (SQLite WAL, synchronous=FULL: every acknowledged write is on disk); the bare server and " +
        "the load generator each in their own process. With 2 cores, a server and the generator get about one each.",
      "Requests are presigned SigV4 GETs (host signed, valid 15 minutes) replayed as is over keep-alive by our " +
        "load generator (raw sockets, request bytes built once, each request timed with process.hrtime); the bare " +
        "server answers a real kkms-local answer to the same request, so both send the same bytes back. " +
        "Each CreateKey replay creates a key; each ModifyKey renames the benchmark key, 64 names in turn (SQLite " +
        "writes nothing for an UPDATE that changes nothing, so one name replayed would measure no write at all).",
      "Latencies are per request, from its first byte written to its answer's last byte read, in microseconds.",
    ],
    durationMs: elapsedMs(started),
  };
}

function kkmsSides(config: Config): ("memory" | "disk")[] {
  return config.sides.filter((side): side is "memory" | "disk" => side !== "bare");
}

function origin(setup: Setup, side: Side): string {
  return side === "bare" ? setup.bare.origin : setup[side].url;
}

function configFigures(config: Config, results: Record<Side, LoadResult[]>): FigureEntry[] {
  const rate = (side: Side) => results[side].map((result) => result.rate);
  const id = `throughput.${kebab(config.action)}.c${config.connections}`;
  const label = `${config.action} × ${config.connections} connection${config.connections === 1 ? "" : "s"}`;
  const memoryVsBare = measure(ratioFigure(rate("memory"), rate("bare")), "x");
  if (!config.sides.includes("disk")) {
    return [entry(`${id}.vs-bare`, `kkms-local ÷ bare node:http, ${label}`, memoryVsBare, { atLeast: 0.5 })];
  }
  return [
    entry(
      `${id}.disk-vs-memory`,
      `kkms-local on a data dir ÷ in memory, ${label}`,
      ratioOf("disk", "memory"),
    ),
    entry(
      `${id}.disk-vs-bare`,
      `kkms-local on a data dir ÷ bare node:http, ${label}`,
      ratioOf("disk", "bare"),
    ),
  ];
  function ratioOf(a: Side, b: Side) {
    return measure(ratioFigure(rate(a), rate(b)), "x");
  }
}

function resultRow(config: Config, results: Record<Side, LoadResult[]>): Table["rows"][number] {
  const rate = (side: Side) => results[side]?.map((result) => result.rate);
  const cell = (side: Side) => (results[side] ? measure(figure(rate(side)), "req/s") : "—");
  const ratio = (a: Side, b: Side) =>
    results[a] && results[b] ? measure(ratioFigure(rate(a), rate(b)), "x") : "—";
  const latency = (side: Side) => (results[side] ? latencyText(results[side]) : "—");
  return [
    config.action,
    String(config.connections),
    cell("disk"),
    cell("memory"),
    cell("bare"),
    ratio("memory", "bare"),
    ratio("disk", "memory"),
    `${latency("disk")} · ${latency("memory")} · ${latency("bare")} µs`,
  ];
}

/**
 * Our generator and autocannon against the bare server, same request, same connections, same rounds: shows that
 * the ceiling the other rows are measured against is the server's, not our generator's.
 */
async function calibrate(setup: Setup, context: BenchContext, seconds: number) {
  context.log("  calibration: our generator vs autocannon on the bare server");
  const [request] = (await prepareAction(setup, "Encrypt")).bare;
  const connections = 16;
  const results = await runRounds(
    { rounds: context.quick ? 2 : 3 },
    {
      generator: async () =>
        (await runLoad(setup.load, setup.bare.origin, [request], connections, seconds)).rate,
      autocannon: async () => {
        const result = await setup.autocannon.run({
          origin: setup.bare.origin,
          request,
          connections,
          durationSeconds: seconds,
        });
        if (result.failed > 0 || result.ok === 0) throw new Error(`autocannon: ${result.failed} failed`);
        return result.rate;
      },
    },
  );
  const ratio = measure(ratioFigure(results.generator, results.autocannon), "x");
  return {
    figure: entry(
      "throughput.generator-vs-autocannon.c16",
      "our load generator ÷ autocannon, on the bare server, Encrypt × 16 connections (calibration)",
      ratio,
    ),
    table: {
      title: "Calibration: the load generator against autocannon, bare server, Encrypt × 16 connections",
      columns: ["our generator", "autocannon", "ratio"],
      rows: [
        [measure(figure(results.generator), "req/s"), measure(figure(results.autocannon), "req/s"), ratio],
      ],
    },
  };
}

/** ModifyKeys in turn, each renaming the key: SQLite writes nothing for an UPDATE that changes nothing. */
const MODIFY_KEY_VARIANTS = 64;

/**
 * Presigns the action for each kkms-local (the Host, port included, is signed), checks each answers it with the
 * action's success document, and sets the bare server to answer that very document to the same request. A
 * ModifyKey comes in variants sent in turn, each a different name, so that every one is a real write.
 */
async function prepareAction(setup: Setup, action: ThroughputAction): Promise<Record<Side, ReplayRequest[]>> {
  const requests = {} as Record<Side, ReplayRequest[]>;
  const variants = action === "ModifyKey" ? MODIFY_KEY_VARIANTS : 1;
  let answer;
  for (const side of ["disk", "memory"] as const) {
    const server = setup[side];
    requests[side] = Array.from({ length: variants }, (_, variant) =>
      presignedRequest(server.url, actionParameters(action, variant)),
    );
    for (const request of requests[side]) {
      answer = await httpRequest(server.url + request.path, { headers: request.headers });
      if (!isSuccessDocument(action, answer.status, answer.body)) {
        throw new Error(`kkms-local (${side}) did not answer ${action}: ${answer.status} ${answer.body}`);
      }
    }
  }
  if (!answer) throw new Error("no kkms-local answered");
  await setup.bare.answerWith(String(answer.headers["content-type"]), answer.body);
  requests.bare = requests.memory;
  return requests;
}

async function runLoad(
  load: LoadGenerator,
  target: string,
  requests: readonly ReplayRequest[],
  connections: number,
  durationSeconds: number,
): Promise<LoadResult> {
  const variants = requests.length > 1 ? requests : undefined;
  const run = { origin: target, request: requests[0], variants, connections, durationSeconds };
  return requireAllOk(await load.replay(run), target);
}

/**
 * kkms-local's own count of successful answers must match what the load generator saw (answers still in flight
 * when a run ends are counted by the server only), with no error answers at all.
 */
async function checkServerCounts(
  kkms: KkmsLocal,
  side: string,
  config: Config,
  runs: LoadResult[],
): Promise<string> {
  const metrics = await kkms.metrics();
  const counted = metrics.get(`${config.action} OK`) ?? 0;
  const seen = runs.reduce((sum, run) => sum + run.ok, 0);
  const errors = [...metrics].filter(([key]) => !key.endsWith(" OK"));
  const slack = config.connections * runs.length;
  if (errors.length > 0 || counted < seen || counted > seen + slack) {
    throw new Error(
      `kkms-local (${side}) counted ${counted} ${config.action} OK (generator saw ${seen}), errors ${errors}`,
    );
  }
  return `${config.action}×${config.connections} (${side}): kkms-local answered ${counted} OK, 0 errors`;
}

function kebab(action: string): string {
  return action.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}
