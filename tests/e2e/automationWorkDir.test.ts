import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { workspaceOptions } from "../../examples/automation/workspaceOptions";
import { Key } from "../../provider";
import { startProviderHost, type ProviderHost } from "../../offline-engine/providers/providerHost";
import { createResource } from "../provider/support/engineSteps";
import {
  captureOne,
  hostConfig,
  killAllProviderHosts,
  PROJECT,
  REPO_ROOT,
  SECRET_CONFIG_KEYS,
  startKkmsFixture,
  withoutKsyunEnvironment,
  type KkmsFixture,
} from "../provider/support/kkmsFixture";
import { EXAMPLES } from "./support/exampleStack";
import { hostPulumiDir, pluginWorkingDirectory } from "./support/pluginWorkingDirectory";

/**
 * examples/automation under the Pulumi CLI, without the CLI: the directory the CLI would start the provider
 * host in, worked out by the engine's rules from the example's own workspace options, for a copy of the example
 * installed outside the repository; then the real host, started there as the CLI's plugin script starts it,
 * creates a key against kkms-local.
 */
let fixture: KkmsFixture;
let userProject: string;

beforeAll(async () => {
  fixture = await startKkmsFixture();
  userProject = installExampleOutsideTheRepository();
});

afterAll(async () => {
  await fixture.close();
  await killAllProviderHosts();
  fs.rmSync(path.dirname(userProject), { recursive: true, force: true });
});

/** The example's files and what `npm install` puts beside them: pulumi-kkms's published files and its deps. */
function installExampleOutsideTheRepository(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kkms-user-")), "automation");
  fs.cpSync(path.join(EXAMPLES, "automation"), dir, { recursive: true });
  const modules = path.join(dir, "node_modules");
  const installed = path.join(modules, "pulumi-kkms");
  fs.mkdirSync(path.join(installed, "dist"), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(installed, "package.json"));
  for (const part of ["sdk", "provider"])
    fs.cpSync(path.join(REPO_ROOT, "dist", part), path.join(installed, "dist", part), { recursive: true });
  for (const dependency of ["@pulumi", "axios", "fast-xml-parser"])
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dependency), path.join(modules, dependency));
  return dir;
}

async function startHostLikeTheCli(cwd: string, pulumiDir: string): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd, pulumiDir, project: PROJECT, env: withoutKsyunEnvironment() });
  await host.configure(hostConfig({ endpoint: fixture.emulator.url }), { secretKeys: SECRET_CONFIG_KEYS });
  return host;
}

test("the example's workspace starts plugins in its own directory, where the runtime resolves and a key is made", async () => {
  const workingDirectory = pluginWorkingDirectory(workspaceOptions(userProject));
  expect(workingDirectory).toBe(userProject);
  expect(path.relative(REPO_ROOT, workingDirectory).startsWith("..")).toBe(true);
  const pulumiDir = hostPulumiDir(workingDirectory);
  expect(pulumiDir).toBeDefined();

  const host = await startHostLikeTheCli(workingDirectory, pulumiDir as string);
  const state = await createResource(
    host,
    await captureOne(() => new Key("env", { keyName: "made-from-outside" })),
  );
  const { keys } = await fixture.client.describeKeys({ keyIds: [state.id] });
  expect(keys.map((k) => k.keyName)).toEqual(["made-from-outside"]);
});

test("without main or workDir (the example before), the CLI's temporary directory resolves nothing", async () => {
  const bare = { projectSettings: { name: "kkms-environments", runtime: "nodejs" as const } };
  const workingDirectory = pluginWorkingDirectory(bare);
  expect(path.basename(workingDirectory)).toMatch(/^automation-/);
  expect(hostPulumiDir(workingDirectory)).toBeUndefined(); // the plugin script would not even start the host
  // Even a host started there some other way cannot load the provider's code.
  const host = await startHostLikeTheCli(workingDirectory, hostPulumiDir(REPO_ROOT) as string);
  const failure = await createResource(
    host,
    await captureOne(() => new Key("env", { keyName: "never" })),
  ).catch((e: unknown) => e as Error);
  expect(String(failure)).toContain("Cannot find module 'pulumi-kkms/provider/runtime'");
  fs.rmSync(workingDirectory, { recursive: true, force: true });
});
