import { DEFAULT_REGION, endpointProblem, ENV } from "../../sdk/config";
import type { Credentials } from "../../sdk/signing/types";
import { regionNameRule, type CheckFailure } from "./inputRules";
import { ProviderConfigError } from "./providerConfigError";

/** The stack config namespace of the provider's settings, as in `kkms:region`. */
export const CONFIG_NAMESPACE = "kkms";

/** The `kkms:` stack config keys the provider reads, by the name a provider's inputs give them. */
export const CONFIG_KEYS = {
  region: `${CONFIG_NAMESPACE}:region`,
  endpoint: `${CONFIG_NAMESPACE}:endpoint`,
  accessKeyId: `${CONFIG_NAMESPACE}:accessKeyId`,
  secretAccessKey: `${CONFIG_NAMESPACE}:secretAccessKey`,
  maxAttempts: `${CONFIG_NAMESPACE}:maxAttempts`,
} as const;

export type ConfigName = keyof typeof CONFIG_KEYS;
export const CONFIG_NAMES = Object.keys(CONFIG_KEYS) as ConfigName[];

/**
 * The environment variable each setting falls back to when its `kkms:` key is absent (the names Kingsoft's own
 * tools use); `maxAttempts` has none.
 */
export const ENV_FALLBACKS: Readonly<Partial<Record<ConfigName, string>>> = {
  region: ENV.region,
  endpoint: ENV.endpoint,
  accessKeyId: ENV.accessKeyId,
  secretAccessKey: ENV.secretAccessKey,
};

/** Attempts per API call the provider makes by default: throttling is expected when many keys change at once. */
export const DEFAULT_PROVIDER_MAX_ATTEMPTS = 10;
const MAX_ATTEMPTS_LIMIT = 50;

export type ConfigLookup = (key: string) => string | undefined;

/** A provider's configuration as text, by name (`region`); absent or blank means "not configured". */
export type ConfigValues = Partial<Record<ConfigName, string>>;

/**
 * Where the values came from, which is how messages name a key: `kkms:maxAttempts` for stack config (the dynamic
 * provider, the functions, the native plugin's default provider), `maxAttempts` for an explicit native provider's
 * inputs.
 */
export type ConfigSource = "stackConfig" | "providerInputs";

export interface ProviderSettings {
  region: string;
  endpoint: string | undefined;
  credentials: Credentials | undefined;
  maxAttempts: number;
}

export function configKeyName(name: ConfigName, source: ConfigSource): string {
  return source === "stackConfig" ? CONFIG_KEYS[name] : name;
}

/** Any key, known or not, named as the user wrote it: `kkms:regoin` in stack config, `regoin` in inputs. */
export function namespacedKeyName(name: string, source: ConfigSource): string {
  return source === "stackConfig" ? `${CONFIG_NAMESPACE}:${name}` : name;
}

/** The values of a stack config read through `lookup` (keys like `kkms:region`). */
export function stackConfigValues(lookup: ConfigLookup): ConfigValues {
  const values: ConfigValues = {};
  for (const name of CONFIG_NAMES) {
    const value = lookup(CONFIG_KEYS[name]);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * One failure per bad key (`property` is its name), each naming the key as the caller knows it and its rule:
 * the region name, the endpoint URL, maxAttempts 1–50, and both credential halves given together — a config
 * access key never pairs with an environment secret, so half a pair would otherwise be silently ignored.
 * Values not known yet (`unknown`, in a preview) are judged later.
 */
export function configFailures(
  values: ConfigValues,
  source: ConfigSource,
  unknown: ReadonlySet<ConfigName> = new Set(),
): CheckFailure[] {
  const key = (name: ConfigName) => configKeyName(name, source);
  const given = (name: ConfigName) => !unknown.has(name) && present(values[name]) !== undefined;
  const failures: CheckFailure[] = [];
  const judge = (name: ConfigName, reason: string | undefined) => {
    if (given(name) && reason) failures.push({ property: name, reason });
  };
  judge("region", regionNameRule(key("region"))(present(values.region)));
  judge("endpoint", endpointProblem(present(values.endpoint) ?? "", key("endpoint")));
  judge("maxAttempts", maxAttemptsProblem(present(values.maxAttempts) ?? "", key("maxAttempts")));
  const halves = ["accessKeyId", "secretAccessKey"] as const;
  const missing = halves.find((name) => !given(name) && !unknown.has(name));
  const other = halves.find((name) => name !== missing);
  if (missing && other && given(other))
    failures.push({
      property: missing,
      reason:
        `${key(missing)} is required when ${key(other)} is set: both halves of the credential come from the ` +
        `configuration, or both from the environment (${ENV.accessKeyId}, ${ENV.secretAccessKey}).`,
    });
  return failures;
}

/**
 * What a `kkms.config` getter answers for a text setting: the `kkms:` key as configured, else its environment
 * fallback (ENV_FALLBACKS); blank counts as absent, as it does for the provider. No default is applied: an
 * unset region is `undefined` here, and the provider then uses "cn-beijing-6".
 */
export function configuredText(
  name: ConfigName,
  lookup: ConfigLookup,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const fallback = ENV_FALLBACKS[name];
  return present(lookup(CONFIG_KEYS[name])) ?? (fallback === undefined ? undefined : present(env[fallback]));
}

/** `kkms:maxAttempts` as a number, checked by the provider's own rule (1–50): a ProviderConfigError otherwise. */
export function configuredMaxAttempts(lookup: ConfigLookup): number | undefined {
  const text = present(lookup(CONFIG_KEYS.maxAttempts));
  if (text === undefined) return undefined;
  const failures = configFailures({ maxAttempts: text }, "stackConfig");
  if (failures.length > 0) throw new ProviderConfigError(failures);
  return Number(text);
}

/**
 * The configuration first, then the environment Kingsoft's own tools use, then defaults. Bad values — in the
 * configuration or the environment — are an error naming each key, never a silent default.
 */
export function resolveProviderSettings(
  values: ConfigValues,
  source: ConfigSource,
  env: NodeJS.ProcessEnv,
): ProviderSettings {
  const failures = [...configFailures(values, source), ...environmentFailures(values, env)];
  if (failures.length > 0) throw new ProviderConfigError(failures);
  const fromConfig = pair(values.accessKeyId, values.secretAccessKey);
  const maxAttempts = present(values.maxAttempts);
  return {
    region: present(values.region) ?? present(env[ENV.region]) ?? DEFAULT_REGION,
    endpoint: present(values.endpoint) ?? present(env[ENV.endpoint]),
    credentials: fromConfig ?? pair(env[ENV.accessKeyId], env[ENV.secretAccessKey]),
    maxAttempts: maxAttempts === undefined ? DEFAULT_PROVIDER_MAX_ATTEMPTS : Number(maxAttempts),
  };
}

/** An environment fallback that is used must be valid too: the error names the variable. */
function environmentFailures(values: ConfigValues, env: NodeJS.ProcessEnv): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const region = present(env[ENV.region]);
  if (present(values.region) === undefined && region !== undefined) {
    const reason = regionNameRule(ENV.region)(region);
    if (reason) failures.push({ property: "region", reason });
  }
  const endpoint = present(env[ENV.endpoint]);
  if (present(values.endpoint) === undefined && endpoint !== undefined) {
    const reason = endpointProblem(endpoint, ENV.endpoint);
    if (reason) failures.push({ property: "endpoint", reason });
  }
  return failures;
}

function maxAttemptsProblem(value: string, key: string): string | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_ATTEMPTS_LIMIT
    ? undefined
    : `${key} must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}; got ${JSON.stringify(value)}.`;
}

function pair(accessKeyId: string | undefined, secretAccessKey: string | undefined): Credentials | undefined {
  const id = present(accessKeyId);
  const secret = present(secretAccessKey);
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

function present(value: string | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
