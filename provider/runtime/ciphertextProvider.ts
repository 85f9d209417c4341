import { LIMITS as SDK_LIMITS } from "../../sdk/types";
import { keyIdText, regionName, show, type Rule } from "./inputRules";
import { stateOnlyProvider } from "./stateOnlyResource";

/** The plaintext's rule never echoes it: a reason may be printed. */
const plaintextRule: Rule = (value) => {
  if (typeof value !== "string")
    return `plaintext must be a string; got ${show(typeof value === "object" ? value : typeof value)}.`;
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes < 1 || bytes > SDK_LIMITS.maxPlaintextBytes) {
    return `plaintext must be 1 to ${SDK_LIMITS.maxPlaintextBytes} bytes of UTF-8 text; got ${bytes} bytes.`;
  }
  return undefined;
};

/**
 * A plaintext encrypted once (Encrypt) and kept: the blob is stable across `up`s and replaced only when an
 * input changes. The plaintext is kept as a secret output so that a change can be detected.
 */
export const ciphertextProvider = stateOnlyProvider({
  inputs: ["keyId", "plaintext", "region"],
  required: ["keyId", "plaintext"],
  rules: { keyId: keyIdText("keyId"), plaintext: plaintextRule, region: regionName },
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
