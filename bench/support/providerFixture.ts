import type * as pulumi from "@pulumi/pulumi";
import { startProviderHost, type ProviderHost } from "../../offline-engine/providers/providerHost";
import { REPO_ROOT } from "../context";
import { startKkmsLocal, type KkmsLocal, type KkmsLocalOptions } from "./kkmsLocal";
import { CREDENTIALS, REGION } from "./kkmsRequests";
import { registrationOf, type Registration } from "./registration";

export const PROJECT = "kkms-bench";
const SECRET_CONFIG_KEYS = ["kkms:secretAccessKey"];

/** kkms-local (CLI, own process) plus the SDK's real dynamic-provider host, configured as the engine does. */
export interface ProviderFixture {
  kkms: KkmsLocal;
  host: ProviderHost;
  config: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The host runs with the repository root as its working directory, where node_modules/pulumi-kkms links back to
 * the repository: it loads dist/provider/runtime, as a program's installed package would.
 */
export async function startProviderFixture(options: KkmsLocalOptions = {}): Promise<ProviderFixture> {
  const kkms = await startKkmsLocal(options);
  const config = {
    "kkms:endpoint": kkms.url,
    "kkms:region": REGION,
    "kkms:accessKeyId": CREDENTIALS.accessKeyId,
    "kkms:secretAccessKey": CREDENTIALS.secretAccessKey,
  };
  let host: ProviderHost;
  try {
    host = await startProviderHost({ cwd: REPO_ROOT, project: PROJECT, env: withoutKsyunEnvironment() });
    await host.configure(config, { secretKeys: SECRET_CONFIG_KEYS });
  } catch (err) {
    await kkms.stop();
    throw err;
  }
  return {
    kkms,
    host,
    config,
    async close() {
      await host.kill();
      await kkms.stop();
    },
  };
}

/** Credentials must come from the stack config, never from the environment of whoever runs the benchmark. */
function withoutKsyunEnvironment(): NodeJS.ProcessEnv {
  return {
    KSYUN_ACCESS_KEY: undefined,
    KSYUN_SECRET_KEY: undefined,
    KSYUN_REGION: undefined,
    KKMS_ENDPOINT: undefined,
  };
}

/** The registration a program makes for one resource, its serialized `__provider` included, without an engine. */
export function captureOne(build: () => pulumi.Resource): Promise<Registration> {
  return registrationOf(build, { project: PROJECT, stack: "bench" });
}
