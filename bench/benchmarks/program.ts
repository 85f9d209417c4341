import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openStack } from "../../offline-engine";
import { KkmsClient } from "../../sdk";
import type { Benchmark } from "../benchmark";
import { REPO_ROOT, type BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, median, nowNs, ratioFigure } from "../stats";
import { okCallsByAction, startKkmsLocal, type KkmsLocal } from "../support/kkmsLocal";
import { CREDENTIALS, REGION } from "../support/kkmsRequests";
import { cpuSecondsOf, ownCpuSeconds, sampleChildrenCpu } from "../support/processCpu";

/**
 * Programs at the scale users run: N Keys with a DataKey each, `up` through the offline engine (Pulumi's own
 * language host running the program in its own process, as the CLI runs it; the engine's steps; the SDK's
 * dynamic-provider host), against the same API calls made directly with the SDK at the same concurrency, on the
 * same kkms-local, in the same rounds. Where the difference goes is told by each process's CPU.
 */

/** The offline engine's default `--parallel`, and so the direct side's calls in flight. */
const IN_FLIGHT = 16;
const GOAL_AT_1000 = 5;
const CHILD_SAMPLE_MS = 250;
const PROGRAM_DIR = path.join(REPO_ROOT, "bench", "fixtures", "program");

/** The processes whose CPU is told apart; "this process" is the offline engine, or the direct side's SDK calls. */
const PROCESSES = ["this process", "language host", "provider host", "kkms-local"] as const;
type ProcessName = (typeof PROCESSES)[number];

interface SideSample {
  seconds: number;
  cpu: Record<ProcessName, number>;
  calls: Record<string, number>;
}

interface SizeResult {
  pairs: number;
  program: SideSample[];
  direct: SideSample[];
  destroySeconds: number[];
}

export const benchmark: Benchmark = { order: 9, name: "program", run: runProgramBenchmark };

async function runProgramBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const plan = context.quick
    ? [{ pairs: 100, rounds: 2 }]
    : [
        { pairs: 100, rounds: 3 },
        { pairs: 1000, rounds: 2 },
      ];
  const kkms = await startKkmsLocal();
  const client = new KkmsClient({ endpoint: kkms.url, region: REGION, credentials: CREDENTIALS });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-bench-program-"));
  try {
    // Warm both sides once (module loading, connections, kkms-local's JIT) before anything is timed.
    await programUp(kkms, workDir, 10, "warm");
    await directCalls(kkms, client, 10, "warm");
    const results: SizeResult[] = [];
    for (const { pairs, rounds } of plan) {
      const result: SizeResult = { pairs, program: [], direct: [], destroySeconds: [] };
      for (let round = 0; round < rounds; round++) {
        context.log(`  ${pairs} Keys + ${pairs} DataKeys, round ${round + 1} of ${rounds}`);
        const tag = `r${pairs}-${round}`;
        // Alternate which side goes first, so neither always finds kkms-local's store the smaller.
        const sides = [
          async () => {
            const up = await programUp(kkms, workDir, pairs, tag);
            result.program.push(up.sample);
            result.destroySeconds.push(await up.destroy());
          },
          async () => result.direct.push(await directCalls(kkms, client, pairs, tag)),
        ];
        if (round % 2 === 1) sides.reverse();
        for (const side of sides) await side();
      }
      checkSameCalls(result);
      results.push(result);
    }
    return report(results, started);
  } finally {
    client.destroy();
    await kkms.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** bench/fixtures/program: N auto-named Keys (one CreateKey each) and a DataKey on each (one GenerateDataKey). */
async function programUp(kkms: KkmsLocal, workDir: string, pairs: number, tag: string) {
  const stack = openStack({
    cwd: PROGRAM_DIR,
    stack: tag,
    stateFile: path.join(workDir, `${tag}.json`),
    config: {
      pairs: String(pairs),
      tag,
      "kkms:endpoint": kkms.url,
      "kkms:region": REGION,
      "kkms:accessKeyId": CREDENTIALS.accessKeyId,
      "kkms:secretAccessKey": CREDENTIALS.secretAccessKey,
    },
    secretKeys: ["kkms:secretAccessKey"],
    env: {
      KSYUN_ACCESS_KEY: undefined,
      KSYUN_SECRET_KEY: undefined,
      KSYUN_REGION: undefined,
      KKMS_ENDPOINT: undefined,
    },
    parallel: IN_FLIGHT,
  });
  const sample = await measureSide(kkms, async () => {
    const result = await stack.up();
    const created = result.steps.filter(
      (step) => step.op === "create" && step.type !== "pulumi:pulumi:Stack",
    ).length;
    if (created !== 2 * pairs) throw new Error(`up created ${created} resources, not ${2 * pairs}`);
  });
  return {
    sample,
    /** Destroys the stack (timed on its own: the direct side has no counterpart, it is reported, not compared). */
    async destroy(): Promise<number> {
      const t = nowNs();
      await stack.destroy();
      return elapsedMs(t) / 1000;
    },
  };
}

/** The same calls the provider makes, `IN_FLIGHT` key-and-data-key chains at a time, as the engine schedules them. */
async function directCalls(
  kkms: KkmsLocal,
  client: KkmsClient,
  pairs: number,
  tag: string,
): Promise<SideSample> {
  return measureSide(kkms, async () => {
    let next = 0;
    const worker = async () => {
      while (next < pairs) {
        const i = next++;
        const { key } = await client.createKey({
          keyName: `${tag}-direct-${i}`,
          description: "",
          keyUsage: "EncryptDecrypt",
          origin: "kms",
          chargeType: "PostPaidByDay",
        });
        const generated = await client.generateDataKey({ keyId: key.keyId, keySpec: "AES256" });
        if (generated.plaintext.length !== 32) throw new Error("the data key is not 32 bytes");
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  });
}

async function measureSide(kkms: KkmsLocal, work: () => Promise<void>): Promise<SideSample> {
  await kkms.resetMetrics();
  const children = sampleChildrenCpu({
    exclude: [kkms.pid],
    intervalMs: CHILD_SAMPLE_MS,
    classify: (commandLine) => (commandLine.includes("dynamic-provider") ? "provider host" : "language host"),
  });
  const own = ownCpuSeconds();
  const kkmsCpu = cpuSecondsOf(kkms.pid);
  const t = nowNs();
  let childCpu = new Map<string, number>();
  try {
    await work();
  } finally {
    childCpu = children.stop();
  }
  return {
    seconds: elapsedMs(t) / 1000,
    cpu: {
      "this process": ownCpuSeconds() - own,
      "language host": childCpu.get("language host") ?? 0,
      "provider host": childCpu.get("provider host") ?? 0,
      "kkms-local": cpuSecondsOf(kkms.pid) - kkmsCpu,
    },
    calls: okCallsByAction(await kkms.metrics()),
  };
}

/** Both sides must have made the same successful calls, action by action, in every round. */
function checkSameCalls(result: SizeResult): void {
  const describe = (calls: Record<string, number>) =>
    Object.entries(calls)
      .filter(([action]) => action !== "GET /metrics")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, n]) => `${action} ${n}`)
      .join(", ");
  const expected = `CreateKey ${result.pairs}, GenerateDataKey ${result.pairs}`;
  for (const sample of [...result.program, ...result.direct]) {
    const made = describe(sample.calls);
    if (made !== expected) throw new Error(`${result.pairs} pairs: expected ${expected}, made ${made}`);
  }
}

function report(results: SizeResult[], started: bigint): BenchmarkResult {
  const figures: FigureEntry[] = [];
  const rows: Table["rows"] = [];
  const cpuRows: Table["rows"] = [];
  for (const result of results) {
    const seconds = (samples: SideSample[]) => samples.map((sample) => sample.seconds);
    const ratio = measure(ratioFigure(seconds(result.program), seconds(result.direct)), "x");
    figures.push(
      entry(
        `program.up.${result.pairs}`,
        `up of ${result.pairs} Keys + ${result.pairs} DataKeys through the offline engine ÷ the same calls made directly`,
        ratio,
        result.pairs === 1000 ? { atMost: GOAL_AT_1000 } : undefined,
      ),
    );
    rows.push([
      `${result.pairs} + ${result.pairs}`,
      measure(figure(seconds(result.program)), "s"),
      measure(figure(seconds(result.direct)), "s"),
      ratio,
      measure(figure(result.destroySeconds), "s"),
    ]);
    for (const [side, samples] of [
      ["offline engine", result.program],
      ["SDK directly", result.direct],
    ] as const) {
      const med = (pick: (sample: SideSample) => number) => median(samples.map(pick)).toFixed(2);
      cpuRows.push([
        `${result.pairs} + ${result.pairs}`,
        side,
        med((sample) => sample.seconds),
        ...PROCESSES.map((name) => med((sample) => sample.cpu[name])),
      ]);
    }
  }
  return {
    name: "program",
    title: "Programs: N Keys with a DataKey each, up through the offline engine vs the same SDK calls",
    sameWork: [
      "both sides made exactly N CreateKey and N GenerateDataKey calls in every round, counted by kkms-local",
      `${IN_FLIGHT} operations in flight on both sides (the offline engine's default --parallel)`,
    ],
    tables: [
      {
        columns: [
          "Keys + DataKeys",
          "up through the offline engine",
          "SDK directly",
          "ratio",
          "destroy after",
        ],
        rows,
      },
      {
        title: "Where the time goes (medians, seconds)",
        columns: ["Keys + DataKeys", "side", "wall", ...PROCESSES.map((name) => `CPU: ${name}`)],
        rows: cpuRows,
      },
    ],
    figures,
    notes: [
      "On the program side 'this process' is the offline engine alone; the language host is the SDK's " +
        "program runner (@pulumi/pulumi/cmd/run) running bench/fixtures/program in its own process, as the CLI " +
        "runs it; the provider host is the SDK's dynamic-provider process, which makes the API calls with " +
        "pulumi-kkms's KkmsClient. On the direct side 'this process' is the SDK's calls.",
      `Provider host CPU is sampled every ${CHILD_SAMPLE_MS} ms from /proc; up to one interval of it at the end can ` +
        "be missed. The machine has 2 cores: the three processes compete for them, so wall time is close to " +
        "their CPU sum divided by 2 when all three are busy.",
    ],
    durationMs: elapsedMs(started),
  };
}
