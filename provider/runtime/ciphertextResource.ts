import { keyIdText, plaintextText, regionName } from "./inputRules";
import { stateOnlyResource } from "./stateOnlyResource";

/**
 * A plaintext encrypted once (Encrypt) and kept: the blob is stable across `up`s and replaced only when an
 * input changes. The plaintext is kept as a secret output so that a change can be detected.
 */
export const ciphertextResource = stateOnlyResource({
  inputs: ["keyId", "plaintext", "region"],
  required: ["keyId", "plaintext"],
  rules: { keyId: keyIdText("keyId"), plaintext: plaintextText("plaintext"), region: regionName },
  kind: "Ciphertext",
  plaintextEncoding: "utf8",
  idPrefix: "ct-",
  async make(client, inputs) {
    const plaintext = inputs.plaintext as string;
    const encrypted = await client.encrypt({
      keyId: inputs.keyId as string,
      plaintext: Buffer.from(plaintext, "utf8"),
    });
    const outs = {
      keyId: encrypted.keyId || inputs.keyId,
      plaintext,
      ciphertextBlob: encrypted.ciphertextBlob,
    };
    return { outs, ciphertextBlob: encrypted.ciphertextBlob };
  },
});
