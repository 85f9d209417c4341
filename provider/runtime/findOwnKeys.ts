import type { KkmsClient } from "../../sdk/client";
import type { KmsKey } from "../../sdk/types";

/**
 * What tells the keys one create may have made from every other key: an auto-generated name (unique by
 * construction), or, for a given name, the creation marks of its attempts. Never the name alone, nor the time.
 */
export type CreateIdentity =
  | { readonly keyName: string; readonly by: "uniqueName" }
  | { readonly keyName: string; readonly by: "marks"; readonly marks: readonly string[] };

/** After a CreateKey whose outcome is unknown: the live keys that carry this create's identity. */
export async function findOwnKeys(client: KkmsClient, identity: CreateIdentity): Promise<KmsKey[]> {
  const { keys } = await client.describeKeys();
  return keys.filter(
    (key) =>
      key.keyName === identity.keyName &&
      key.keyState !== "PendingDeletion" &&
      (identity.by === "uniqueName" || identity.marks.includes(key.description)),
  );
}

/** How a person finds those keys: the same rule, as `kkms.getKeys` arguments. */
export function describeIdentity(identity: CreateIdentity): string {
  const name = `nameRegex: ${JSON.stringify(`^${escapeRegex(identity.keyName)}$`)}`;
  if (identity.by === "uniqueName") return `getKeys({ ${name} })`;
  const marks = JSON.stringify(`^(${identity.marks.map(escapeRegex).join("|")})$`);
  return `getKeys({ ${name}, descriptionRegex: ${marks} })`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
