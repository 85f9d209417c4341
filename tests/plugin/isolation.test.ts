import * as http from "http";
import type { AddressInfo } from "net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { startPluginServer, type RunningPluginServer } from "../../provider/plugin/server";
import { KkmsClient } from "../../sdk";
import { engineCreate } from "./support/engineFlow";
import { PluginClient, type PluginProcess } from "./support/pluginProcess";
import { KEY, providerArgs, startConfiguredPlugin } from "./support/pluginFixture";

/**
 * Several providers, each with its own account or region, see and change only their own keys — as separate
 * plugin processes (how the engine runs one plugin per provider), and as several servers in one process
 * (nothing module-global).
 */
const ALICE = { accountId: "100000000001", accessKeyId: "AKLTalice", secretAccessKey: "alice-secret" };
const BOB = { accountId: "100000000002", accessKeyId: "AKLTbob", secretAccessKey: "bob-secret" };

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true, accounts: [ALICE, BOB] });
});

afterAll(async () => {
  await emulator.close();
});

function sdkClient(account: typeof ALICE, region: string): KkmsClient {
  return new KkmsClient({ endpoint: emulator.url, region, credentials: account, retry: { baseDelayMs: 1 } });
}

async function isolationScenario(alice: PluginClient, bob: PluginClient, tag: string): Promise<void> {
  const [aliceKey, bobKey] = await Promise.all([
    engineCreate(alice, KEY, "k", { keyName: `alice-${tag}` }),
    engineCreate(bob, KEY, "k", { keyName: `bob-${tag}` }),
  ]);
  // Each sees its own key, and not the other's.
  const aliceSees = await alice.invoke("kkms:index:getKeys", {});
  const bobSees = await bob.invoke("kkms:index:getKeys", {});
  expect(aliceSees.result.ids).toContain(aliceKey.id);
  expect(aliceSees.result.ids).not.toContain(bobKey.id);
  expect(bobSees.result.ids).toContain(bobKey.id);
  expect(bobSees.result.ids).not.toContain(aliceKey.id);
  // Bob's provider reading Alice's key finds nothing; deleting it through Bob's provider changes nothing of hers.
  expect((await bob.read(KEY, "k", aliceKey.id, aliceKey.outputs)).id).toBe("");
  await bob.delete(KEY, "k", aliceKey.id, aliceKey.outputs).catch(() => undefined);
  const aliceClient = sdkClient(ALICE, aliceKey.outputs.region as string);
  try {
    const { keys } = await aliceClient.describeKeys({ keyIds: [aliceKey.id] });
    expect(keys[0].keyState).toBe("Enabled");
  } finally {
    aliceClient.destroy();
  }
}

describe("two plugin processes", () => {
  let alice: PluginProcess;
  let bob: PluginProcess;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      startConfiguredPlugin(emulator.url, "cn-beijing-6", ALICE),
      startConfiguredPlugin(emulator.url, "cn-beijing-6", BOB),
    ]);
  });
  afterAll(async () => {
    await Promise.all([alice.kill(), bob.kill()]);
  });

  test("two accounts", async () => {
    await isolationScenario(alice.client, bob.client, "processes");
  });
});

describe("two servers in one process", () => {
  const servers: RunningPluginServer[] = [];
  const clients: PluginClient[] = [];
  async function configured(account: typeof ALICE, region: string): Promise<PluginClient> {
    const server = await startPluginServer();
    servers.push(server);
    const client = new PluginClient(`127.0.0.1:${server.port}`);
    clients.push(client);
    await client.configure(providerArgs(emulator.url, region, account));
    return client;
  }
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  test("two accounts, calls interleaved", async () => {
    const [alice, bob] = await Promise.all([
      configured(ALICE, "cn-beijing-6"),
      configured(BOB, "cn-beijing-6"),
    ]);
    await isolationScenario(alice, bob, "in-process");
  });

  test("one provider's call in flight never holds up another provider's calls", async () => {
    // Alice's endpoint holds every request until the test lets go; Bob's is kkms-local.
    const held: http.ServerResponse[] = [];
    const holding = http.createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => holding.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = holding.address() as AddressInfo;
      const server = await startPluginServer();
      servers.push(server);
      const alice = new PluginClient(`127.0.0.1:${server.port}`);
      clients.push(alice);
      await alice.configure(
        providerArgs(`http://127.0.0.1:${port}`, "cn-beijing-6", ALICE, { maxAttempts: "1" }),
      );
      const bob = await configured(BOB, "cn-beijing-6");
      let aliceSettled = false;
      const aliceCall = alice.invoke("kkms:index:getKeys", {}).finally(() => (aliceSettled = true));
      await until(() => held.length === 1);
      // Alice's DescribeKeys is still unanswered, and Bob's calls run all the same.
      const bobKey = await engineCreate(bob, KEY, "b", { keyName: "bob-meanwhile" });
      expect((await bob.invoke("kkms:index:getKeys", {})).result.ids).toContain(bobKey.id);
      expect(aliceSettled).toBe(false);
      held[0].destroy();
      await expect(aliceCall).rejects.toThrow();
    } finally {
      for (const res of held) res.destroy();
      await new Promise((resolve) => holding.close(resolve));
    }
  });

  test("two regions of one account: each creates in its own region", async () => {
    const [beijing, shanghai] = await Promise.all([
      configured(ALICE, "cn-beijing-6"),
      configured(ALICE, "cn-shanghai-2"),
    ]);
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        engineCreate(i % 2 ? shanghai : beijing, KEY, `r${i}`, { keyName: `regional-${i}` }),
      ),
    );
    created.forEach((key, i) => expect(key.outputs.region).toBe(i % 2 ? "cn-shanghai-2" : "cn-beijing-6"));
    const client = sdkClient(ALICE, "cn-shanghai-2");
    try {
      const { keys } = await client.describeKeys();
      const names = keys.map((k) => k.keyName).filter((n) => n.startsWith("regional-"));
      expect(names.sort()).toEqual(["regional-1", "regional-3", "regional-5"]);
    } finally {
      client.destroy();
    }
  });
});

/** Waits for a condition the test itself brings about (no timing is asserted). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
