import * as fs from "fs";
import type { Benchmark } from "../benchmark";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, nowNs, ratioFigure, runRounds } from "../stats";
import { httpRequest } from "../support/http";
import { latencyText } from "../support/latency";
import { startKkmsLocal, type KkmsLocal } from "../support/kkmsLocal";
import {
  actionParameters,
  BENCH_KEY_ID,
  PLAINTEXT,
  presignedRequest,
  writeSeedFile,
} from "../support/kkmsRequests";
import { createKmsKeys, kmsRequest } from "../support/kmsRequests";
import { requireAllOk, startLoadGenerator, type LoadGenerator } from "../support/loadGenerator";
import type { LoadResult, ReplayRequest } from "../support/loadTypes";
import { startMoto, type Moto } from "../support/moto";

/**
 * kkms-local against moto, the KMS emulator most people use (LocalStack's KMS is built on it), on equivalent
 * operations: the same load generator, requests signed once and replayed, the same connections, in the same
 * rounds. moto's caveats are the notes below.
 */
const CONNECTIONS = 16;

/** What the generator runs for one side: one request replayed, or an operation made of request batches. */
type Plan = { replay: ReplayRequest } | { batches: ReplayRequest[][] };

interface PeerOperation {
  id: string;
  kkmsName: string;
  motoName: string;
  kkms: Plan;
  moto: Plan;
  /** Checked on one answer of each side before anything is timed. */
  kkmsAnswer(body: Record<string, unknown>): boolean;
  motoAnswer(body: Record<string, unknown>): boolean;
}

interface Setup {
  kkms: KkmsLocal;
  moto: Moto;
  load: LoadGenerator;
  /** Keys on each side (the benchmark key among them). */
  keys: number;
  motoKeyIds: string[];
  motoSeedSeconds: number;
}

export const benchmark: Benchmark = {
  order: 3,
  name: "peer",
  async run(context) {
    const started = nowNs();
    const keys = context.quick ? 100 : 1000;
    const seed = writeSeedFile(seedKeys(keys));
    const kkms = await startKkmsLocal({ seedFile: seed.file });
    const load = await startLoadGenerator();
    let moto: Moto | undefined;
    try {
      moto = await startMoto();
      context.log(`  creating ${keys} keys in moto`);
      const seeding = nowNs();
      const motoKeyIds = await createKmsKeys(moto.url, keys);
      const motoSeedSeconds = elapsedMs(seeding) / 1000;
      return await measureAll({ kkms, moto, load, keys, motoKeyIds, motoSeedSeconds }, context, started);
    } finally {
      await Promise.all([kkms.stop(), load.stop(), moto?.stop()]);
      fs.rmSync(seed.dir, { recursive: true, force: true });
    }
  },
};

/** The benchmark key and `keys - 1` more, as many as moto gets. */
function seedKeys(keys: number) {
  const others = Array.from({ length: keys - 1 }, (_, i) => {
    const n = String(i + 1).padStart(4, "0");
    return { keyId: `list-${n}`, keyName: `list-${n}` };
  });
  return [{ keyId: BENCH_KEY_ID, keyName: "bench" }, ...others];
}

function operations(setup: Setup): PeerOperation[] {
  const k = (params: [string, string][]) => presignedRequest(setup.kkms.url, params);
  const m = (operation: string, body: Record<string, unknown>) => kmsRequest(setup.moto.url, operation, body);
  const motoKey = setup.motoKeyIds[0];
  const listAll = k(actionParameters("DescribeKeys").slice(0, 2));
  const keys = setup.keys;
  const listKeys = m("ListKeys", { Limit: keys });
  const keySet = (body: Record<string, unknown>) => (body.KeySet as unknown[] | undefined)?.length === keys;
  return [
    {
      id: "encrypt",
      kkmsName: "Encrypt",
      motoName: "Encrypt",
      kkms: { replay: k(actionParameters("Encrypt")) },
      moto: { replay: m("Encrypt", { KeyId: motoKey, Plaintext: PLAINTEXT.toString("base64") }) },
      kkmsAnswer: (body) => typeof body.CiphertextBlob === "string",
      motoAnswer: (body) => typeof body.CiphertextBlob === "string",
    },
    {
      id: "generate-data-key",
      kkmsName: "GenerateDataKey (AES256)",
      motoName: "GenerateDataKey (AES_256)",
      kkms: { replay: k(actionParameters("GenerateDataKey")) },
      moto: { replay: m("GenerateDataKey", { KeyId: motoKey, KeySpec: "AES_256" }) },
      kkmsAnswer: (body) => typeof body.Plaintext === "string",
      motoAnswer: (body) => typeof body.Plaintext === "string",
    },
    {
      id: "describe-key",
      kkmsName: "DescribeKeys by id",
      motoName: "DescribeKey",
      kkms: { replay: k(actionParameters("DescribeKeys")) },
      moto: { replay: m("DescribeKey", { KeyId: motoKey }) },
      kkmsAnswer: (body) => (body.KeySet as unknown[] | undefined)?.length === 1,
      motoAnswer: (body) => (body.KeyMetadata as { KeyId?: string } | undefined)?.KeyId === motoKey,
    },
    {
      id: "list-all-with-metadata",
      kkmsName: `DescribeKeys of all ${keys}`,
      motoName: `ListKeys, then DescribeKey × ${keys}`,
      kkms: { batches: [[listAll]] },
      moto: {
        batches: [[listKeys], setup.motoKeyIds.map((KeyId) => m("DescribeKey", { KeyId }))],
      },
      kkmsAnswer: keySet,
      motoAnswer: (body) => (body.Keys as unknown[] | undefined)?.length === keys,
    },
    {
      id: "list-all-ids",
      kkmsName: `DescribeKeys of all ${keys}`,
      motoName: `ListKeys (ids only, Limit ${keys})`,
      kkms: { replay: listAll },
      moto: { replay: listKeys },
      kkmsAnswer: keySet,
      motoAnswer: (body) => (body.Keys as unknown[] | undefined)?.length === keys && body.Truncated === false,
    },
  ];
}

async function measureAll(setup: Setup, context: BenchContext, started: bigint): Promise<BenchmarkResult> {
  const rows: Table["rows"] = [];
  const figures: FigureEntry[] = [];
  const sameWork: string[] = [];
  const seconds = context.quick ? 1 : 3;
  for (const operation of operations(setup)) {
    context.log(`  ${operation.kkmsName} vs ${operation.motoName}`);
    sameWork.push(await checkAnswers(setup, operation));
    const run = (side: "kkms" | "moto", durationSeconds: number) =>
      runPlan(
        setup.load,
        side === "kkms" ? setup.kkms.url : setup.moto.url,
        operation[side],
        durationSeconds,
      );
    await run("kkms", seconds / 2);
    await run("moto", seconds / 2);
    const results = await runRounds(
      { rounds: context.quick ? 2 : 3 },
      { kkms: () => run("kkms", seconds), moto: () => run("moto", seconds) },
    );
    const rate = (runs: LoadResult[]) => runs.map((result) => result.rate);
    const ratio = measure(ratioFigure(rate(results.kkms), rate(results.moto)), "x");
    const unit = "batches" in operation.kkms ? "ops/s" : "req/s";
    rows.push([
      operation.kkmsName,
      operation.motoName,
      measure(figure(rate(results.kkms)), unit),
      measure(figure(rate(results.moto)), unit),
      ratio,
      `${latencyText(results.kkms)} µs`,
      `${latencyText(results.moto)} µs`,
    ]);
    const how = "batches" in operation.kkms ? "one listing at a time" : `${CONNECTIONS} connections`;
    figures.push(
      entry(
        `peer.${operation.id}`,
        `kkms-local ÷ moto: ${operation.kkmsName} vs ${operation.motoName}, ${how}`,
        ratio,
      ),
    );
  }
  return {
    name: "peer",
    title: "kkms-local vs moto (the AWS KMS API), equivalent operations, same generator and connections",
    sameWork,
    tables: [
      {
        columns: [
          "kkms-local",
          "moto",
          "kkms-local rate",
          "moto rate",
          "kkms-local ÷ moto",
          "kkms-local p50 / p99",
          "moto p50 / p99",
        ],
        rows,
      },
    ],
    figures,
    notes: [
      "moto's caveats: it verifies no signature (any Authorization passes), answers `Connection: close` and so " +
        "takes a new TCP connection for every request (its development server, werkzeug, threaded), and keeps " +
        "everything in memory. kkms-local verifies every SigV4 signature, keeps connections alive, and here runs " +
        "in memory too (`--in-memory`) to match.",
      `Both hold ${setup.keys} keys of one account. The listings differ by protocol: KKMS returns every key's metadata ` +
        `in one DescribeKeys; KMS's ListKeys returns ids only, so a listing with metadata is ListKeys then one ` +
        `DescribeKey per key (spread over ${CONNECTIONS} connections). The ids-only row is the lower bound for moto.`,
      "Requests are signed once and replayed (kkms-local: presigned GETs, valid 15 minutes; moto: the KMS JSON " +
        "protocol's POST with SigV4 in the header) by one load generator process on raw sockets; latencies are " +
        "per request (per listing) in microseconds, a closed connection's reconnect included.",
      `moto's CreateKey makes an RSA-2048 key pair even for a symmetric key (moto/kms/utils.py, ` +
        `generate_private_key): creating its ${setup.keys} keys took ${setup.motoSeedSeconds.toFixed(0)} s ` +
        "(8 at a time), so CreateKey is left out of the comparison rather than shown at a ratio that says little.",
    ],
    durationMs: elapsedMs(started),
  };
}

async function runPlan(load: LoadGenerator, origin: string, plan: Plan, durationSeconds: number) {
  const result =
    "replay" in plan
      ? await load.replay({ origin, request: plan.replay, connections: CONNECTIONS, durationSeconds })
      : await load.sequence({ origin, batches: plan.batches, connections: CONNECTIONS, durationSeconds });
  return requireAllOk(result, origin);
}

/** One answer of each side's first request must be the operation's success document. */
async function checkAnswers(setup: Setup, operation: PeerOperation): Promise<string> {
  const first = (plan: Plan) => ("replay" in plan ? plan.replay : plan.batches[0][0]);
  for (const side of ["kkms", "moto"] as const) {
    const origin = side === "kkms" ? setup.kkms.url : setup.moto.url;
    const request = first(operation[side]);
    const answer = await httpRequest(origin + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    const body = answer.status === 200 ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
    const check = side === "kkms" ? operation.kkmsAnswer : operation.motoAnswer;
    if (!check(body))
      throw new Error(`${side} ${operation.id}: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return `${operation.id}: both answered 200 with the operation's document`;
}
