import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { DEVELOPMENT_ACCOUNT, startEmulator, type RunningEmulator } from "../../../emulator";
import type { EmulatorOptions } from "../../../emulator";
import { KkmsClient } from "../../../sdk";
import type { Credentials } from "../../../sdk/signing/types";
import {
  killAllProviderHosts as killAllPlugins,
  startProviderHost,
  type ProviderHost,
} from "../../../offline-engine/providers/providerHost";
import { CaptureSession } from "../../../offline-engine/capture/captureSession";
import { ProgramRuns } from "../../helpers/programRuns";
import type { CapturedResource } from "../../../offline-engine/capture/recordRegistrations";

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
 * The SDK's real provider host, configured the way the engine does: the whole `kkms:` stack config, the secret
 * key sent as a secret. It runs the compiled package (`npm test` builds first).
 */
export interface HostOptions {
  endpoint: string;
  /** @default the development account */
  credentials?: Credentials;
  /** @default "cn-beijing-6" */
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

export function hostConfig(options: HostOptions): Record<string, string> {
  const credentials = options.credentials ?? DEVELOPMENT_ACCOUNT;
  return {
    "kkms:endpoint": options.endpoint,
    "kkms:region": options.region ?? "cn-beijing-6",
    "kkms:accessKeyId": credentials.accessKeyId,
    "kkms:secretAccessKey": credentials.secretAccessKey,
    ...options.config,
  };
}

export async function startConfiguredHost(options: HostOptions): Promise<ProviderHost> {
  const host = await startProviderHost({
    cwd: options.cwd ?? REPO_ROOT,
    project: options.project ?? PROJECT,
    env: { ...withoutKsyunEnvironment(), ...options.env },
  });
  await host.configure(hostConfig(options), {
    secretKeys: [...SECRET_CONFIG_KEYS, ...(options.secretKeys ?? [])],
  });
  return host;
}

/** kkms-local in-process on port 0 (in memory, the development account) plus a host configured for it. */
export async function startKkmsFixture(
  emulatorOptions: EmulatorOptions = {},
  region = "cn-beijing-6",
  extraConfig: Record<string, string> = {},
): Promise<KkmsFixture> {
  const emulator = await startEmulator({ inMemory: true, ...emulatorOptions });
  const hostOptions = { endpoint: emulator.url, region, config: extraConfig };
  const host = await startConfiguredHost(hostOptions);
  const client = new KkmsClient({
    endpoint: emulator.url,
    region,
    credentials: DEVELOPMENT_ACCOUNT,
    // Checks made beside the provider must outlast a throttle the test set up for the provider.
    retry: { baseDelayMs: 1, maxThrottledAttempts: 30 },
  });
  return {
    emulator,
    host,
    client,
    config: hostConfig(hostOptions),
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

let captures: CaptureSession | undefined;

/**
 * The registration a program makes for one resource — its serialized `__provider` included — as the engine
 * receives it: recorded on a preview through the offline engine (the real language host), where nothing is created.
 * The tests using it then step the resource through the provider host themselves.
 */
export async function captureOne(build: () => pulumi.Resource): Promise<CapturedResource> {
  const resources = await captureAll(() => void build());
  if (resources.length !== 1) throw new Error(`expected one registration, got ${resources.length}`);
  return resources[0];
}

/** Every registration of one program, recorded as captureOne records one. */
export function captureAll(program: () => void): Promise<CapturedResource[]> {
  if (!captures) {
    const runs = new ProgramRuns({ project: PROJECT, env: withoutKsyunEnvironment() });
    captures = new CaptureSession((preview) => runs.open("capture", preview));
  }
  return captures.capture(program);
}

/**
 * Ends what the tests of a file started: the capture preview (its program runs in this process and must end
 * before jest tears the file's globals down), then every provider host and plugin still running.
 */
export async function killAllProviderHosts(): Promise<void> {
  await captures?.close();
  captures = undefined;
  await killAllPlugins();
}

/** Programs run through the offline engine against the fixture's kkms-local, with its stack config. */
export function fixturePrograms(fixture: { config: Record<string, string> }, project = PROJECT): ProgramRuns {
  return new ProgramRuns({
    project,
    config: fixture.config,
    secretKeys: SECRET_CONFIG_KEYS,
    env: withoutKsyunEnvironment(),
  });
}
