import {
  DEVELOPMENT_ACCOUNT,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../../emulator";
import { KkmsClient } from "../../../sdk";
import type { Credentials } from "../../../sdk/signing/types";
import { startProviderHost, type ProviderHost } from "../../helpers/providerHost";
import {
  PROJECT,
  REPO_ROOT,
  SECRET_CONFIG_KEYS,
  withoutKsyunEnvironment,
} from "../../provider/support/kkmsFixture";

/**
 * The SDK's real provider host, configured the way the engine does (the whole `kkms:` stack config, the secret
 * key sent as a secret), against a given kkms-local. Like tests/provider/support/kkmsFixture.ts, but with the
 * account, the endpoint and the host's environment chosen by the test.
 */
export interface HostOptions {
  endpoint: string;
  credentials?: Credentials;
  region?: string;
  /** More stack config (`kkms:...`, or a program's own keys). */
  config?: Record<string, string>;
  /** @default the provider tests' project name */
  project?: string;
  /** Added to the host's environment, e.g. KKMS_DEBUG=1. */
  env?: NodeJS.ProcessEnv;
  /** More config keys sent as secrets. */
  secretKeys?: string[];
  /** @default the repository root */
  cwd?: string;
}

export async function startConfiguredHost(options: HostOptions): Promise<ProviderHost> {
  const credentials = options.credentials ?? DEVELOPMENT_ACCOUNT;
  const host = await startProviderHost({
    cwd: options.cwd ?? REPO_ROOT,
    project: options.project ?? PROJECT,
    env: { ...withoutKsyunEnvironment(), ...options.env },
  });
  await host.configure(
    {
      "kkms:endpoint": options.endpoint,
      "kkms:region": options.region ?? "cn-beijing-6",
      "kkms:accessKeyId": credentials.accessKeyId,
      "kkms:secretAccessKey": credentials.secretAccessKey,
      ...options.config,
    },
    { secretKeys: [...SECRET_CONFIG_KEYS, ...(options.secretKeys ?? [])] },
  );
  return host;
}

export interface ProviderFixture {
  emulator: RunningEmulator;
  host: ProviderHost;
  /** On the same account, for checks outside the provider. */
  client: KkmsClient;
  /** The stack config the host was given (for programs that call functions). */
  config: Record<string, string>;
  close(): Promise<void>;
}

/** kkms-local in process (in memory, the development account) and a host configured for it. */
export async function startProviderFixture(emulatorOptions: EmulatorOptions = {}): Promise<ProviderFixture> {
  const emulator = await startEmulator({ inMemory: true, ...emulatorOptions });
  const host = await startConfiguredHost({ endpoint: emulator.url });
  const client = new KkmsClient({
    endpoint: emulator.url,
    credentials: DEVELOPMENT_ACCOUNT,
    retry: { baseDelayMs: 1 },
  });
  const config = {
    "kkms:endpoint": emulator.url,
    "kkms:region": "cn-beijing-6",
    "kkms:accessKeyId": DEVELOPMENT_ACCOUNT.accessKeyId,
    "kkms:secretAccessKey": DEVELOPMENT_ACCOUNT.secretAccessKey,
  };
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
