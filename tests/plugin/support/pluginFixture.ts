import {
  DEVELOPMENT_ACCOUNT,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../emulator";
import { KkmsClient } from "../../../sdk";
import type { Credentials } from "../../../sdk/signing/types";
import { makeSecret } from "../../../offline-engine/providers/secrets";
import { startPluginProcess, type PluginClient, type PluginProcess } from "./pluginProcess";

export const KEY = "kkms:index:Key";
export const DATA_KEY = "kkms:index:DataKey";
export const CIPHERTEXT = "kkms:index:Ciphertext";

export interface PluginFixture {
  emulator: RunningEmulator;
  plugin: PluginProcess;
  rpc: PluginClient;
  /** An SDK client on the same account and region, for checks and out-of-band changes. */
  client: KkmsClient;
  /** API calls kkms-local served since the last reset, by action. */
  calls(): Record<string, number>;
  resetCalls(): void;
  close(): Promise<void>;
}

/** The provider config the engine sends in Configure's `args`: the secret key wrapped as a secret. */
export function providerArgs(
  endpoint: string,
  region = "cn-beijing-6",
  credentials: Credentials = DEVELOPMENT_ACCOUNT,
  extra: Record<string, unknown> = {},
) {
  return {
    ...extra,
    endpoint,
    region,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: makeSecret(credentials.secretAccessKey),
    version: "0.1.0",
  };
}

/** A started plugin process, handshaken and configured for one account and region. */
export async function startConfiguredPlugin(
  endpoint: string,
  region = "cn-beijing-6",
  credentials: Credentials = DEVELOPMENT_ACCOUNT,
  extra: Record<string, unknown> = {},
): Promise<PluginProcess> {
  const plugin = await startPluginProcess();
  await plugin.client.handshake();
  await plugin.client.configure(providerArgs(endpoint, region, credentials, extra));
  return plugin;
}

/** kkms-local in-process on port 0, and the plugin bin configured for it. */
export async function startPluginFixture(
  options: EmulatorOptions = {},
  region = "cn-beijing-6",
): Promise<PluginFixture> {
  const emulator = await startEmulator({ inMemory: true, ...options });
  const plugin = await startConfiguredPlugin(emulator.url, region);
  const client = new KkmsClient({
    endpoint: emulator.url,
    region,
    credentials: DEVELOPMENT_ACCOUNT,
    retry: { baseDelayMs: 1, maxThrottledAttempts: 30 },
  });
  let baseline: Record<string, number> = {};
  const snapshot = () => ({ ...emulator.metrics().byAction }) as Record<string, number>;
  return {
    emulator,
    plugin,
    rpc: plugin.client,
    client,
    calls() {
      const now = snapshot();
      return Object.fromEntries(
        Object.entries(now)
          .map(([action, n]) => [action, n - (baseline[action] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      );
    },
    resetCalls() {
      baseline = snapshot();
    },
    async close() {
      client.destroy();
      await plugin.kill();
      await emulator.close();
    },
  };
}
