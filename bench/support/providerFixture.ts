import * as os from "os";
import * as path from "path";

import type * as pulumi from "@pulumi/pulumi";
import { openStack } from "../../offline-engine";
import { CaptureSession } from "../../offline-engine/capture/captureSession";
import { startProviderHost, type ProviderHost } from "../../offline-engine/providers/providerHost";
import { REPO_ROOT } from "../context";
import type { Registration } from "./hostSteps";
import { startKkmsLocal, type KkmsLocal, type KkmsLocalOptions } from "./kkmsLocal";
import { CREDENTIALS, REGION } from "./kkmsRequests";

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
      await closeCaptures();
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

let captures: CaptureSession | undefined;

/**
 * The registration a program makes for one resource, its serialized `__provider` included, as the engine receives
 * it: recorded on a preview through the offline engine (the real language host), where nothing is created. The
 * preview has no stack config, so it cannot reach the benchmark's kkms-local and add to the calls it counts.
 */
export async function captureOne(build: () => pulumi.Resource): Promise<Registration> {
  captures ??= new CaptureSession((program) =>
    openStack({
      program,
      project: PROJECT,
      stack: "capture",
      cwd: REPO_ROOT,
      stateFile: path.join(os.tmpdir(), `kkms-bench-capture-${process.pid}.json`),
      env: withoutKsyunEnvironment(),
    }),
  );
  const resources = await captures.capture(() => void build());
  if (resources.length !== 1) throw new Error(`expected one registration, got ${resources.length}`);
  const [resource] = resources;
  return {
    urn: resource.urn,
    wireInputs: resource.wireInputs,
    additionalSecretOutputs: resource.options.additionalSecretOutputs,
  };
}

/** Ends the capture preview: its program runs in this process. */
async function closeCaptures(): Promise<void> {
  await captures?.close();
  captures = undefined;
}
