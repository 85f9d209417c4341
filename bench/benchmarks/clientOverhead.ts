import * as fs from "fs";
import * as path from "path";
import { KkmsClient } from "pulumi-kkms/sdk";
import type { Benchmark } from "../benchmark";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "../stats";
import type { CallResult, CallRun, CallSide } from "../support/callWorker";
import { forkWorker, type Worker } from "../support/childProcess";
import { latencyText } from "../support/latency";
import { startKkmsLocal, type KkmsLocal } from "../support/kkmsLocal";
import { BENCH_KEY_ID, CREDENTIALS, PLAINTEXT, REGION, writeSeedFile } from "../support/kkmsRequests";
import type { ReplayRequest } from "../support/loadTypes";
import { recordRequest } from "../support/recordRequest";
import { createSigningLoop } from "../support/signingLoop";

/**
 * KkmsClient's cost per call against a bare node:http loop that does the same work — the same Encrypt, signed
 * anew with the same signer, sent as the same POST over a keep-alive agent, its JSON answer parsed and checked —
 * on the same kkms-local, at the same concurrency. A third side, the loop sending through KkmsClient's own
 * transport, splits the difference into the transport's share and the rest of the SDK's. Each side runs in its
 * own process and reads its own CPU time.
 */
const CONCURRENCIES = [1, 16] as const;
const SIDES: readonly CallSide[] = ["client", "transport-loop", "signing-loop"];
const CPU_GOAL = 1.5;

export const benchmark: Benchmark = {
  order: 4,
  name: "client",
  async run(context) {
    const started = nowNs();
    const seed = writeSeedFile([{ keyId: BENCH_KEY_ID, keyName: "bench" }]);
    const kkms = await startKkmsLocal({ seedFile: seed.file });
    const worker = path.join(__dirname, "..", "support", "callWorker.ts");
    const workers: Record<CallSide, Worker> = {
      client: (await forkWorker(worker)).worker,
      "transport-loop": (await forkWorker(worker)).worker,
      "signing-loop": (await forkWorker(worker)).worker,
    };
    try {
      return await measureAll(kkms, workers, context, started);
    } finally {
      await Promise.all([kkms.stop(), ...Object.values(workers).map((side) => side.stop())]);
      fs.rmSync(seed.dir, { recursive: true, force: true });
    }
  },
};

async function measureAll(
  kkms: KkmsLocal,
  workers: Record<CallSide, Worker>,
  context: BenchContext,
  started: bigint,
): Promise<BenchmarkResult> {
  const sameWork = [await checkSameRequests(kkms.url)];
  const rows: Table["rows"] = [];
  const figures: FigureEntry[] = [];
  const calls = context.quick ? 1000 : 4000;
  let okCalls = 0;
  await kkms.resetMetrics();
  for (const concurrency of CONCURRENCIES) {
    context.log(`  Encrypt, ${concurrency} in flight`);
    const run = (side: CallSide, count: number) => async () => {
      const job: CallRun = { side, endpoint: kkms.url, concurrency, calls: count };
      const result = await workers[side].ask<CallResult>(job);
      if (result.failed > 0 || result.ok !== count) throw new Error(`${side}: ${result.failed} failed`);
      okCalls += result.ok;
      return result;
    };
    for (const side of SIDES) await run(side, calls / 2)(); // warm up each process's JIT
    const results = await runRounds(
      { rounds: context.quick ? 2 : 5 },
      {
        client: run("client", calls),
        transport: run("transport-loop", calls),
        loop: run("signing-loop", calls),
      },
    );
    const cpu = (runs: CallResult[]) => runs.map((result) => result.cpuMicrosPerCall);
    const rate = (runs: CallResult[]) => runs.map((result) => result.ok / result.seconds);
    const cpuRatio = (a: CallResult[], b: CallResult[]) => measure(ratioFigure(cpu(a), cpu(b)), "x");
    const rateRatio = measure(ratioFigure(rate(results.client), rate(results.loop)), "x");
    rows.push([
      String(concurrency),
      measure(figure(cpu(results.client)), "µs"),
      measure(figure(cpu(results.transport)), "µs"),
      measure(figure(cpu(results.loop)), "µs"),
      cpuRatio(results.client, results.loop),
      measure(figure(rate(results.client)), "req/s"),
      measure(figure(rate(results.loop)), "req/s"),
      rateRatio,
      `${latencyText(results.client)} · ${latencyText(results.loop)} µs`,
    ]);
    const inFlight = `${concurrency} in flight`;
    figures.push(
      entry(
        `client.cpu.c${concurrency}`,
        `KkmsClient CPU per Encrypt ÷ the signing node:http loop's, ${inFlight}`,
        cpuRatio(results.client, results.loop),
        { atMost: CPU_GOAL },
      ),
      entry(
        `client.cpu.transport-share.c${concurrency}`,
        `the signing loop through KkmsClient's transport (axios) ÷ the signing node:http loop, CPU, ${inFlight}`,
        cpuRatio(results.transport, results.loop),
      ),
      entry(
        `client.cpu.sdk-share.c${concurrency}`,
        `KkmsClient ÷ the signing loop through KkmsClient's transport, CPU, ${inFlight}`,
        cpuRatio(results.client, results.transport),
      ),
      entry(
        `client.rate.c${concurrency}`,
        `KkmsClient Encrypts per second ÷ the signing node:http loop's, ${inFlight}`,
        rateRatio,
      ),
    );
  }
  sameWork.push(await checkServerCount(kkms, okCalls));
  return {
    name: "client",
    title: "KkmsClient vs a signing node:http loop doing the same work, same kkms-local",
    sameWork,
    tables: [
      {
        columns: [
          "in flight",
          "KkmsClient CPU per call",
          "loop through its transport",
          "signing loop",
          "client ÷ signing loop",
          "KkmsClient rate",
          "loop rate",
          "rate ratio",
          "p50 / p99: client · loop",
        ],
        rows,
      },
    ],
    figures,
    notes: [
      "CPU per call is the process's own user + system time (process.cpuUsage) over a round's calls, divided by " +
        `the calls (${calls} per round); each side runs alone in its own process, one round after the other, ` +
        "kkms-local (CLI, in memory) in a third.",
      "KkmsClient runs as an application uses it: one client, its own keep-alive agent, retries off so that a " +
        "failure shows, every result checked. The loop sends what the client sends, with the same signer, and " +
        "checks the same fields; it has no timeout, retry policy, typed errors or logging. The middle loop is the " +
        "signing loop sending through KkmsClient's transport (axios's http adapter, the client's agents and " +
        "timeout): client ÷ signing loop = (client ÷ middle) × (middle ÷ signing loop).",
    ],
    durationMs: elapsedMs(started),
  };
}

/**
 * Both sides' requests, recorded: the same method, path and body, the same signed headers with the same values
 * (but the date), and both signed. So kkms-local does the same work for each.
 */
async function checkSameRequests(endpoint: string): Promise<string> {
  const fromClient = await recordRequest(async (agent) => {
    const client = new KkmsClient({
      endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      httpAgent: agent,
    });
    await client.encrypt({ keyId: BENCH_KEY_ID, plaintext: PLAINTEXT });
  });
  const fromLoop = await recordRequest((agent) =>
    createSigningLoop(endpoint, REGION, CREDENTIALS, agent).encrypt(BENCH_KEY_ID, PLAINTEXT),
  );
  const signed = (request: ReplayRequest) =>
    /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? "")?.[1] ?? "none";
  const shape = (request: ReplayRequest) =>
    JSON.stringify({
      method: request.method,
      path: request.path,
      body: request.body,
      signedHeaders: signed(request),
      values: signed(request)
        .split(";")
        .filter((name) => name !== "x-amz-date")
        .map((name) => request.headers[name]),
      accept: request.headers.accept,
      contentType: request.headers["content-type"],
    });
  if (shape(fromClient) !== shape(fromLoop)) {
    throw new Error(
      `the loop's request differs from KkmsClient's:\n${shape(fromLoop)}\n${shape(fromClient)}`,
    );
  }
  return `both send ${fromClient.method} ${fromClient.path} with the same form body, signing ${signed(fromClient)}`;
}

async function checkServerCount(kkms: KkmsLocal, okCalls: number): Promise<string> {
  const metrics = await kkms.metrics();
  const counted = metrics.get("Encrypt OK") ?? 0;
  const errors = [...metrics].filter(([key]) => !key.endsWith(" OK"));
  if (counted !== okCalls || errors.length > 0)
    throw new Error(`kkms-local counted ${counted} Encrypt OK (the sides saw ${okCalls}), errors ${errors}`);
  return `kkms-local answered all ${counted} Encrypts with 200, as both sides counted`;
}
