import { createHash } from "crypto";
import { KkmsClient } from "../../sdk/client";
import { resolveProviderSettings, type ConfigLookup, type ProviderSettings } from "./stackConfig";

/**
 * What every provider method needs: the settings resolved from the stack config handed to `configure` (or the
 * environment), and clients built from them. Lives only in the provider host's memory — never serialized.
 */
let configLookup: ConfigLookup = () => undefined;
const clients = new Map<string, KkmsClient>();

/**
 * Throttling is expected when many resources change at once: keep trying at a steady pace (at most 1 s
 * apart) for longer than for other failures.
 */
const THROTTLED_ATTEMPTS = 30;
const PROVIDER_BACKOFF = { baseDelayMs: 200, maxDelayMs: 5_000, throttledMaxDelayMs: 1_000 };

/** Synchronous on purpose: the host caches the provider before awaiting configure (DESIGN.md). */
export function setStackConfig(lookup: ConfigLookup): void {
  configLookup = lookup;
  clients.clear();
}

export function currentSettings(env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  return resolveProviderSettings(configLookup, env);
}

/** A client for the region a resource lives in (its own `region` input, else the configured one). */
export function clientFor(region: string | undefined): { client: KkmsClient; region: string } {
  const settings = currentSettings();
  const effectiveRegion = region ?? settings.region;
  const cacheKey = [
    effectiveRegion,
    settings.endpoint,
    settings.maxAttempts,
    settings.credentials?.accessKeyId,
    digest(settings.credentials?.secretAccessKey),
  ].join("|");
  let client = clients.get(cacheKey);
  if (!client) {
    client = new KkmsClient({
      maxAttempts: settings.maxAttempts,
      retry: {
        ...PROVIDER_BACKOFF,
        maxThrottledAttempts: Math.max(settings.maxAttempts, THROTTLED_ATTEMPTS),
      },
      region: effectiveRegion,
      endpoint: settings.endpoint,
      credentials: settings.credentials,
    });
    clients.set(cacheKey, client);
  }
  return { client, region: effectiveRegion };
}

function digest(secret: string | undefined): string {
  return secret === undefined ? "" : createHash("sha256").update(secret).digest("hex");
}
