import { openCiphertext, readBlobKeyId } from "../../storage/crypto";
import { invalidCiphertext } from "../../errors";
import { base64Bytes } from "../parameterRules";
import { bindingOf, keyIdParameter, materialOf, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

/** Bodies are capped well below this; the bound only keeps the parameter rule explicit. */
const MAX_BLOB_BYTES = 1 << 20;

/**
 * Decrypt: the blob must have been made under this very key by its owner (the key id inside it and the
 * authenticated data say so) and be unaltered; anything else is InvalidCiphertext, never a 500.
 */
export const decrypt: ActionHandler = (context) => {
  const keyId = keyIdParameter(context);
  const blob = base64Bytes(context.parameters, "CiphertextBlob", MAX_BLOB_BYTES);
  const key = usableKey(context, "Decrypt", keyId);
  if (readBlobKeyId(blob) !== key.keyId) throw invalidCiphertext(keyId);
  const plaintext = openCiphertext(materialOf(context, key), bindingOf(key), blob);
  if (plaintext === undefined) throw invalidCiphertext(keyId);
  stopIfDryRun(context);
  return { Plaintext: plaintext.toString("base64"), KeyId: key.keyId };
};
