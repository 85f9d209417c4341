import { LIMITS } from "../../../sdk/types";
import { sealCiphertext } from "../../storage/crypto";
import { base64Bytes } from "../parameterRules";
import { bindingOf, keyIdParameter, materialOf, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

/** Encrypt: 1–4096 bytes of base64 Plaintext under an Enabled key; the blob names the key. */
export const encrypt: ActionHandler = (context) => {
  const keyId = keyIdParameter(context);
  const plaintext = base64Bytes(context.parameters, "Plaintext", LIMITS.maxPlaintextBytes);
  const key = usableKey(context, "Encrypt", keyId);
  stopIfDryRun(context);
  const blob = sealCiphertext(materialOf(context, key), bindingOf(key), plaintext);
  return { CiphertextBlob: blob.toString("base64"), KeyId: key.keyId };
};
