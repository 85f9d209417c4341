import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../../emulator";
import { openStack, type InlineProgram, type Stack } from "../../../offline-engine";
import { KkmsClient } from "../../../sdk";
import { withoutKsyunEnvironment } from "../../provider/support/kkmsFixture";

export const EXAMPLES = path.resolve(__dirname, "../../../examples");

export interface ExampleRun {
  emulator: RunningEmulator;
  client: KkmsClient;
  workDir: string;
  stateFile: string;
  /** The example's stack, with this config on top of the endpoint and credentials. */
  open(config?: Record<string, string>, secretKeys?: string[]): Stack;
  /** The same, running an inline program from the example's directory (as its Automation API script does). */
  openInline(program: InlineProgram, project: string, config?: Record<string, string>): Stack;
  close(): Promise<void>;
}

/**
 * kkms-local in-process, and the offline engine on an example's project directory, as `npm run demo` does: the
 * example's program runs through Pulumi's own language host, its resources through the dynamic-provider host.
 */
export async function startExampleRun(example: string): Promise<ExampleRun> {
  const emulator = await startEmulator({ inMemory: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${example}-`));
  const stateFile = path.join(workDir, "state.json");
  const client = new KkmsClient({ endpoint: emulator.url, credentials: DEVELOPMENT_ACCOUNT });
  const base = {
    "kkms:endpoint": emulator.url,
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
  };
  const cwd = path.join(EXAMPLES, example);
  const common = { cwd, stack: "e2e", stateFile, env: withoutKsyunEnvironment() };
  return {
    emulator,
    client,
    workDir,
    stateFile,
    open: (config = {}, secretKeys = []) =>
      openStack({
        ...common,
        config: { ...base, ...config },
        secretKeys: ["kkms:secretAccessKey", ...secretKeys],
      }),
    openInline: (program, project, config = {}) =>
      openStack({
        ...common,
        program,
        project,
        config: { ...base, ...config },
        secretKeys: ["kkms:secretAccessKey"],
      }),
    async close() {
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
