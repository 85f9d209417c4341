import type { KkmsClient } from "../../sdk/client";
import type { KmsKey } from "../../sdk/types";

/** One key by id, in any state; undefined when the service does not know it (in this account and region). */
export async function describeKey(client: KkmsClient, keyId: string): Promise<KmsKey | undefined> {
  const { keys } = await client.describeKeys({ keyIds: [keyId] });
  return keys.find((k) => k.keyId === keyId);
}
