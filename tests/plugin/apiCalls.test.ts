import * as pulumi from "@pulumi/pulumi";
import { Ciphertext, DataKey, Key } from "../../provider";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { KkmsClient } from "../../sdk";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import type { ProviderHost } from "../../offline-engine/providers/providerHost";
import { stripSecrets } from "../../offline-engine/providers/secrets";
import {
  createResource,
  deleteResource,
  refreshResource,
  upResource,
  type ResourceState,
} from "../provider/support/engineSteps";
import { captureOne, killAllProviderHosts, startConfiguredHost } from "../provider/support/kkmsFixture";
import { engineCreate, engineUpdate, type PluginResource } from "./support/engineFlow";
import { startConfiguredPlugin } from "./support/pluginFixture";
import type { PluginProcess } from "./support/pluginProcess";

/**
 * The README's "API calls per operation" table, counted by kkms-local for both front ends: the dynamic provider
 * through the SDK's real provider host, the native plugin through its bin. Both run the same runtime cores, so
 * every operation makes the same calls — and the table's.
 */
type Kind = "Key" | "DataKey" | "Ciphertext";
type Args = Record<string, unknown>;
type Calls = Record<string, number>;

/** One front end, as the engine drives it; `Handle` is what the engine keeps for a resource. */
interface FrontEnd<Handle> {
  create(kind: Kind, name: string, args: Args): Promise<Handle>;
  up(handle: Handle, args: Args): Promise<{ step: string; handle: Handle }>;
  refresh(handle: Handle): Promise<void>;
  get(name: string, id: string): Promise<void>;
  delete(handle: Handle): Promise<void>;
  idOf(handle: Handle): string;
}

let emulator: RunningEmulator;
let host: ProviderHost;
let plugin: PluginProcess;
let client: KkmsClient;

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true });
  [host, plugin] = await Promise.all([
    startConfiguredHost({ endpoint: emulator.url }),
    startConfiguredPlugin(emulator.url),
  ]);
  client = new KkmsClient({
    endpoint: emulator.url,
    credentials: DEVELOPMENT_ACCOUNT,
    retry: { baseDelayMs: 1 },
  });
});

afterAll(async () => {
  client.destroy();
  await plugin.kill();
  await killAllProviderHosts();
  await emulator.close();
});

function resource(kind: Kind, name: string, args: Args): pulumi.Resource {
  if (kind === "Key") return new Key(name, args);
  if (kind === "DataKey") return new DataKey(name, args as never);
  return new Ciphertext(name, args as never);
}

interface DynamicResource {
  kind: Kind;
  name: string;
  state: ResourceState;
}

const dynamicProvider: FrontEnd<DynamicResource> = {
  async create(kind, name, args) {
    return {
      kind,
      name,
      state: await createResource(host, await captureOne(() => resource(kind, name, args))),
    };
  },
  async up(r, args) {
    const next = await upResource(host, r.state, await captureOne(() => resource(r.kind, r.name, args)));
    return { step: next.kind, handle: { ...r, state: next.state } };
  },
  async refresh(r) {
    if (!(await refreshResource(host, r.state))) throw new Error(`${r.name} vanished on refresh`);
  },
  async get(name, id) {
    const read = await captureOne(() => Key.get(name, id));
    await host.read(read.urn, id, stripSecrets(read.wireInputs));
  },
  delete: (r) => deleteResource(host, r.state),
  idOf: (r) => r.state.id,
};

const nativePlugin: FrontEnd<PluginResource> = {
  create: (kind, name, args) => engineCreate(plugin.client, `kkms:index:${kind}`, name, args),
  async up(resource, args) {
    const { step, resource: next } = await engineUpdate(plugin.client, resource, args);
    return { step, handle: next };
  },
  async refresh(r) {
    if (!(await plugin.client.read(r.type, r.name, r.id, r.outputs, r.inputs)).id)
      throw new Error(`${r.name} vanished on refresh`);
  },
  async get(name, id) {
    // Key.get: the engine's ReadStep sends the program's properties as both state and inputs.
    await plugin.client.read("kkms:index:Key", name, id, {}, {});
  },
  delete: (r) => plugin.client.delete(r.type, r.name, r.id, r.outputs),
  idOf: (r) => r.id,
};

/** Each operation of the README's table and the calls it makes, in the order a stack's life runs them. */
async function lifeOfAStack<H>(frontEnd: FrontEnd<H>, tag: string): Promise<[string, Calls][]> {
  const rows: [string, Calls][] = [];
  const counted = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const before = { ...emulator.metrics().byAction };
    const result = await run();
    const after = emulator.metrics().byAction;
    const calls: Calls = {};
    for (const [action, n] of Object.entries(after))
      if (n - (before[action] ?? 0) > 0) calls[action] = n - (before[action] ?? 0);
    rows.push([operation, calls]);
    return result;
  };
  const expectStep = (step: string, expected: string) => {
    if (step !== expected) throw new Error(`expected ${expected}, got ${step}`);
  };
  await counted("create, auto-named", () => frontEnd.create("Key", `auto-${tag}`, {}));
  let named: H = await counted("create, keyName given", () =>
    frontEnd.create("Key", `k-${tag}`, { keyName: `k-${tag}` }),
  );
  const disabled = await counted("create, keyName given, Disabled", () =>
    frontEnd.create("Key", `off-${tag}`, { keyName: `off-${tag}`, keyState: "Disabled" }),
  );
  const { key: handMade } = await client.createKey({ keyName: `legacy-${tag}` });
  await counted("create with adoptKeyId, as declared", () =>
    frontEnd.create("Key", `adopted-${tag}`, { adoptKeyId: handMade.keyId, keyName: `legacy-${tag}` }),
  );
  await counted("Key.get", () => frontEnd.get(`fetched-${tag}`, frontEnd.idOf(named)));
  await counted("refresh", () => frontEnd.refresh(named));
  const update = async (operation: string, args: Args, step: string) =>
    counted(operation, async () => {
      const result = await frontEnd.up(named, args);
      expectStep(result.step, step);
      named = result.handle;
    });
  await update("up without changes", { keyName: `k-${tag}` }, "same");
  await update("update name and description", { keyName: `k2-${tag}`, description: "d" }, "update");
  await update("update state", { keyName: `k2-${tag}`, description: "d", keyState: "Disabled" }, "update");
  await update("update name and state", { keyName: `k3-${tag}`, description: "d" }, "update");
  await update(
    "replace (region)",
    { keyName: `k3-${tag}`, description: "d", region: "cn-shanghai-2" },
    "replace",
  );
  await counted("delete, Enabled", () => frontEnd.delete(named));
  await counted("delete, Disabled", () => frontEnd.delete(disabled));

  const master = await frontEnd.create("Key", `master-${tag}`, { keyName: `master-${tag}` });
  const keyId = frontEnd.idOf(master);
  const dataKey = await counted("DataKey create", () => frontEnd.create("DataKey", `dk-${tag}`, { keyId }));
  await counted("DataKey refresh", () => frontEnd.refresh(dataKey));
  await counted("DataKey delete", () => frontEnd.delete(dataKey));
  const ciphertext = await counted("Ciphertext create", () =>
    frontEnd.create("Ciphertext", `ct-${tag}`, { keyId, plaintext: "hello" }),
  );
  await counted("Ciphertext refresh", () => frontEnd.refresh(ciphertext));
  await counted("Ciphertext delete", () => frontEnd.delete(ciphertext));
  return rows;
}

/** The README's table (section `Key`, "What each operation does, and the API calls it makes"). */
const README_TABLE: [string, Calls][] = [
  ["create, auto-named", { CreateKey: 1 }],
  ["create, keyName given", { CreateKey: 1, ModifyKey: 1 }],
  ["create, keyName given, Disabled", { CreateKey: 1, ModifyKey: 1, ModifyKeyState: 1 }],
  ["create with adoptKeyId, as declared", { DescribeKeys: 1 }],
  ["Key.get", { DescribeKeys: 1 }],
  ["refresh", { DescribeKeys: 1 }],
  ["up without changes", {}],
  ["update name and description", { ModifyKey: 1 }],
  ["update state", { ModifyKeyState: 1 }],
  ["update name and state", { ModifyKey: 1, ModifyKeyState: 1 }],
  ["replace (region)", { CreateKey: 1, ModifyKey: 1, ModifyKeyState: 1, DeleteKey: 1 }],
  ["delete, Enabled", { ModifyKeyState: 1, DeleteKey: 1 }],
  ["delete, Disabled", { DeleteKey: 1 }],
  ["DataKey create", { GenerateDataKey: 1 }],
  ["DataKey refresh", { DescribeKeys: 1 }],
  ["DataKey delete", {}],
  ["Ciphertext create", { Encrypt: 1 }],
  ["Ciphertext refresh", { DescribeKeys: 1 }],
  ["Ciphertext delete", {}],
];

test("the dynamic provider makes the README's calls for every operation", async () => {
  expect(await lifeOfAStack(dynamicProvider, "dynamic")).toEqual(README_TABLE);
});

test("the native plugin makes the very same calls", async () => {
  expect(await lifeOfAStack(nativePlugin, "native")).toEqual(README_TABLE);
});
