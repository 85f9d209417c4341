/**
 * The value the engine sends for an input that is not known yet (preview of a program whose inputs depend on
 * resources still to be created). Defined by @pulumi/pulumi's runtime/rpc.js `unknownValue`.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when any of the named inputs is unknown: such inputs cannot be validated or compared yet. */
export function anyUnknown(inputs: Record<string, unknown>, names: readonly string[]): boolean {
  return names.some((name) => isUnknown(inputs[name]));
}
