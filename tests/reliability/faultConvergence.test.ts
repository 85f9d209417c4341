import { Key } from "../../provider";
import type { MetricsSnapshot } from "../../emulator";
import type { ResourceState, Stack } from "../../offline-engine";
import { ProgramRuns } from "../helpers/programRuns";
import { killAllProviderHosts, PROJECT, SECRET_CONFIG_KEYS } from "../provider/support/kkmsFixture";
import { startKkmsFixture, withoutKsyunEnvironment, type KkmsFixture } from "../provider/support/kkmsFixture";
import { recordFigures, reliabilitySeed, seconds, tally, type Figures } from "./support/figures";

/**
 * Item 3: a 100-key program provisioned through the offline engine (the real language host, the SDK's real provider
 * host) against kkms-local that fails about 20% of every action with a 5xx — half before doing the work, half after
 * it (the answer lost) — and throttles. `up` (`--parallel 10`) completes with
 * exactly 100 keys (no duplicate from a retried CreateKey); refresh sees them all; `destroy` leaves none
 * Enabled or Disabled.
 */
const KEYS = 100;
const PARALLEL = 10;
const THROTTLE_RPS = 40;
const seed = reliabilitySeed();
const FAULTS = {
  seed,
  faults: [
    { action: "*", probability: 0.1, error: "ServiceUnavailable", phase: "before" as const },
    { action: "*", probability: 0.1, error: "ServiceTimeout", phase: "after" as const },
  ],
};

let fixture: KkmsFixture;
let programs: ProgramRuns;
const figures: Record<string, Figures> = {};

beforeAll(async () => {
  fixture = await startKkmsFixture({ throttleRps: THROTTLE_RPS, faults: FAULTS });
  programs = new ProgramRuns({
    project: PROJECT,
    config: fixture.config,
    secretKeys: SECRET_CONFIG_KEYS,
    env: withoutKsyunEnvironment(),
    parallel: PARALLEL,
  });
});

afterAll(async () => {
  programs?.dispose();
  await fixture?.close();
  await killAllProviderHosts();
});

const desiredState = (i: number) => (i % 4 === 3 ? "Disabled" : "Enabled");

/** What a phase cost: calls by action, retries (the non-OK answers: each one was retried or looked up), time. */
function phaseFigures(metrics: MetricsSnapshot, startedMs: number): Figures {
  const failed = metrics.requests.filter((r) => r.code !== "OK");
  const count = (rows: typeof failed) => rows.reduce((sum, r) => sum + r.count, 0);
  return {
    calls: metrics.total,
    callsByAction: metrics.byAction,
    retries: count(failed),
    retriesByCode: tally(failed.flatMap((r) => Array<string>(r.count).fill(r.code))),
    throttled: count(failed.filter((r) => r.code === "LimitExceeded")),
    seconds: seconds(startedMs),
  };
}

let stack: Stack;
let states: ResourceState[];

/** The keys in the state, in key order. */
function keyStates(): ResourceState[] {
  const byName = new Map(
    stack
      .state()
      .resources.filter((r) => r.type.endsWith(":Key"))
      .map((r) => [r.urn.split("::").pop() as string, r]),
  );
  return Array.from({ length: KEYS }, (_, i) => byName.get(`key-${i}`) as ResourceState);
}

test(`up: ${KEYS} keys under 20% 5xx and a ${THROTTLE_RPS} rps throttle — every create succeeds, no duplicate`, async () => {
  fixture.emulator.resetMetrics();
  const startedMs = Date.now();
  const run = await programs.run(
    () => {
      for (let i = 0; i < KEYS; i++) {
        new Key(`key-${i}`, {
          keyName: `convergence-${i}`,
          description: `key ${i}`,
          keyState: desiredState(i),
        });
      }
    },
    { stack: "convergence" },
  );
  stack = run.stack;
  expect(Object.values(run.steps).filter((op) => op === "create")).toHaveLength(KEYS);
  states = keyStates();
  const metrics = fixture.emulator.metrics();
  figures.up = phaseFigures(metrics, startedMs);

  fixture.emulator.setFaults([]);
  const { keys } = await fixture.client.describeKeys();
  fixture.emulator.setFaults(FAULTS);
  expect(keys).toHaveLength(KEYS);
  for (let i = 0; i < KEYS; i++) {
    const matching = keys.filter((k) => k.keyName === `convergence-${i}`);
    expect(matching.map((k) => [k.keyId, k.keyState])).toEqual([[states[i].id, desiredState(i)]]);
    expect(states[i].outputs).toMatchObject({ keyName: `convergence-${i}`, keyState: desiredState(i) });
  }
  // The faults did fire, lost answers of CreateKey included: the no-duplicate check was put to the test.
  const lostCreates = metrics.requests.find((r) => r.action === "CreateKey" && r.code === "ServiceTimeout");
  expect(lostCreates?.count ?? 0).toBeGreaterThan(0);
  expect(figures.up.retries as number).toBeGreaterThan(KEYS * 0.1);
}, 150_000);

test("refresh under the same faults: every key is read back unchanged", async () => {
  fixture.emulator.resetMetrics();
  const startedMs = Date.now();
  const { drift } = await stack.refresh();
  figures.refresh = phaseFigures(fixture.emulator.metrics(), startedMs);
  expect(drift).toEqual([]);
  keyStates().forEach((state, i) => {
    expect(state?.id).toBe(states[i].id);
    expect(state?.outputs).toEqual(states[i].outputs);
  });
}, 150_000);

test("destroy under the same faults: no key is left Enabled or Disabled", async () => {
  fixture.emulator.resetMetrics();
  const startedMs = Date.now();
  await stack.destroy();
  figures.destroy = phaseFigures(fixture.emulator.metrics(), startedMs);
  fixture.emulator.setFaults([]);
  const { keys } = await fixture.client.describeKeys();
  expect(keys).toHaveLength(KEYS);
  expect(tally(keys.map((k) => k.keyState))).toEqual({ PendingDeletion: KEYS });
  expect(stack.state().resources).toEqual([]);
  recordFigures("faultConvergence", {
    seed,
    keys: KEYS,
    parallel: PARALLEL,
    throttleRps: THROTTLE_RPS,
    injected: "10% 5xx before the work + 10% 5xx after it, every action",
    ...figures,
  });
}, 150_000);
