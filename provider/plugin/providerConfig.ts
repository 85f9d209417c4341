import {
  CONFIG_NAMES,
  configFailures,
  configKeyName,
  namespacedKeyName,
  type ConfigName,
  type ConfigSource,
  type ConfigValues,
} from "./runtimeAdapter";
import { isUnknownValue, type Props } from "./wireValues";

/**
 * The provider's configuration: the `kkms:` stack config for the default provider, or a `kkms.Provider`'s
 * inputs. The engine sends the names without the namespace (`region`), and may add `version`
 * (pkg/resource/deploy/providers/registry.go at v3.248.0, versionKey). The rules of each key are the runtime's
 * (provider/runtime/stackConfig.ts); what is checked here is only what the wire adds: unknown keys and types.
 */
const ENGINE_KEYS = new Set(["version"]);

export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * How messages name a key: a default provider — the engine names it `default` or `default_<version>`
 * (pkg/resource/deploy/providers/provider.go:106-139 at v3.248.0) — is configured from stack config, where the
 * user wrote `kkms:maxAttempts`; an explicit provider from its inputs, where they wrote `maxAttempts`.
 */
export function configSource(providerName: string): ConfigSource {
  return providerName === "" || providerName === "default" || providerName.startsWith("default_")
    ? "stackConfig"
    : "providerInputs";
}

/** The provider's name from a request's `name`, else the last part of its URN. */
export function providerName(request: {
  getName?(): string | undefined;
  getUrn?(): string | undefined;
}): string {
  return request.getName?.() || (request.getUrn?.() ?? "").split("::").pop() || "";
}

/** Config values as the runtime reads them: text (a typed SDK sends maxAttempts as a number). */
export function configValues(config: Props): ConfigValues {
  const values: ConfigValues = {};
  for (const name of CONFIG_NAMES) {
    const value = config[name];
    if (isUnknownValue(value)) continue;
    if (typeof value === "string") values[name] = value;
    else if (typeof value === "number" || typeof value === "boolean") values[name] = String(value);
  }
  return values;
}

/**
 * One failure per bad key, each naming the key as the user wrote it and its rule: an unknown key, a value of the
 * wrong type, then the rule failures of the well-typed known keys (a key that failed its type is not judged
 * again). Unknown values (a preview whose config depends on another resource) are judged later, at Configure.
 */
export function checkProviderConfig(config: Props, source: ConfigSource): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  for (const name of Object.keys(config)) {
    if (!ENGINE_KEYS.has(name) && !isConfigName(name))
      failures.push({
        property: name,
        reason: `${namespacedKeyName(name, source)} is not a kkms configuration key; the keys are ${CONFIG_NAMES.join(", ")}.`,
      });
  }
  const unknown = new Set<ConfigName>(CONFIG_NAMES.filter((name) => isUnknownValue(config[name])));
  // Keys already failed (or not known yet) are left out of the rules, so each bad key fails once.
  const notJudged = new Set<ConfigName>(unknown);
  for (const name of CONFIG_NAMES) {
    const value = config[name];
    const allowed = name === "maxAttempts" ? ["string", "number"] : ["string"];
    if (value === undefined || value === null || unknown.has(name) || allowed.includes(typeof value))
      continue;
    notJudged.add(name);
    const expected = name === "maxAttempts" ? "a string or an integer" : "a string";
    failures.push({
      property: name,
      reason: `${configKeyName(name, source)} must be ${expected}; got ${typeof value}.`,
    });
  }
  return [...failures, ...configFailures(configValues(config), source, notJudged)];
}

function isConfigName(name: string): name is ConfigName {
  return (CONFIG_NAMES as string[]).includes(name);
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
