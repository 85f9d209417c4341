import * as pulumi from "@pulumi/pulumi";
import { KkmsClient } from "../../sdk/client";
import { resolveProviderSettings, stackConfigValues } from "../runtime/stackConfig";
import { InvalidArgumentsError } from "./argumentCheck";
import type { FunctionCore } from "./functionCore";

/**
 * Functions run in the program's own process (not the provider host), with the same `kkms:` stack config and
 * environment fallbacks as the resources. Raw config is read directly: `Config.get` would warn on the secret key.
 */
export function programClient(region: string | undefined): { client: KkmsClient; region: string } {
  const values = stackConfigValues((key) => pulumi.runtime.getConfig(key));
  const settings = resolveProviderSettings(values, "stackConfig", process.env);
  const effectiveRegion = region ?? settings.region;
  const client = new KkmsClient({
    region: effectiveRegion,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    maxAttempts: settings.maxAttempts,
  });
  return { client, region: effectiveRegion };
}

/**
 * A function called from a program: its arguments checked (an InvalidArgumentsError before anything is sent),
 * then one call with a fresh client, whose sockets are always released so the program can exit promptly.
 */
export async function callInProgram<A, R>(core: FunctionCore<A, R>, args: A): Promise<R> {
  const failures = core.check(args as Record<string, unknown> | undefined);
  if (failures.length > 0) throw new InvalidArgumentsError(core.name, failures);
  const region = (args as { region?: string } | undefined)?.region;
  const { client, region: effectiveRegion } = programClient(region);
  try {
    return await core.call(client, effectiveRegion, args);
  } finally {
    client.destroy();
  }
}
