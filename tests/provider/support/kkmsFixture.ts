import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../../emulator";
import type { EmulatorOptions } from "../../../emulator";
import { KkmsClient } from "../../../sdk";
import { captureResources, type CapturedResource } from "../../helpers/captureResources";
import { killAllProviderHosts, startProviderHost, type ProviderHost } from "../../helpers/providerHost";

/** The repository root: its node_modules/pulumi-kkms links back to it, as a program's install would. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const PROJECT = "kkms-tests";
export const SECRET_CONFIG_KEYS = ["kkms:secretAccessKey"];

export interface KkmsFixture {
  emulator: RunningEmulator;
  host: ProviderHost;
  /** An SDK client on the same account, for out-of-band changes and checks. */
  client: KkmsClient;
  config: Record<string, string>;
  close(): Promise<void>;
}

/**
 * kkms-local in-process on port 0 plus the SDK's real provider host, configured with stack config the way the
 * engine does (secret key sent as a secret). The host runs the compiled package (`npm test` builds first).
 */
export async function startKkmsFixture(
  emulatorOptions: EmulatorOptions = {},
  region = "cn-beijing-6",
  extraConfig: Record<string, string> = {},
): Promise<KkmsFixture> {
  const emulator = await startEmulator({ inMemory: true, ...emulatorOptions });
  const config = {
    "kkms:endpoint": emulator.url,
    "kkms:region": region,
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
    ...extraConfig,
  };
  const host = await startProviderHost({ cwd: REPO_ROOT, project: PROJECT, env: withoutKsyunEnvironment() });
  await host.configure(config, { secretKeys: SECRET_CONFIG_KEYS });
  const client = new KkmsClient({
    endpoint: emulator.url,
    region,
    credentials: DEVELOPMENT_ACCOUNT,
    retry: { baseDelayMs: 1 },
  });
  return {
    emulator,
    host,
    client,
    config,
    async close() {
      client.destroy();
      await host.kill();
      await emulator.close();
    },
  };
}

/** Credentials must come from the stack config in these tests, never from the developer's environment. */
export function withoutKsyunEnvironment(): NodeJS.ProcessEnv {
  return {
    KSYUN_ACCESS_KEY: undefined,
    KSYUN_SECRET_KEY: undefined,
    KSYUN_REGION: undefined,
    KKMS_ENDPOINT: undefined,
  };
}

/** The registration a program makes for one resource — its serialized `__provider` included — without an engine. */
export async function captureOne(
  build: () => pulumi.Resource,
  options: { preview?: boolean } = {},
): Promise<CapturedResource> {
  const { resources } = await captureResources(() => void build(), {
    project: PROJECT,
    stack: "test",
    preview: options.preview,
  });
  if (resources.length !== 1) throw new Error(`expected one registration, got ${resources.length}`);
  return resources[0];
}

export { killAllProviderHosts };
