import { KkmsClient } from "../../sdk/client";
import {
  resolveProviderSettings,
  type ConfigSource,
  type ConfigValues,
  type ProviderSettings,
} from "./stackConfig";

/**
 * Throttling is expected when many resources change at once: keep trying at a steady pace (at most 1 s
 * apart) for longer than for other failures.
 */
const THROTTLED_ATTEMPTS = 30;
const PROVIDER_BACKOFF = { baseDelayMs: 200, maxDelayMs: 5_000, throttledMaxDelayMs: 1_000 };

/**
 * What every provider method needs: one provider's settings and the clients built from them. Each front end
 * makes one per configured provider (the dynamic host's configure, each native provider's Configure) and passes
 * it to every call, so several providers in one process never see each other's. Lives only in memory — never
 * serialized.
 */
export class ProviderContext {
  private resolved: ProviderSettings | undefined;
  private readonly clients = new Map<string, KkmsClient>();

  constructor(
    private readonly values: ConfigValues = {},
    private readonly source: ConfigSource = "stackConfig",
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Resolved on first use; a bad configuration throws, naming each key, on every use. */
  settings(): ProviderSettings {
    this.resolved ??= resolveProviderSettings(this.values, this.source, this.env);
    return this.resolved;
  }

  /** A client for the region a resource lives in (its own `region` input, else the configured one). */
  clientFor(region: string | undefined): { client: KkmsClient; region: string } {
    const settings = this.settings();
    const effectiveRegion = region ?? settings.region;
    let client = this.clients.get(effectiveRegion);
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
        env: this.env,
      });
      this.clients.set(effectiveRegion, client);
    }
    return { client, region: effectiveRegion };
  }

  /** Releases every client's sockets; calls still running on them fail. */
  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
