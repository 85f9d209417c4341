import { Key } from "../../provider";
import { createResource, deleteResource, type ResourceState } from "./support/engineSteps";
import { captureOne, killAllProviderHosts, startKkmsFixture, type KkmsFixture } from "./support/kkmsFixture";

/**
 * Provisioning through the real host while kkms-local throttles and fails: 20% of every action answers 5xx
 * before doing anything, 20% of CreateKey and DeleteKey answer 5xx AFTER doing the work (a lost response).
 * Every create and delete must still succeed, with exactly one key per resource.
 */
const KEYS = 12;
let fixture: KkmsFixture;

beforeAll(async () => {
  fixture = await startKkmsFixture({
    throttleRps: 40,
    faults: {
      seed: 7,
      faults: [
        { action: "*", probability: 0.2, error: "ServiceUnavailable", phase: "before" },
        { action: "CreateKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
        { action: "DeleteKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
      ],
    },
  });
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

test(`${KEYS} keys created and deleted in parallel under throttling and 5xx: no failure, no duplicate`, async () => {
  const names = Array.from({ length: KEYS }, (_, i) => `resilient-${i}`);
  // Captures run one at a time (mocks are global); the provider calls then run all at once.
  const resources = [];
  for (const [i, name] of names.entries()) {
    resources.push(
      await captureOne(() => new Key(name, { keyName: name, keyState: i % 2 ? "Disabled" : "Enabled" })),
    );
  }
  const states: ResourceState[] = await Promise.all(
    resources.map((resource) => createResource(fixture.host, resource)),
  );
  const metrics = fixture.emulator.metrics();
  fixture.emulator.setFaults([]);
  const { keys } = await fixture.client.describeKeys();
  for (const [i, name] of names.entries()) {
    const matching = keys.filter((k) => k.keyName === name);
    expect(matching).toHaveLength(1);
    expect(matching[0].keyId).toBe(states[i].id);
    expect(matching[0].keyState).toBe(i % 2 ? "Disabled" : "Enabled");
  }
  const count = (action: string, code: string) =>
    metrics.requests
      .filter((r) => r.action === action && r.code === code)
      .reduce((sum, r) => sum + r.count, 0);
  // The faults did fire, including CreateKeys that made a key but lost their answer.
  expect(count("CreateKey", "ServiceTimeout")).toBeGreaterThan(0);
  expect(count("CreateKey", "ServiceUnavailable")).toBeGreaterThan(0);

  fixture.emulator.setFaults({
    seed: 11,
    faults: [
      { action: "*", probability: 0.2, error: "ServiceUnavailable" },
      { action: "DeleteKey", probability: 0.2, error: "ServiceTimeout", phase: "after" },
    ],
  });
  await Promise.all(states.map((state) => deleteResource(fixture.host, state)));
  fixture.emulator.setFaults([]);
  const after = await fixture.client.describeKeys({ keyIds: states.map((s) => s.id) });
  expect(after.keys.map((k) => k.keyState)).toEqual(Array(KEYS).fill("PendingDeletion"));
});
