import type { KmsKey } from "../../sdk";
import { engineCreate, type PluginResource } from "./support/engineFlow";
import { PluginRpcError, type PluginClient, type PluginProcess } from "./support/pluginProcess";
import { KEY, startConfiguredPlugin, startPluginFixture, type PluginFixture } from "./support/pluginFixture";

/**
 * Lost CreateKey answers through the plugin, as tests/provider/lostCreateAnswers.test.ts does through the
 * dynamic host: the same create (provider/runtime/createManagedKey.ts) takes a key only when it can tell it made
 * it — by an auto-generated name, or by this attempt's creation mark. Zero keys held by two resources, and every
 * key left behind is named by an error.
 */
let fixture: PluginFixture;
let otherStack: PluginProcess;

beforeAll(async () => {
  fixture = await startPluginFixture();
  otherStack = await startConfiguredPlugin(fixture.emulator.url);
});

afterAll(async () => {
  await otherStack.kill();
  await fixture.close();
});

afterEach(() => fixture.emulator.setFaults([]));

const lost = (probability: number) =>
  ({ action: "CreateKey", error: "ServiceTimeout", phase: "after", probability }) as const;
const refused = (probability: number) =>
  ({ action: "CreateKey", error: "ServiceUnavailable", phase: "before", probability }) as const;

async function liveKeys(): Promise<KmsKey[]> {
  const { keys } = await fixture.client.describeKeys();
  return keys.filter((k) => k.keyState === "Enabled" || k.keyState === "Disabled");
}

function expectEveryKeyAccountedFor(
  keys: KmsKey[],
  results: PromiseSettledResult<PluginResource>[],
  declared: string[],
) {
  const held = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
  const reported = results.flatMap((r) =>
    r.status === "rejected"
      ? [...String(r.reason).matchAll(/[0-9a-v]{8}(-[0-9a-v]{4}){3}-[0-9a-v]{12}/g)].map((m) => m[0])
      : [],
  );
  expect(held.length - new Set(held).size).toBe(0); // no key held by two resources
  expect(keys.filter((k) => !held.includes(k.keyId) && !reported.includes(k.keyId))).toEqual([]);
  results.forEach((result, i) => {
    if (result.status !== "fulfilled") return;
    // The creation mark is gone: the key has its declared description.
    expect(keys.find((k) => k.keyId === result.value.id)?.description).toBe(declared[i]);
  });
}

test("four Keys named alike, every CreateKey answer lost after the work: four keys, one each", async () => {
  fixture.emulator.setFaults([lost(1)]);
  const results = await Promise.allSettled(
    [1, 2, 3, 4].map((i) =>
      engineCreate(fixture.rpc, KEY, `same-${i}`, { keyName: "same-name", description: `resource ${i}` }),
    ),
  );
  fixture.emulator.setFaults([]);
  expect(results.map((r) => r.status)).toEqual(Array(4).fill("fulfilled"));
  const keys = (await liveKeys()).filter((k) => k.keyName === "same-name");
  expect(keys).toHaveLength(4);
  expectEveryKeyAccountedFor(keys, results, ["resource 1", "resource 2", "resource 3", "resource 4"]);
});

test("an auto-named Key whose answer is lost is found by its name alone: no creation mark, no ModifyKey", async () => {
  fixture.emulator.setFaults([lost(1)]);
  fixture.resetCalls();
  const key = await engineCreate(fixture.rpc, KEY, "auto", { description: "auto-named" });
  fixture.emulator.setFaults([]);
  expect(fixture.calls()).toEqual({ CreateKey: 1, DescribeKeys: 1 });
  expect(key.outputs).toMatchObject({ keyName: key.inputs.keyName, description: "auto-named" });
});

test("two providers on one account (two stacks), named and auto-named, answers lost after and refused before", async () => {
  const declared: [string, Record<string, unknown>][] = [
    ["shared-1", { keyName: "shared", description: "one" }],
    ["shared-2", { keyName: "shared", description: "two", keyState: "Disabled" }],
    ["shared-3", { keyName: "shared" }],
    ["svc", { description: "auto-named" }],
    ["svc-disabled", { keyState: "Disabled" }],
  ];
  const stacks: PluginClient[] = [fixture.rpc, otherStack.client];
  fixture.emulator.setFaults({ seed: 20, faults: [lost(0.5), refused(0.3)] });
  const results = await Promise.allSettled(
    stacks.flatMap((rpc) => declared.map(([name, inputs]) => engineCreate(rpc, KEY, name, inputs))),
  );
  const metrics = fixture.emulator.metrics();
  fixture.emulator.setFaults([]);
  const lostAnswers = metrics.requests.filter((r) => r.action === "CreateKey" && r.code === "ServiceTimeout");
  expect(lostAnswers.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(2);
  const keys = (await liveKeys()).filter((k) => k.keyName === "shared" || k.keyName.startsWith("svc-"));
  const descriptions = stacks.flatMap(() => declared.map(([, inputs]) => String(inputs.description ?? "")));
  expectEveryKeyAccountedFor(keys, results, descriptions);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  expect(keys).toHaveLength(10);
});

test("when the lookup itself fails, nothing is taken and the error says how to find the key", async () => {
  const unsure = await startConfiguredPlugin(fixture.emulator.url, "cn-beijing-6", undefined, {
    maxAttempts: "2",
  });
  try {
    fixture.emulator.setFaults([
      lost(1),
      { action: "DescribeKeys", error: "ServiceUnavailable", probability: 1 },
    ]);
    const error = await engineCreate(unsure.client, KEY, "unsure", {
      keyName: "unsure",
      description: "d",
    }).catch((e: unknown) => e);
    fixture.emulator.setFaults([]);
    expect(error).toBeInstanceOf(PluginRpcError);
    const message = (error as PluginRpcError).details;
    expect(message).toContain('CreateKey for "unsure" may have made a key');
    expect(message).toContain("set adoptKeyId to its KeyId");
    const descriptionRegex = /descriptionRegex: ("[^"]+")/.exec(message)?.[1];
    expect(descriptionRegex).toBeDefined();
    const pattern = new RegExp(JSON.parse(descriptionRegex as string) as string);
    const found = (await liveKeys()).filter((k) => k.keyName === "unsure" && pattern.test(k.description));
    expect(found).toHaveLength(1); // the one key the lost answer made, found the way the error says
  } finally {
    await unsure.kill();
  }
});
