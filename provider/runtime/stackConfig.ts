import { DEFAULT_REGION, ENV } from "../../sdk/config";
import type { Credentials } from "../../sdk/signing/types";

/** The `kkms:` stack config keys the provider reads. */
export const CONFIG_KEYS = {
  region: "kkms:region",
  endpoint: "kkms:endpoint",
  accessKeyId: "kkms:accessKeyId",
  secretAccessKey: "kkms:secretAccessKey",
  maxAttempts: "kkms:maxAttempts",
} as const;

/** Attempts per API call the provider makes by default: throttling is expected when many keys change at once. */
export const DEFAULT_PROVIDER_MAX_ATTEMPTS = 10;

export type ConfigLookup = (key: string) => string | undefined;

export interface ProviderSettings {
  region: string;
  endpoint: string | undefined;
  credentials: Credentials | undefined;
  maxAttempts: number;
}

/**
 * Stack config first, then the environment Kingsoft's own tools use, then defaults. Both credential halves
 * come from the same place, so a config access key never pairs with an environment secret.
 */
export function resolveProviderSettings(config: ConfigLookup, env: NodeJS.ProcessEnv): ProviderSettings {
  const fromConfig = pair(config(CONFIG_KEYS.accessKeyId), config(CONFIG_KEYS.secretAccessKey));
  const fromEnv = pair(env[ENV.accessKeyId], env[ENV.secretAccessKey]);
  return {
    region: present(config(CONFIG_KEYS.region)) ?? present(env[ENV.region]) ?? DEFAULT_REGION,
    endpoint: present(config(CONFIG_KEYS.endpoint)) ?? present(env[ENV.endpoint]),
    credentials: fromConfig ?? fromEnv,
    maxAttempts: attempts(config(CONFIG_KEYS.maxAttempts)),
  };
}

/** Stack config values are strings; a bad one is an error naming the key, not a silent default. */
function attempts(value: string | undefined): number {
  if (present(value) === undefined) return DEFAULT_PROVIDER_MAX_ATTEMPTS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) {
    throw new Error(
      `${CONFIG_KEYS.maxAttempts} must be an integer from 1 to 50; got ${JSON.stringify(value)}.`,
    );
  }
  return n;
}

function pair(accessKeyId: string | undefined, secretAccessKey: string | undefined): Credentials | undefined {
  const id = present(accessKeyId);
  const secret = present(secretAccessKey);
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

function present(value: string | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
