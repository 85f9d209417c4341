import { Key } from "../provider";
import { KkmsClient } from "pulumi-kkms/sdk";
import type { CapturedResource } from "../tests/helpers/captureResources";
import { createResource, deleteResource, type ResourceState } from "../tests/provider/support/engineSteps";
import type { BenchContext } from "./context";
import { measure, type BenchmarkResult, type Goal, type Table } from "./report";
import { elapsedMs, figure, nowNs, single } from "./stats";
import type { KkmsLocal, LogLine } from "./support/kkmsLocal";
import { CREDENTIALS, REGION } from "./support/kkmsRequests";
import { captureOne, startProviderFixture } from "./support/providerFixture";

/**
 * 5. Bulk provisioning under throttling: N Keys created, then deleted, through the real provider host with 20
 * operations in flight, against kkms-local allowing 20 requests a second per account.
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

export async function runBulkProvisioningBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const count = context.quick ? 40 : 200;
  const fixture = await startProviderFixture({ throttleRps: ALLOWED_RPS, keepLog: true });
  const lister = new KkmsClient({ endpoint: fixture.kkms.url, region: REGION, credentials: CREDENTIALS });
  try {
    const template = await captureOne(() => new Key("bulk", { keyName: "bulk-template" }));
    context.log(`  creating ${count} keys, ${IN_FLIGHT} in flight, kkms-local at ${ALLOWED_RPS} requests/s`);
    const states: (ResourceState | undefined)[] = [];
    const create = await phase(fixture.kkms, "create", count, async (i) => {
      states[i] = await createResource(fixture.host, renamed(template, i));
    });
    const afterCreate = await listBulkKeys(fixture.kkms, lister);
    context.log(`  deleting them`);
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

/** The template registration with its own name, URN and keyName, as the engine would send the i-th Key. */
function renamed(template: CapturedResource, i: number): CapturedResource {
  const name = `bulk-${i}`;
  return {
    ...template,
    name,
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
  const goals: Goal[] = [];
  const rows: Table["rows"] = phases.map((result) => {
    const achieved = result.okCalls / result.seconds / ALLOWED_RPS;
    const ideal = result.okCalls / ALLOWED_RPS;
    const rate = measure(single(achieved), "x");
    goals.push({
      name: `bulk ${result.name}: achieved ÷ allowed rate`,
      target: "≥ 0.9",
      value: rate,
      met: achieved >= 0.9,
    });
    goals.push({
      name: `bulk ${result.name}: failures`,
      target: "0",
      value: measure(single(result.failures), "count"),
      met: result.failures === 0,
    });
    return [
      `${result.name} ${count} keys`,
      String(result.okCalls),
      String(result.throttled),
      rate,
      measure(figure(result.perSecond), "req/s"),
      `${result.seconds.toFixed(1)} s`,
      `${ideal.toFixed(1)} s`,
      measure(single(result.seconds / ideal), "x"),
      String(result.failures),
    ];
  });
  goals.push({
    name: "bulk create: duplicate keys",
    target: "0",
    value: measure(single(keys.duplicates), "count"),
    met: keys.duplicates === 0,
  });
  return {
    id: "5",
    title: `5. Bulk provisioning: ${count} Keys through the provider host, ${IN_FLIGHT} in flight, throttled to ${ALLOWED_RPS} req/s`,
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
          "achieved ÷ allowed",
          "successful calls per second",
          "time",
          "ideal (calls ÷ rate)",
          "time ÷ ideal",
          "failures",
        ],
        rows,
      },
    ],
    goals,
    notes: [
      ...phases
        .filter((result) => result.firstFailure !== undefined)
        .map((result) => `${result.name} failure: ${result.firstFailure?.split("\n")[0].slice(0, 300)}`),
      "One run per phase: each is already an aggregate of hundreds of calls; the per-second column gives the spread " +
        "over the phase's whole seconds, from kkms-local's own request log.",
      `kkms-local's token bucket starts full (${ALLOWED_RPS} tokens), so a short phase can beat the allowed rate.`,
      "Delete of an Enabled key is ModifyKeyState + DeleteKey: twice the calls of create.",
    ],
    durationMs: elapsedMs(started),
  };
}
