import * as pulumi from "@pulumi/pulumi";
import { KkmsClient } from "../../sdk/client";
import { resolveProviderSettings } from "../runtime/stackConfig";

/**
 * Functions run in the program's own process (not the provider host), with the same `kkms:` stack config and
 * environment fallbacks as the resources. Raw config is read directly: `Config.get` would warn on the secret key.
 */
export function programClient(region: string | undefined): { client: KkmsClient; region: string } {
  const settings = resolveProviderSettings((key) => pulumi.runtime.getConfig(key), process.env);
  const effectiveRegion = region ?? settings.region;
  const client = new KkmsClient({
    region: effectiveRegion,
    endpoint: settings.endpoint,
    credentials: settings.credentials,
    maxAttempts: settings.maxAttempts,
  });
  return { client, region: effectiveRegion };
}

/** Runs one call with a fresh client and always releases its sockets, so a program can exit promptly. */
export async function withProgramClient<T>(
  region: string | undefined,
  call: (client: KkmsClient, region: string) => Promise<T>,
): Promise<T> {
  const { client, region: effectiveRegion } = programClient(region);
  try {
    return await call(client, effectiveRegion);
  } finally {
    client.destroy();
  }
}
