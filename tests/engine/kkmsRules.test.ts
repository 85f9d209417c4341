import { startEmulator, type RunningEmulator } from "../../emulator";
import { findResource } from "../../offline-engine";
import { killAllProviderHosts } from "../../offline-engine/providers/providerHost";
import { Key } from "../../provider";
import { ProgramRuns } from "../helpers/programRuns";
import {
  hostConfig,
  PROJECT,
  SECRET_CONFIG_KEYS,
  withoutKsyunEnvironment,
} from "../provider/support/kkmsFixture";

// Each operation starts a program and the kkms provider host: generous, on a busy machine.
jest.setTimeout(240_000);

/**
 * Two engine rules that the toy tests cover, here with kkms against kkms-local in this process: refresh and destroy
 * configure the provider from the config stored with it in the state (deployment.go:659 EnsureProvider,
 * providers/registry.go at v3.248.0), and an alias carries a renamed resource's state over
 * (step_generator.go:505 at v3.248.0), so no key is created or deleted.
 */
let emulators: RunningEmulator[] = [];
let programs: ProgramRuns;
beforeEach(() => {
  programs = new ProgramRuns({
    project: PROJECT,
    secretKeys: SECRET_CONFIG_KEYS,
    env: withoutKsyunEnvironment(),
  });
});
afterEach(async () => {
  await killAllProviderHosts();
  await Promise.all(emulators.map((emulator) => emulator.close()));
  emulators = [];
});

async function emulator(): Promise<RunningEmulator> {
  const started = await startEmulator();
  emulators.push(started);
  return started;
}

test("after kkms:endpoint changes, refresh and destroy still call the endpoint stored with the provider", async () => {
  const [first, second] = [await emulator(), await emulator()];
  const program = () => void new Key("app", { keyName: "app-key" });
  await programs.open("moved", program, { config: hostConfig({ endpoint: first.url }) }).up();
  first.resetMetrics();

  const moved = programs.open("moved", program, { config: hostConfig({ endpoint: second.url }) });
  await moved.refresh();
  expect(findResource(moved.state(), "app")).toBeDefined();
  await moved.destroy();

  expect(first.metrics().byAction["DescribeKeys"]).toBeGreaterThan(0);
  expect(first.metrics().byAction["DeleteKey"]).toBe(1);
  expect(second.metrics().total).toBe(0);
});

test("a Key renamed with an alias to its old name keeps its key: no CreateKey, no DeleteKey", async () => {
  const kms = await emulator();
  const options = { config: hostConfig({ endpoint: kms.url }) };
  await programs.open("renamed", () => void new Key("app", { keyName: "app-key" }), options).up();
  const keyId = findResource(programs.open("renamed").state(), "app")?.id;
  kms.resetMetrics();

  const renamed = programs.open(
    "renamed",
    () => void new Key("payments", { keyName: "app-key" }, { aliases: [{ name: "app" }] }),
    options,
  );
  const result = await renamed.up();

  expect(result.steps.find((step) => step.name === "payments")?.op).toBe("same");
  expect(findResource(renamed.state(), "payments")?.id).toBe(keyId);
  expect(findResource(renamed.state(), "app")).toBeUndefined();
  expect(kms.metrics().byAction["CreateKey"]).toBeUndefined();
  expect(kms.metrics().byAction["DeleteKey"]).toBeUndefined();
});
