import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../../emulator";
import { KkmsClient } from "../../../sdk";
import { openStack, type Stack } from "../../helpers/offlineRunner";
import { withoutKsyunEnvironment } from "../../provider/support/kkmsFixture";

export const EXAMPLES = path.resolve(__dirname, "../../../examples");

export interface ExampleRun {
  emulator: RunningEmulator;
  client: KkmsClient;
  workDir: string;
  stateFile: string;
  /** Opens the example's stack with this config on top of the endpoint and credentials. */
  open(config?: Record<string, string>, secretKeys?: string[]): Promise<Stack>;
  close(): Promise<void>;
}

/** kkms-local in-process, and the offline runner on an example directory, as `npm run demo` does. */
export async function startExampleRun(example: string, project: string): Promise<ExampleRun> {
  const emulator = await startEmulator({ inMemory: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${example}-`));
  const stateFile = path.join(workDir, "state.json");
  const client = new KkmsClient({ endpoint: emulator.url, credentials: DEVELOPMENT_ACCOUNT });
  const stacks: Stack[] = [];
  const base = {
    "kkms:endpoint": emulator.url,
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
  };
  return {
    emulator,
    client,
    workDir,
    stateFile,
    async open(config = {}, secretKeys = []) {
      const stack = await openStack({
        stateFile,
        project,
        stack: "e2e",
        config: { ...base, ...config },
        secretKeys: ["kkms:secretAccessKey", ...secretKeys],
        hostCwd: path.join(EXAMPLES, example),
        env: withoutKsyunEnvironment(),
      });
      stacks.push(stack);
      return stack;
    },
    async close() {
      await Promise.all(stacks.map((stack) => stack.close()));
      client.destroy();
      await emulator.close();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Keys that still exist as Enabled or Disabled: what a destroy must leave none of. */
export async function liveKeys(client: KkmsClient): Promise<string[]> {
  const { keys } = await client.describeKeys();
  return keys.filter((k) => k.keyState === "Enabled" || k.keyState === "Disabled").map((k) => k.keyName);
}
