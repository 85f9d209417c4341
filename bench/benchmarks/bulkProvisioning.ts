import { Key } from "../../provider";
import { KkmsClient } from "pulumi-kkms/sdk";
import type { Benchmark } from "../benchmark";
import { createResource, deleteResource, type Registration, type ResourceState } from "../support/hostSteps";
import { entry, measure, type BenchmarkResult, type FigureEntry, type Table } from "../report";
import { elapsedMs, figure, nowNs, single } from "../stats";
import type { KkmsLocal, LogLine } from "../support/kkmsLocal";
import { CREDENTIALS, REGION } from "../support/kkmsRequests";
import { captureOne, startProviderFixture } from "../support/providerFixture";
import { steadyRate } from "../support/steadyRate";

/**
 * Bulk provisioning under throttling: N Keys created, then deleted, through the real provider host with 20
 * operations in flight, against kkms-local allowing 20 requests a second per account. The rate that counts is
 * the steady state's, after the token bucket's initial burst.
 */

const ALLOWED_RPS = 20;
const IN_FLIGHT = 20;
/** Lets kkms-local's last log lines of a phase reach us through its stdout pipe. */
const LOG_SETTLE_MS = 200;

interface PhaseResult {
  name: "create" | "delete";
  seconds: number;
  failures: number;
  /** The first failure's message, to say why. */
  firstFailure?: string;
  okCalls: number;
  throttled: number;
  /** Successful calls in each whole second of the phase. */
  perSecond: number[];
}

export const benchmark: Benchmark = {
  order: 6,
  name: "bulk",
  async run(context) {
    return runBulkProvisioning(context.quick ? 80 : 200, context.log);
  },
};

async function runBulkProvisioning(count: number, log: (message: string) => void): Promise<BenchmarkResult> {
  const started = nowNs();
  const fixture = await startProviderFixture({ throttleRps: ALLOWED_RPS, keepLog: true });
  const lister = new KkmsClient({ endpoint: fixture.kkms.url, region: REGION, credentials: CREDENTIALS });
  try {
    const template = await captureOne(() => new Key("bulk", { keyName: "bulk-template" }));
    log(`  creating ${count} keys, ${IN_FLIGHT} in flight, kkms-local at ${ALLOWED_RPS} requests/s`);
    const states: (ResourceState | undefined)[] = [];
    const create = await phase(fixture.kkms, "create", count, async (i) => {
      states[i] = await createResource(fixture.host, renamed(template, i));
    });
    const afterCreate = await listBulkKeys(fixture.kkms, lister);
    log(`  deleting them`);
    const remove = await phase(fixture.kkms, "delete", count, async (i) => {
      const state = states[i];
      if (state) await deleteResource(fixture.host, state);
    });
    const afterDelete = await listBulkKeys(fixture.kkms, lister);
    const duplicates = afterCreate.total - afterCreate.distinct;
    const stillLive = afterDelete.keys.filter((key) => key.keyState !== "PendingDeletion").length;
    return report(
      count,
      [create, remove],
      { duplicates, missing: count - afterCreate.distinct, stillLive },
      started,
    );
  } finally {
    lister.destroy();
    await fixture.close();
  }
}

/** The template registration with its own URN and keyName, as the engine would send the i-th Key. */
function renamed(template: Registration, i: number): Registration {
  const name = `bulk-${i}`;
  return {
    ...template,
    urn: template.urn.replace(/::bulk$/, `::${name}`),
    wireInputs: { ...template.wireInputs, keyName: name },
  };
}

/** Runs `count` operations, IN_FLIGHT at a time, and reads what kkms-local logged meanwhile. */
async function phase(
  kkms: KkmsLocal,
  name: PhaseResult["name"],
  count: number,
  operation: (i: number) => Promise<void>,
): Promise<PhaseResult> {
  const firstLine = kkms.logLines().length;
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = nowNs();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await operation(i).catch((err: unknown) => {
        failures++;
        firstFailure ??= err instanceof Error ? err.message : String(err);
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = elapsedMs(started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, LOG_SETTLE_MS));
  const lines = kkms.logLines().slice(firstLine);
  return { name, seconds, failures, firstFailure, ...callCounts(lines) };
}

function callCounts(lines: readonly LogLine[]) {
  const ok = lines.filter((line) => line.code === "OK");
  const start = lines.length > 0 ? Date.parse(lines[0].time) : 0;
  const perSecond: number[] = [];
  for (const line of ok) {
    const second = Math.floor((Date.parse(line.time) - start) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }
  // The last second is partial: leave it out of the per-second spread.
  const whole = Array.from(perSecond.slice(0, -1), (n) => n ?? 0);
  return {
    okCalls: ok.length,
    throttled: lines.filter((line) => line.code === "LimitExceeded").length,
    perSecond: whole.length > 0 ? whole : [ok.length],
  };
}

/** Every key named bulk-*, listed with the throttle off (and then back on, buckets full). */
async function listBulkKeys(kkms: KkmsLocal, client: KkmsClient) {
  await kkms.setThrottle(null);
  const { keys } = await client.describeKeys();
  await kkms.setThrottle(ALLOWED_RPS);
  const bulk = keys.filter((key) => /^bulk-\d+$/.test(key.keyName));
  return { keys: bulk, total: bulk.length, distinct: new Set(bulk.map((key) => key.keyName)).size };
}

function report(
  count: number,
  phases: PhaseResult[],
  keys: { duplicates: number; missing: number; stillLive: number },
  started: bigint,
): BenchmarkResult {
  const figures: FigureEntry[] = [];
  const rows: Table["rows"] = phases.map((result) => {
    const fromStart = measure(single(result.okCalls / result.seconds / ALLOWED_RPS), "x");
    const steady = steadyRate(result.perSecond);
    if (!steady) throw new Error(`bulk ${result.name}: the phase was too short for a steady state`);
    const steadyRatio = measure(single(steady.rate / ALLOWED_RPS), "x");
    const ideal = result.okCalls / ALLOWED_RPS;
    figures.push(
      entry(
        `bulk.${result.name}.steady-vs-allowed`,
        `bulk ${result.name}: successful calls per second in the steady state ÷ the allowed rate`,
        steadyRatio,
        { atLeast: 0.9 },
      ),
      entry(
        `bulk.${result.name}.from-start-vs-allowed`,
        `bulk ${result.name}: successful calls ÷ phase time ÷ the allowed rate, burst included (for reference)`,
        fromStart,
      ),
      entry(
        `bulk.${result.name}.failures`,
        `bulk ${result.name}: failed operations`,
        countMeasure(result.failures),
        {
          atLeast: 0,
          atMost: 0,
        },
      ),
    );
    return [
      `${result.name} ${count} keys`,
      String(result.okCalls),
      String(result.throttled),
      steadyRatio,
      `${steady.seconds} s`,
      fromStart,
      measure(figure(result.perSecond), "req/s"),
      `${result.seconds.toFixed(1)} s`,
      `${ideal.toFixed(1)} s`,
      String(result.failures),
    ];
  });
  figures.push(
    entry("bulk.create.duplicates", "bulk create: duplicate keys", countMeasure(keys.duplicates), {
      atLeast: 0,
      atMost: 0,
    }),
  );
  return {
    name: "bulk",
    title: `${count} Keys through the provider host, ${IN_FLIGHT} in flight, throttled to ${ALLOWED_RPS} req/s`,
    sameWork: [
      `after create: ${count - keys.missing} of ${count} keys exist, ${keys.duplicates} duplicates`,
      `after delete: ${keys.stillLive} keys not pending deletion`,
    ],
    tables: [
      {
        columns: [
          "phase",
          "successful calls",
          "throttled (409)",
          "steady state ÷ allowed",
          "steady state",
          "from t=0 ÷ allowed",
          "successful calls per second",
          "time",
          "ideal (calls ÷ rate)",
          "failures",
        ],
        rows,
      },
    ],
    figures,
    notes: [
      ...phases
        .filter((result) => result.firstFailure !== undefined)
        .map((result) => `${result.name} failure: ${result.firstFailure?.split("\n")[0].slice(0, 300)}`),
      `kkms-local's token bucket starts full (${ALLOWED_RPS} tokens), so counted from t=0 a phase gets up to ` +
        `${ALLOWED_RPS} calls on top of the allowed rate. The steady state leaves out the first whole second and ` +
        "the last, partial one: the successful calls per second over the rest, from kkms-local's own request log.",
      "One run per phase: each is already an aggregate of hundreds of calls; the per-second column gives the " +
        "spread over the phase's whole seconds.",
      "Delete of an Enabled key is ModifyKeyState + DeleteKey: twice the calls of create.",
    ],
    durationMs: elapsedMs(started),
  };
}

function countMeasure(n: number) {
  return measure(single(n), "count");
}
