/**
 * A `.get` (ReadResource) that cannot read what it names. Thrown, never answered as "gone": the engine's read
 * step takes any answer with properties as the resource (step.go ReadStep.Apply fails only on no outputs, and
 * the host always adds `__provider`), so a missing key would otherwise become a resource without fields.
 */
export class ResourceLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResourceLookupError";
  }
}
