import { Ciphertext, DataKey, Key, type KeyArgs } from "../../provider";
import {
  createResource,
  deleteResource,
  refreshResource,
  upResource,
  type ResourceState,
} from "../support/hostSteps";
import { stripSecrets } from "../../offline-engine/providers/secrets";
import type { Benchmark } from "../benchmark";
import { KkmsClient } from "../../sdk";
import { CREDENTIALS, REGION } from "../support/kkmsRequests";
import type { BenchContext } from "../context";
import { entry, measure, type BenchmarkResult, type Table } from "../report";
import { elapsedMs, nowNs, single } from "../stats";
import { okCallsByAction } from "../support/kkmsLocal";
import { captureOne, startProviderFixture, type ProviderFixture } from "../support/providerFixture";

/**
 * API calls per lifecycle operation of Key, DataKey and Ciphertext, counted by kkms-local itself, against the
 * fewest calls the KKMS API allows for the operation.
 */

interface Operation {
  resource: "Key" | "DataKey" | "Ciphertext";
  name: string;
  minimum: number;
  why: string;
  /** Setup whose calls are not counted (run before the metrics are reset). */
  prepare?(): Promise<void>;
  run(): Promise<void>;
}

export const benchmark: Benchmark = { order: 5, name: "calls", run: runApiCallsBenchmark };

async function runApiCallsBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = nowNs();
  const fixture = await startProviderFixture();
  try {
    const rows: Table["rows"] = [];
    let calls = 0;
    let minimum = 0;
    for (const operation of operations(fixture)) {
      const counted = await countCalls(fixture, operation);
      const total = Object.values(counted).reduce((sum, n) => sum + n, 0);
      calls += total;
      minimum += operation.minimum;
      rows.push([
        operation.resource,
        operation.name,
        Object.entries(counted)
          .map(([action, n]) => `${action} ${n}`)
          .join(", ") || "none",
        String(total),
        String(operation.minimum),
        operation.why,
      ]);
    }
    context.log(`  ${rows.length} operations counted`);
    const value = measure(single(calls / minimum), "x");
    return {
      name: "calls",
      title: "API calls per lifecycle operation (counted by kkms-local)",
      sameWork: ["every operation ran through the real provider host and its outputs were checked"],
      tables: [{ columns: ["resource", "operation", "calls", "total", "minimum", "why that minimum"], rows }],
      figures: [
        entry(
          "calls.total-vs-minimum",
          `API calls made ÷ the fewest the KKMS API allows, over all ${rows.length} operations`,
          value,
          { atMost: 1 },
        ),
      ],
      notes: [
        "Each operation is the engine's sequence of RPCs (check, diff, create/update/read/delete) to the SDK's " +
          "dynamic-provider host; kkms-local's metrics are reset before and read after.",
      ],
      durationMs: elapsedMs(started),
    };
  } finally {
    await fixture.close();
  }
}

/** Successful API calls by action during `operation`; any error answer fails the benchmark. */
async function countCalls(fixture: ProviderFixture, operation: Operation): Promise<Record<string, number>> {
  await operation.prepare?.();
  await fixture.kkms.resetMetrics();
  await operation.run();
  const metrics = await fixture.kkms.metrics();
  const errors = [...metrics].filter(([key]) => !key.endsWith(" OK"));
  if (errors.length > 0) throw new Error(`${operation.resource} ${operation.name}: error answers ${errors}`);
  return okCallsByAction(metrics);
}

function operations(fixture: ProviderFixture): Operation[] {
  const { host } = fixture;
  const key = (name: string, args: KeyArgs) => captureOne(() => new Key(name, args));
  const states: Record<string, ResourceState> = {};
  const expectOutputs = (state: ResourceState, expected: Record<string, unknown>) => {
    const outputs = stripSecrets(state.outputs) as Record<string, unknown>;
    for (const [name, value] of Object.entries(expected)) {
      if (outputs[name] !== value)
        throw new Error(`${state.urn}: ${name} is ${outputs[name]}, expected ${value}`);
    }
  };
  const up = async (
    id: string,
    resource: Promise<Parameters<typeof upResource>[2]>,
    expectedKind: string,
  ) => {
    const { kind, state } = await upResource(host, states[id], await resource);
    if (kind !== expectedKind) throw new Error(`${id}: expected ${expectedKind}, got ${kind}`);
    states[id] = state;
    return state;
  };
  let adoptable = "";
  const keyOps: Operation[] = [
    op("Key", "create (auto-named)", 1, "CreateKey (the name is unique by construction)", async () => {
      const state = await createResource(host, await key("k0", {}));
      expectOutputs(state, { keyState: "Enabled" });
    }),
    op(
      "Key",
      "create (keyName given)",
      2,
      "CreateKey under a one-time creation mark, then ModifyKey: a lost answer is attributed by its mark alone",
      async () => {
        states.k1 = await createResource(host, await key("k1", { keyName: "k1" }));
        expectOutputs(states.k1, { keyName: "k1", description: "", keyState: "Enabled" });
      },
    ),
    op("Key", "create (keyName given, Disabled)", 3, "the same, then ModifyKeyState", async () => {
      states.k2 = await createResource(host, await key("k2", { keyName: "k2", keyState: "Disabled" }));
      expectOutputs(states.k2, { keyState: "Disabled" });
    }),
    {
      ...op(
        "Key",
        "create (adoptKeyId, already as declared)",
        1,
        "DescribeKeys: the key is read",
        async () => {
          const state = await createResource(
            host,
            await key("k3", { adoptKeyId: adoptable, keyName: "adoptable" }),
          );
          expectOutputs(state, { keyId: adoptable, keyName: "adoptable" });
        },
      ),
      async prepare() {
        adoptable = await createOutsidePulumi(fixture, "adoptable");
      },
    },
    op("Key", "read (refresh)", 1, "DescribeKeys by id", async () => {
      const state = await refreshResource(host, states.k1);
      if (!state) throw new Error("k1 vanished on refresh");
    }),
    op("Key", "Key.get (a read by the engine)", 1, "DescribeKeys by id", async () => {
      const read = await captureOne(() => Key.get("fetched", states.k1.id));
      const result = await host.read(read.urn, states.k1.id, stripSecrets(read.wireInputs));
      if (result.props.keyName !== "k1") throw new Error(`Key.get read ${JSON.stringify(result.props)}`);
    }),
    op("Key", "up without changes (check, diff)", 0, "check and diff are local", async () => {
      await up("k1", key("k1", { keyName: "k1" }), "same");
    }),
    op("Key", "update name + description", 1, "ModifyKey", async () => {
      expectOutputs(await up("k1", key("k1", { keyName: "k1b", description: "d" }), "update"), {
        keyName: "k1b",
      });
    }),
    op("Key", "update state", 1, "ModifyKeyState", async () => {
      const state = await up(
        "k1",
        key("k1", { keyName: "k1b", description: "d", keyState: "Disabled" }),
        "update",
      );
      expectOutputs(state, { keyState: "Disabled" });
    }),
    op("Key", "update name + state", 2, "ModifyKey and ModifyKeyState", async () => {
      const state = await up("k1", key("k1", { keyName: "k1c", description: "d" }), "update");
      expectOutputs(state, { keyName: "k1c", keyState: "Enabled" });
    }),
    op(
      "Key",
      "replace (region)",
      4,
      "CreateKey, ModifyKey (the mark); old key: ModifyKeyState, DeleteKey",
      async () => {
        const args = { keyName: "k1c", description: "d", region: "cn-shanghai-2" };
        expectOutputs(await up("k1", key("k1", args), "replace"), { region: "cn-shanghai-2" });
      },
    ),
    op("Key", "delete (Enabled)", 2, "only a Disabled key can be deleted", () =>
      deleteResource(host, states.k1),
    ),
    op("Key", "delete (Disabled)", 1, "DeleteKey", () => deleteResource(host, states.k2)),
  ];
  return [...keyOps, ...stateOnlyOperations(fixture, states)];
}

/** DataKey and Ciphertext live in state: reads check their master key; deletes call nothing. */
function stateOnlyOperations(fixture: ProviderFixture, states: Record<string, ResourceState>): Operation[] {
  const { host } = fixture;
  const masterKeyId = async () => {
    states.master ??= await createResource(
      host,
      await captureOne(() => new Key("master", { keyName: "master" })),
    );
    return states.master.id;
  };
  const dataKey = async (keySpec: "AES256" | "AES128") =>
    captureOne(() => new DataKey("dk", { keyId: states.master.id, keySpec }));
  const ciphertext = async (plaintext: string) =>
    captureOne(() => new Ciphertext("ct", { keyId: states.master.id, plaintext }));
  const replaced = async (id: string, resource: Parameters<typeof upResource>[2]) => {
    const { kind, state } = await upResource(host, states[id], resource);
    if (kind !== "replace") throw new Error(`${id}: expected replace, got ${kind}`);
    states[id] = state;
  };
  const read = async (id: string) => {
    if (!(await refreshResource(host, states[id]))) throw new Error(`${id} vanished on refresh`);
  };
  return [
    op("DataKey", "create", 1, "GenerateDataKey", async () => {
      await masterKeyId().then(() => fixture.kkms.resetMetrics());
      states.dk = await createResource(host, await dataKey("AES256"));
    }),
    op("DataKey", "read (refresh)", 1, "DescribeKeys: is the master key still there", () => read("dk")),
    op(
      "DataKey",
      "update (keySpec: replace)",
      1,
      "GenerateDataKey; the old one lives only in state",
      async () => replaced("dk", await dataKey("AES128")),
    ),
    op("DataKey", "delete", 0, "nothing to call", () => deleteResource(host, states.dk)),
    op("Ciphertext", "create", 1, "Encrypt", async () => {
      states.ct = await createResource(host, await ciphertext("hello"));
    }),
    op("Ciphertext", "read (refresh)", 1, "DescribeKeys: is the master key still there", () => read("ct")),
    op(
      "Ciphertext",
      "update (plaintext: replace)",
      1,
      "Encrypt; the old blob lives only in state",
      async () => replaced("ct", await ciphertext("hello again")),
    ),
    op("Ciphertext", "delete", 0, "nothing to call", () => deleteResource(host, states.ct)),
  ];
}

/** A key made with the SDK, as someone did before adopting it into a stack. */
async function createOutsidePulumi(fixture: ProviderFixture, keyName: string): Promise<string> {
  const client = new KkmsClient({ endpoint: fixture.kkms.url, region: REGION, credentials: CREDENTIALS });
  try {
    return (await client.createKey({ keyName })).key.keyId;
  } finally {
    client.destroy();
  }
}

function op(
  resource: Operation["resource"],
  name: string,
  minimum: number,
  why: string,
  run: () => Promise<unknown>,
): Operation {
  return { resource, name, minimum, why, run: async () => void (await run()) };
}
