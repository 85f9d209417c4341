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
