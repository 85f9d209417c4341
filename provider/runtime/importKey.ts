import type { KkmsClient } from "../../sdk/client";
import { describeKey } from "./describeKey";
import { KEY_DEFAULTS, toKeyOutputs, type KeyOutputs } from "./keyModel";
import { unmanageableReason } from "./unmanageableReason";

/** An imported key: its outputs, and inputs that declare it exactly as it is. */
export interface ImportedKey {
  outputs: KeyOutputs;
  inputs: Record<string, unknown>;
}

/** A key the engine was asked to import that cannot be managed: nothing was recorded. */
export class KeyImportError extends Error {
  constructor(keyId: string, reason: string) {
    super(`import: the key ${keyId} ${reason}`);
    this.name = "KeyImportError";
  }
}

/**
 * The engine's import (`pulumi import`, the `import` resource option) reads with the id alone
 * (pkg/resource/deploy/step.go:1863-1871 at v3.248.0): one DescribeKeys. The key must be manageable, as for
 * adoption. The inputs leave `region` out — check fills in the provider's, where the key was read — so a program
 * that declares the key as it is diffs as unchanged on the next `up`. Undefined when the key does not exist: the
 * engine then fails the import with "resource '<id>' does not exist" (step.go:1884-1890).
 */
export async function importKey(
  client: KkmsClient,
  keyId: string,
  region: string,
): Promise<ImportedKey | undefined> {
  const key = await describeKey(client, keyId);
  if (!key) return undefined;
  const refusal = unmanageableReason(key);
  if (refusal) throw new KeyImportError(keyId, refusal);
  const outputs = toKeyOutputs(key, KEY_DEFAULTS.chargeType, region);
  const { keyName, description, keyState, keyUsage, origin, chargeType } = outputs;
  return { outputs, inputs: { keyName, description, keyState, keyUsage, origin, chargeType } };
}
