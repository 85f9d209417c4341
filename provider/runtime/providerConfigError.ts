import type { CheckFailure } from "./inputRules";

/** A provider configuration that cannot be used: each failure names the key as the caller knows it and its rule. */
export class ProviderConfigError extends Error {
  constructor(readonly failures: readonly CheckFailure[]) {
    super(failures.map((f) => f.reason).join(" "));
    this.name = "ProviderConfigError";
  }
}
