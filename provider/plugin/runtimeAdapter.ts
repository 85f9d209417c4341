import { FUNCTION_CORES, type FunctionName } from "../functions/functionCores";
import { InvalidArgumentsError } from "../functions/argumentCheck";
import { KeyNotFoundError } from "../functions/getKey";
import { ciphertextResource } from "../runtime/ciphertextResource";
import { dataKeyResource } from "../runtime/dataKeyResource";
import { definedOnly } from "../runtime/definedOnly";
import { keyResource } from "../runtime/keyResource";
import { UPDATABLE_KEY_INPUTS } from "../runtime/keyModel";
import { PartialFailureError } from "../runtime/partialFailure";
import { ProviderContext } from "../runtime/providerContext";
import type { ResourceCore } from "../runtime/resourceCore";
import {
  CONFIG_NAMES,
  configFailures,
  configKeyName,
  namespacedKeyName,
  type ConfigName,
  type ConfigSource,
  type ConfigValues,
} from "../runtime/stackConfig";
import { isUnknown, UNKNOWN } from "../runtime/unknowns";

/**
 * The native plugin's one link to the runtime the dynamic provider runs: the core of each resource kind
 * (provider/runtime) and each function (provider/functions), called with the calling provider's own
 * ProviderContext. Nothing is wrapped or copied here: every rule and lifecycle step is the core's.
 */

export {
  UNKNOWN,
  isUnknown,
  CONFIG_NAMES,
  configFailures,
  configKeyName,
  namespacedKeyName,
  definedOnly,
  ProviderContext,
  UPDATABLE_KEY_INPUTS,
};
export { FUNCTION_CORES, InvalidArgumentsError };
export type { ConfigName, ConfigSource, ConfigValues, FunctionName, ResourceCore };

type Props = Record<string, unknown>;

export type ResourceKind = "Key" | "DataKey" | "Ciphertext";

export const RESOURCE_CORES: Record<ResourceKind, ResourceCore> = {
  Key: keyResource,
  DataKey: dataKeyResource,
  Ciphertext: ciphertextResource,
};

/** A failure after the resource came to exist: its id and outputs, for the engine's ErrorResourceInitFailed. */
export function partialFailureOf(
  err: unknown,
): { id: string; properties: Props; reasons: string[] } | undefined {
  if (!(err instanceof PartialFailureError)) return undefined;
  return { id: err.id, properties: err.properties, reasons: err.reasons };
}

/** A looked-up key that does not exist, told apart from faults. */
export function isNotFoundError(err: unknown): boolean {
  return err instanceof KeyNotFoundError;
}
