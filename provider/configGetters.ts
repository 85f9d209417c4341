import * as pulumi from "@pulumi/pulumi";
import { configuredMaxAttempts, configuredText, type ConfigName } from "./runtime/stackConfig";

/**
 * Defines the `config` getters of a module (`kkms.config`, `pulumi-kkms/native`'s `config`) on its exports, as
 * codegen'd SDKs do: each reads the `kkms:` stack config when accessed, with the provider's environment
 * fallbacks (stackConfig.ts). `secretAccessKey` is handed to `wrapSecret` (a secret Output, or the text).
 */
export function defineConfigGetters(exportsObject: object, wrapSecret: (value: string) => unknown): void {
  // The raw value: `pulumi.Config.get` would warn that a secret is read as plain text.
  const lookup = (key: string) => pulumi.runtime.getConfig(key);
  const text = (name: ConfigName) => configuredText(name, lookup, process.env);
  const getters: Record<string, () => unknown> = {
    region: () => text("region"),
    endpoint: () => text("endpoint"),
    accessKeyId: () => text("accessKeyId"),
    secretAccessKey: () => {
      const value = text("secretAccessKey");
      return value === undefined ? undefined : wrapSecret(value);
    },
    maxAttempts: () => configuredMaxAttempts(lookup),
  };
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(exportsObject, name, { get, enumerable: true });
  }
}
