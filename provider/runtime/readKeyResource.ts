import type { KkmsClient } from "../../sdk/client";
import { describeKey } from "./describeKey";
import { readManagedKey } from "./keyLifecycle";
import { toKeyOutputs, type KeyOutputs } from "./keyModel";
import { ResourceLookupError } from "./lookupError";

/** What a read found: the key's outputs, or nothing when a refreshed key is gone. */
export type KeyReadResult = { readonly id: string; readonly outputs: KeyOutputs } | undefined;

/**
 * A read is either a refresh (the state is the stored outputs, which always hold `keyId`; step.go
 * RefreshStep.Apply) or a `Key.get` (the state is the properties the program sent, step.go ReadStep.Apply,
 * and Key.get never sends `keyId`). A refreshed key that is gone or pending deletion is reported gone; a
 * looked-up key must exist, in any state.
 *
 * No inputs are returned: the host hands read only the state (sdk/nodejs/cmd/dynamic-provider/index.ts:277 at
 * v3.248.0), so inputs rebuilt from outputs would turn drift into declared values and lose the auto-name prefix;
 * without them the engine keeps the program's checked inputs (pkg/resource/deploy/step.go:1578-1582).
 */
export async function readKeyResource(
  client: KkmsClient,
  id: string,
  state: Record<string, unknown>,
  region: string,
): Promise<KeyReadResult> {
  const chargeType = typeof state.chargeType === "string" ? state.chargeType : "PostPaidByDay";
  if (state.keyId === undefined) {
    const key = await describeKey(client, id);
    if (!key) {
      throw new ResourceLookupError(
        `Key.get: the key ${id} was not found in region ${region}. A key of another region or account is ` +
          `not visible: give state.region for another region, and check the credentials.`,
      );
    }
    return { id, outputs: toKeyOutputs(key, chargeType, region) };
  }
  const key = await readManagedKey(client, id);
  return key ? { id, outputs: toKeyOutputs(key, chargeType, region) } : undefined;
}
