/**
 * A failure after the resource came to exist. The provider host turns `id` and `properties` into the engine's
 * ErrorResourceInitFailed, so the engine records the resource instead of orphaning it; the next `up` finishes.
 */
export class PartialFailureError extends Error {
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${reason} (the key ${id} exists; the next update will finish the change)`, { cause });
    this.name = "PartialFailureError";
    this.reasons = [reason];
  }
}

/**
 * The host records a partial failure's `properties` as the resource's whole state, and later refreshes and
 * destroys load the provider from that state's `__provider`: keep it there.
 */
export function keepProviderText(err: unknown, providerText: unknown): never {
  if (err instanceof PartialFailureError && typeof providerText === "string")
    err.properties.__provider = providerText;
  throw err;
}
