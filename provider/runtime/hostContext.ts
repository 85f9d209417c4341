import { ProviderContext } from "./providerContext";
import { stackConfigValues, type ConfigLookup } from "./stackConfig";

/**
 * The dynamic-provider host's context. The host configures each provider it loads with the one stack config it
 * was given (sdk/nodejs/cmd/dynamic-provider/index.ts:69-81 at v3.248.0), and the serialized shims' methods carry
 * no context (their text cannot change), so they use the one last configured here. Only this front end keeps one.
 */
let configured: ProviderContext | undefined;

/** Synchronous on purpose: the host caches the provider before awaiting configure (DESIGN.md). */
export function configureHost(lookup: ConfigLookup): void {
  configured = new ProviderContext(stackConfigValues(lookup), "stackConfig");
}

/** Before any configure (a shim without one), the environment fallbacks. */
export function hostContext(): ProviderContext {
  configured ??= new ProviderContext();
  return configured;
}
