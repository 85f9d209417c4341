import { resolveClientConfig } from "../../sdk/config";
import { CONFIG_KEYS, regionName, resolveSettings, type ConfigLookup } from "./runtimeAdapter";
import { isUnknownValue, type Props } from "./wireValues";

/**
 * The provider's configuration: the `kkms:` stack config for the default provider, or a `kkms.Provider`'s
 * inputs. The engine sends the names without the namespace (`region`), and may add `version`
 * (pkg/resource/deploy/providers/registry.go at v3.248.0, versionKey).
 */
export const CONFIG_NAMES = Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[];
const ENGINE_KEYS = new Set(["version"]);

export interface ConfigFailure {
  property: string;
  reason: string;
}

/** Config values as the runtime reads them: strings (a typed SDK sends maxAttempts as a number or its JSON). */
export function configLookup(config: Props): ConfigLookup {
  const values = new Map<string, string>();
  for (const name of CONFIG_NAMES) {
    const value = config[name];
    if (typeof value === "string") values.set(CONFIG_KEYS[name], value);
    else if (typeof value === "number" || typeof value === "boolean")
      values.set(CONFIG_KEYS[name], String(value));
  }
  return (key) => values.get(key);
}

/**
 * One failure per bad key, each naming the key and its rule. The rules are the runtime's and the SDK's own:
 * the region name rule, the settings resolver (maxAttempts), the client's endpoint rule. Unknown values
 * (a preview whose config depends on another resource) are checked later.
 */
export function checkProviderConfig(config: Props): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const known = (name: string) =>
    config[name] !== undefined && config[name] !== null && !isUnknownValue(config[name]);
  for (const name of Object.keys(config)) {
    if (!ENGINE_KEYS.has(name) && !(CONFIG_NAMES as string[]).includes(name))
      failures.push({
        property: name,
        reason: `${name} is not a kkms configuration key; the keys are ${CONFIG_NAMES.join(", ")}.`,
      });
  }
  for (const name of CONFIG_NAMES) {
    if (
      known(name) &&
      !["string", ...(name === "maxAttempts" ? ["number"] : [])].includes(typeof config[name])
    )
      failures.push({ property: name, reason: `${name} must be a string; got ${typeof config[name]}.` });
  }
  if (failures.length > 0) return failures;
  const lookup = configLookup(config);
  if (known("region")) {
    const reason = regionName(config.region);
    if (reason) failures.push({ property: "region", reason });
  }
  if (known("endpoint")) {
    const reason = errorMessage(() =>
      resolveClientConfig({ endpoint: String(config.endpoint), region: "x" }),
    );
    if (reason) failures.push({ property: "endpoint", reason });
  }
  if (known("maxAttempts")) {
    const reason = errorMessage(() => resolveSettings(lookup, {}));
    if (reason) failures.push({ property: "maxAttempts", reason });
  }
  failures.push(...credentialPairFailures(config, known));
  return failures;
}

/**
 * The runtime never pairs a config access key with an environment secret (stackConfig.ts): given alone, a
 * half would be silently ignored. Say so instead.
 */
function credentialPairFailures(config: Props, known: (name: string) => boolean): ConfigFailure[] {
  const given = (name: string) => known(name) && String(config[name]).trim() !== "";
  if (given("accessKeyId") === given("secretAccessKey")) return [];
  const missing = given("accessKeyId") ? "secretAccessKey" : "accessKeyId";
  const present = missing === "accessKeyId" ? "secretAccessKey" : "accessKeyId";
  return [
    {
      property: missing,
      reason: `${missing} is required when ${present} is set: both halves of the credential come from the configuration, or both from the environment (KSYUN_ACCESS_KEY, KSYUN_SECRET_KEY).`,
    },
  ];
}

function errorMessage(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export interface ConfigDiff {
  changed: string[];
  added: string[];
  deleted: string[];
}

/**
 * Which keys differ between the provider's old config and the new one. None replaces the provider: every
 * resource keeps its own region and id in its state, so a provider with a new endpoint, credential or default
 * region still manages the old resources; a key that follows the default region is replaced by its own Diff.
 */
export function diffProviderConfig(olds: Props, news: Props): ConfigDiff {
  const result: ConfigDiff = { changed: [], added: [], deleted: [] };
  for (const name of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    const before = olds[name];
    const after = news[name];
    if (before === undefined && after !== undefined) result.added.push(name);
    else if (before !== undefined && after === undefined) result.deleted.push(name);
    else if (isUnknownValue(after) || String(before) !== String(after)) result.changed.push(name);
  }
  return result;
}
