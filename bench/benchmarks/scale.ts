import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import type { Benchmark } from "../benchmark";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Measure, type Table } from "../report";
import { elapsedMs, figure, median, nowNs, ratioFigure, single } from "../stats";
import { httpRequest } from "../support/http";
import { startKkmsLocal, type KkmsLocal } from "../support/kkmsLocal";
import { actionParameters, isSuccessDocument, presignedRequest } from "../support/kkmsRequests";

/**
 * Scale: kkms-local on a data dir holding 10,000 and 100,000 keys, against the same measurements on a data
 * dir holding one key, in the same run: start-up on the existing dir, DescribeKeys (all, and by id), Encrypt,
 * resident memory and data-dir size.
 */

const PROBE_KEY_ID = "scale-000001";

interface SizeResult {
  keys: number;
  seedSeconds: number;
  startupMs: number[];
  byIdMs: number[];
  encryptMs: number[];
  allMs: number[];
  rssAtStartMb: number;
  rssMb: number;
  dataDirMb: number;
}

export const benchmark: Benchmark = { order: 7, name: "scale", run: runScaleBenchmark };

async function runScaleBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const sizes = context.quick ? [1, 10_000] : [1, 10_000, 100_000];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-bench-scale-"));
  try {
    const stores: SeededStore[] = [];
    for (const keys of sizes) {
      context.log(`  seeding ${keys} keys`);
      stores.push(await seedStore(root, keys));
    }
    context.log("  start-up rounds");
    const startups = await startupRounds(stores, context.quick ? 3 : 5);
    const results: SizeResult[] = [];
    for (const [index, store] of stores.entries()) {
      context.log(`  requests against ${store.keys} keys`);
      results.push({ ...store, ...startups[index], ...(await measureRequests(store, context.quick)) });
    }
    return report(results, started);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

interface SeededStore {
  keys: number;
  dataDir: string;
  seedSeconds: number;
}

/** A data dir seeded through the CLI's --seed, then left for the later starts to open. */
async function seedStore(root: string, keys: number): Promise<SeededStore> {
  const dir = path.join(root, String(keys));
  fs.mkdirSync(dir);
  const dataDir = path.join(dir, "data");
  const seedFile = writeSeed(dir, keys);
  const seedStarted = nowNs();
  const seeding = await startKkmsLocal({ dataDir, seedFile });
  await seeding.stop();
  return { keys, dataDir, seedSeconds: elapsedMs(seedStarted) / 1000 };
}

/**
 * Starts each data dir once per round, rotating the order, so every size's start-ups spread over the same
 * stretch of time as the 1-key store's they are compared with.
 */
async function startupRounds(stores: SeededStore[], rounds: number) {
  const results = stores.map(() => ({ startupMs: [] as number[], rssAtStartMb: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < stores.length; i++) {
      const index = (i + round) % stores.length;
      const kkms = await startKkmsLocal({ dataDir: stores[index].dataDir });
      results[index].startupMs.push(kkms.startupMs);
      results[index].rssAtStartMb.push(kkms.residentMegabytes());
      await kkms.stop();
    }
  }
  return results.map((result) => ({
    startupMs: result.startupMs,
    rssAtStartMb: median(result.rssAtStartMb),
  }));
}

async function measureRequests(store: SeededStore, quick: boolean) {
  const kkms = await startKkmsLocal({ dataDir: store.dataDir });
  try {
    const latencies = await measureLatencies(kkms, store.keys, quick);
    return { ...latencies, rssMb: kkms.residentMegabytes(), dataDirMb: dirMegabytes(store.dataDir) };
  } finally {
    await kkms.stop();
  }
}

/** Keys `scale-000001…`, all of the development account in the default region, seeded in one transaction. */
function writeSeed(dir: string, keys: number): string {
  const file = path.join(dir, "seed.json");
  const seed = Array.from({ length: keys }, (_, i) => {
    const n = String(i + 1).padStart(6, "0");
    return { keyId: `scale-${n}`, keyName: `scale-${n}`, description: "a key among many" };
  });
  fs.writeFileSync(file, JSON.stringify(seed));
  return file;
}

/** Sequential requests over one keep-alive connection; each answer is checked before it counts. */
async function measureLatencies(kkms: KkmsLocal, keys: number, quick: boolean) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const timed = async (params: [string, string][], check: (body: string) => boolean, count: number) => {
      const request = presignedRequest(kkms.url, params);
      const samples: number[] = [];
      for (let i = 0; i < count + 3; i++) {
        const sent = nowNs();
        const answer = await httpRequest(kkms.url + request.path, { headers: request.headers, agent });
        const ms = elapsedMs(sent);
        if (answer.status !== 200 || !check(answer.body))
          throw new Error(`unexpected answer ${answer.status}`);
        if (i >= 3) samples.push(ms); // the first few warm the JIT and the page cache
      }
      return samples;
    };
    const probes = quick ? 50 : 200;
    const describeById: [string, string][] = [
      ...actionParameters("DescribeKeys").slice(0, 2),
      ["KeyId.1", PROBE_KEY_ID],
    ];
    const encrypt: [string, string][] = actionParameters("Encrypt").map(([name, value]) =>
      name === "KeyId" ? [name, PROBE_KEY_ID] : [name, value],
    );
    const keySetSize = (body: string) => (JSON.parse(body) as { KeySet: unknown[] }).KeySet.length;
    return {
      byIdMs: await timed(describeById, (body) => keySetSize(body) === 1, probes),
      encryptMs: await timed(
        encrypt,
        (body) => isSuccessDocument("Encrypt", 200, body, PROBE_KEY_ID),
        probes,
      ),
      allMs: await timed(
        actionParameters("DescribeKeys").slice(0, 2),
        (body) => keySetSize(body) === keys,
        keys > 10_000 ? 3 : 10,
      ),
    };
  } finally {
    agent.destroy();
  }
}

function dirMegabytes(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0) / 2 ** 20;
}

function report(results: SizeResult[], started: bigint): BenchmarkResult {
  const [baseline, ...scaled] = results;
  const ms = (samples: number[]) => measure(figure(samples), "ms");
  const versus = (samples: number[], base: number[]): Measure =>
    measure(single(median(samples) / median(base)), "x");
  // Start-ups ran in the same rounds as the 1-key store's: their ratio is per round.
  const startupVersus = (result: SizeResult): Measure =>
    measure(ratioFigure(result.startupMs, baseline.startupMs), "x");
  const rows: Table["rows"] = results.map((result) => [
    result.keys.toLocaleString("en-US"),
    `${result.seedSeconds.toFixed(1)} s`,
    ms(result.startupMs),
    ms(result.byIdMs),
    ms(result.encryptMs),
    ms(result.allMs),
    result.keys > 1 ? `${((median(result.allMs) * 1000) / result.keys).toFixed(2)} µs` : "—",
    `${result.rssAtStartMb.toFixed(0)} / ${result.rssMb.toFixed(0)} MB`,
    `${result.dataDirMb.toFixed(1)} MB`,
  ]);
  const ratioRows: Table["rows"] = scaled.map((result) => [
    result.keys.toLocaleString("en-US"),
    startupVersus(result),
    versus(result.byIdMs, baseline.byIdMs),
    versus(result.encryptMs, baseline.encryptMs),
    measure(single(result.rssAtStartMb / baseline.rssAtStartMb), "x"),
  ]);
  // Our bars: a lookup by id is an index lookup, and nothing is loaded at start.
  const figures: FigureEntry[] = scaled.flatMap((result) => [
    entry(
      `scale.${result.keys}.by-id-vs-1-key`,
      `DescribeKeys by id on ${result.keys.toLocaleString("en-US")} keys ÷ on a 1-key data dir`,
      versus(result.byIdMs, baseline.byIdMs),
      { atMost: 2 },
    ),
    entry(
      `scale.${result.keys}.startup-vs-1-key`,
      `start-up on ${result.keys.toLocaleString("en-US")} keys ÷ on a 1-key data dir`,
      startupVersus(result),
      { atMost: 2 },
    ),
  ]);
  return {
    name: "scale",
    title: "kkms-local on a data dir with many keys",
    sameWork: [
      "every DescribeKeys (all) answer held every key, every by-id answer exactly one, every Encrypt answer a blob",
    ],
    tables: [
      {
        columns: [
          "keys",
          "seed (CLI --seed, once)",
          "start-up, existing dir",
          "DescribeKeys by id",
          "Encrypt",
          "DescribeKeys all",
          "all, per key",
          "RSS at start / after",
          "data dir",
        ],
        rows,
      },
      {
        title: "Against the 1-key data dir, same run",
        columns: ["keys", "start-up", "by id", "Encrypt", "RSS at start"],
        rows: ratioRows,
      },
    ],
    figures,
    notes: [
      "Latencies are of single requests, one after another over one keep-alive connection, from the bench process " +
        "(presigned GETs); start-up is from spawning the CLI to its URL line, on the data dir left by seeding, every size once per round.",
      "The data dir is in the OS temp directory (WAL, synchronous=FULL) and removed afterwards; RSS is read from " +
        "/proc right after start-up and again after the requests (three DescribeKeys of every key included).",
    ],
    durationMs: elapsedMs(started),
  };
}
