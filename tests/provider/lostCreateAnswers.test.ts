import { Key, type KeyArgs } from "../../provider";
import type { KmsKey } from "../../sdk";
import type { ProviderHost } from "../../offline-engine/providers/providerHost";
import { isProviderHostError } from "../../offline-engine/providers/providerHostError";
import { stripSecrets } from "../../offline-engine/providers/secrets";
import type { CapturedResource } from "../../offline-engine/capture/recordRegistrations";
import { checkInputs, createResource, type ResourceState } from "./support/engineSteps";
import {
  captureAll,
  captureOne,
  killAllProviderHosts,
  startConfiguredHost,
  startKkmsFixture,
  type KkmsFixture,
} from "./support/kkmsFixture";

/**
 * A CreateKey whose answer is lost (kkms-local faults with phase "after": the key is made, the answer is an
 * error) may be claimed only when the provider can tell it made that key: by an auto-generated name, or by this
 * attempt's creation mark. Colliding names, in one stack and in two stacks (two provider hosts) on one account:
 * zero keys held by two resources, and every key left behind is named by an error.
 */
let fixture: KkmsFixture;
let otherStack: ProviderHost;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  otherStack = await startConfiguredHost({ endpoint: fixture.emulator.url, project: "kkms-other-stack" });
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
});

afterEach(() => fixture.emulator.setFaults([]));

const lost = (probability: number) =>
  ({ action: "CreateKey", error: "ServiceTimeout", phase: "after", probability }) as const;
const refused = (probability: number) =>
  ({ action: "CreateKey", error: "ServiceUnavailable", phase: "before", probability }) as const;

/** The registrations of a program declaring these keys, in this order (the SDK may send them in another). */
async function capture(names: [string, KeyArgs][]): Promise<CapturedResource[]> {
  const resources = await captureAll(() => {
    for (const [name, args] of names) new Key(name, args);
  });
  const order = names.map(([name]) => name);
  return resources.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

async function liveKeys(): Promise<KmsKey[]> {
  const { keys } = await fixture.client.describeKeys();
  return keys.filter((k) => k.keyState === "Enabled" || k.keyState === "Disabled");
}

/** Who holds each key: resources that were created, and the KeyIds named by the errors of those that failed. */
function ownership(results: PromiseSettledResult<ResourceState>[]) {
  const held = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
  const reported = results.flatMap((r) =>
    r.status === "rejected"
      ? [...String(r.reason).matchAll(/[0-9a-v]{8}(-[0-9a-v]{4}){3}-[0-9a-v]{12}/g)].map((m) => m[0])
      : [],
  );
  return { held, reported };
}

function expectEveryKeyAccountedFor(
  keys: KmsKey[],
  results: PromiseSettledResult<ResourceState>[],
  declared: Map<string, string>,
) {
  const { held, reported } = ownership(results);
  expect(held.length - new Set(held).size).toBe(0); // no key held by two resources
  const orphans = keys.filter((k) => !held.includes(k.keyId) && !reported.includes(k.keyId));
  expect(orphans).toEqual([]);
  for (const result of results) {
    if (result.status !== "fulfilled") continue;
    const key = keys.find((k) => k.keyId === result.value.id);
    expect(key?.description).toBe(declared.get(result.value.urn)); // the creation mark is gone
  }
}

test("one stack, four Keys named alike, every CreateKey answer lost after the work: four keys, one each", async () => {
  const resources = await capture(
    [1, 2, 3, 4].map((i) => [`same-${i}`, { keyName: "same-name", description: `resource ${i}` }]),
  );
  fixture.emulator.setFaults([lost(1)]);
  const results = await Promise.allSettled(resources.map((r) => createResource(fixture.host, r)));
  fixture.emulator.setFaults([]);
  expect(results.map((r) => r.status)).toEqual(Array(4).fill("fulfilled"));
  const keys = (await liveKeys()).filter((k) => k.keyName === "same-name");
  expect(keys).toHaveLength(4);
  expectEveryKeyAccountedFor(keys, results, new Map(resources.map((r, i) => [r.urn, `resource ${i + 1}`])));
});

test("two stacks on one account, named and auto-named Keys, answers lost after and refused before", async () => {
  const names: [string, KeyArgs][] = [
    ["shared-1", { keyName: "shared", description: "one" }],
    ["shared-2", { keyName: "shared", description: "two", keyState: "Disabled" }],
    ["shared-3", { keyName: "shared" }],
    ["svc", { description: "auto-named" }],
    ["svc-disabled", { keyState: "Disabled" }],
  ];
  const mine = await capture(names);
  const theirs = await capture(names);
  fixture.emulator.setFaults({ seed: 20, faults: [lost(0.5), refused(0.3)] });
  const results = await Promise.allSettled([
    ...mine.map((r) => createResource(fixture.host, r)),
    ...theirs.map((r) => createResource(otherStack, r)),
  ]);
  const metrics = fixture.emulator.metrics();
  fixture.emulator.setFaults([]);
  const lostAnswers = metrics.requests.filter((r) => r.action === "CreateKey" && r.code === "ServiceTimeout");
  expect(lostAnswers.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(2);
  const keys = (await liveKeys()).filter((k) => k.keyName === "shared" || k.keyName.startsWith("svc-"));
  const declared = new Map(
    [...mine, ...theirs].map((r, i) => [r.urn, String(names[i % names.length][1].description ?? "")]),
  );
  expectEveryKeyAccountedFor(keys, results, declared);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  expect(keys).toHaveLength(10);
});

test("when the lookup itself fails, nothing is taken and the error says how to find the key", async () => {
  const host = await startConfiguredHost({
    endpoint: fixture.emulator.url,
    config: { "kkms:maxAttempts": "2" },
  });
  const resource = await captureOne(() => new Key("unsure", { keyName: "unsure", description: "d" }));
  fixture.emulator.setFaults([
    lost(1),
    { action: "DescribeKeys", error: "ServiceUnavailable", probability: 1 },
  ]);
  const failure = await createResource(host, resource).catch((e: unknown) => e as Error);
  fixture.emulator.setFaults([]);
  expect(failure).toBeInstanceOf(Error);
  const message = (failure as Error).message;
  expect(message).toContain('CreateKey for "unsure" may have made a key');
  expect(message).toContain("set adoptKeyId to its KeyId");
  const descriptionRegex = /descriptionRegex: ("[^"]+")/.exec(message)?.[1];
  expect(descriptionRegex).toBeDefined();
  const pattern = new RegExp(JSON.parse(descriptionRegex as string) as string);
  const found = (await liveKeys()).filter((k) => k.keyName === "unsure" && pattern.test(k.description));
  expect(found).toHaveLength(1); // the one key the lost answer made, found the way the error says
});

test("an auto-named Key's answer lost while another key carries its name: the error names both KeyIds and adoptKeyId; neither is taken", async () => {
  const resource = await captureOne(() => new Key("twice", { description: "d" }));
  const inputs = await checkInputs(fixture.host, resource);
  const keyName = String(inputs.keyName); // auto-generated: this create's identity
  // The second key carrying the identity is made by hand: kkms-local lists a new key at once, so a lookup never
  // misses an earlier attempt's key, which is how one create could leave two in KKMS.
  const { key: other } = await fixture.client.createKey({ keyName, description: "made by hand" });
  fixture.emulator.resetMetrics();
  fixture.emulator.setFaults([lost(1)]);
  const failure = await fixture.host.create(resource.urn, stripSecrets(inputs)).catch((e: unknown) => e);
  fixture.emulator.setFaults([]);
  expect(fixture.emulator.metrics().byAction).toEqual({ CreateKey: 1, DescribeKeys: 1 });
  const carrying = (await liveKeys()).filter((k) => k.keyName === keyName);
  expect(carrying).toHaveLength(2);
  const made = carrying.find((k) => k.keyId !== other.keyId) as KmsKey;
  expect(failure).toBeInstanceOf(Error);
  const message = (failure as Error).message;
  expect(message).toContain(`2 keys carry this create's name (${keyName}): `);
  expect(message).toContain(made.keyId);
  expect(message).toContain(other.keyId);
  expect(message).toContain("None was taken. Keep one: set adoptKeyId to its KeyId on this Key");
  // Nothing taken: no id for the engine to record, and neither key changed.
  expect(isProviderHostError(failure) ? failure.initFailed : "not a host error").toBeUndefined();
  expect(carrying.map((k) => [k.keyState, k.description])).toEqual([
    ["Enabled", "made by hand"],
    ["Enabled", "d"],
  ]);
});
