import { KkmsClient } from "../../sdk/client";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";

/** Someone changes the archive key by hand, outside Pulumi: a refresh must notice. */
export async function describeArchiveKeyByHand(endpoint: string, keyId: string): Promise<void> {
  const client = new KkmsClient({ endpoint, region: "cn-beijing-6", credentials: DEVELOPMENT_ACCOUNT });
  try {
    await client.modifyKey({ keyId, description: "changed by hand, outside Pulumi" });
  } finally {
    client.destroy();
  }
}
