import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
// The built package, as a program installs it: the shim text users' state holds comes from this code.
import { Ciphertext, DataKey, Key } from "pulumi-kkms";
import { createResource, deleteResource, refreshResource } from "./support/engineSteps";
import {
  captureOne,
  killAllProviderHosts,
  PROJECT,
  REPO_ROOT,
  SECRET_CONFIG_KEYS,
  startKkmsFixture,
  withoutKsyunEnvironment,
  type KkmsFixture,
} from "./support/kkmsFixture";
import { startProviderHost } from "../../offline-engine/providers/providerHost";

/**
 * The serialized provider (`__provider`) is the contract with every existing stack: the same text across
 * versions of the implementation, loading the logic of whatever pulumi-kkms is installed where the program runs.
 */
const GOLDEN = path.join(__dirname, "fixtures", "keyProviderShim.golden.js");

let fixture: KkmsFixture;
let upgradeDir: string;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  upgradeDir = fs.mkdtempSync(path.join(os.tmpdir(), "kkms-upgrade-"));
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
  fs.rmSync(upgradeDir, { recursive: true, force: true });
});

async function providerText(build: () => pulumi.Resource): Promise<string> {
  return String((await captureOne(build)).wireInputs.__provider);
}

test("the Key's __provider text is exactly the committed one (changing it changes every user's state)", async () => {
  expect(await providerText(() => new Key("k", { keyName: "n" }))).toBe(fs.readFileSync(GOLDEN, "utf8"));
});

test("DataKey and Ciphertext shims differ from Key's only in the resource kind", async () => {
  const key = await providerText(() => new Key("k", { keyName: "n" }));
  const dataKey = await providerText(() => new DataKey("d", { keyId: "k" }));
  const ciphertext = await providerText(() => new Ciphertext("c", { keyId: "k", plaintext: "p" }));
  expect(dataKey).toBe(key.replace(/"keyProvider"/g, '"dataKeyProvider"'));
  expect(ciphertext).toBe(key.replace(/"keyProvider"/g, '"ciphertextProvider"'));
});

/**
 * A "v2" pulumi-kkms installed in another program directory: its runtime wraps ours and marks what read returns.
 * A host started there runs v2 for a resource whose state (and __provider) v1 wrote.
 */
function installUpgradedPackage(dir: string): void {
  const packageDir = path.join(dir, "node_modules", "pulumi-kkms");
  fs.mkdirSync(path.join(packageDir, "provider", "runtime"), { recursive: true });
  fs.writeFileSync(
    path.join(packageDir, "package.json"),
    JSON.stringify({
      name: "pulumi-kkms",
      version: "99.0.0",
      exports: { "./provider/runtime": "./provider/runtime/index.js" },
    }),
  );
  const original = JSON.stringify(path.join(REPO_ROOT, "dist", "provider", "runtime"));
  fs.writeFileSync(
    path.join(packageDir, "provider", "runtime", "index.js"),
    `const v1 = require(${original});
module.exports = { ...v1, keyProvider: { ...v1.keyProvider, async read(id, props) {
  const result = await v1.keyProvider.read(id, props);
  return { ...result, props: { ...result.props, description: "read by v2" } };
} } };`,
  );
}

test("an upgraded package changes what refresh and destroy run, with the __provider from the old state", async () => {
  const resource = await captureOne(() => new Key("upgraded", { keyName: "upgraded", description: "v1" }));
  const state = await createResource(fixture.host, resource);
  installUpgradedPackage(upgradeDir);
  const v2 = await startProviderHost({ cwd: upgradeDir, project: PROJECT, env: withoutKsyunEnvironment() });
  await v2.configure(fixture.config, { secretKeys: SECRET_CONFIG_KEYS });

  const refreshed = await refreshResource(v2, state);
  expect(refreshed?.outputs.description).toBe("read by v2");
  expect(refreshed?.outputs.__provider).toBe(state.outputs.__provider);

  await deleteResource(v2, state);
  const { keys } = await fixture.client.describeKeys({ keyIds: [state.id] });
  expect(keys[0].keyState).toBe("PendingDeletion");
  await v2.kill();
});
