import { packageVersion } from "../plugin/packageVersion";

/** The environment fallback the provider itself applies (first set variable wins). */
export function getEnv(...vars: string[]): string | undefined {
  for (const name of vars) {
    const value = process.env[name];
    if (value) return value;
  }
  return undefined;
}

/** The plugin version the engine must load for resources of this SDK: the package's own. */
export function getVersion(): string {
  return packageVersion();
}

/** @internal Options every resource and invoke of this SDK starts from. */
export function resourceOptsDefaults(): { version: string } {
  return { version: getVersion() };
}
