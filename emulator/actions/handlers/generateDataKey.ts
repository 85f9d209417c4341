import { randomBytes } from "crypto";
import { KEY_SPECS, LIMITS, type KeySpec } from "../../../sdk/types";
import { sealCiphertext } from "../../storage/crypto";
import { missingParameter } from "../../errors";
import { optionalChoice, optionalInteger } from "../parameterRules";
import type { RequestParameters } from "../../http/requestParameters";
import { bindingOf, keyIdParameter, materialOf, stopIfDryRun, usableKey } from "./common";
import type { ActionHandler } from "./context";

const KEY_SPEC_BYTES: Readonly<Record<KeySpec, number>> = { AES128: 16, AES256: 32 };

/**
 * GenerateDataKey: a random data key, in clear and as an ordinary Encrypt blob under the master key (so
 * Decrypt of the blob returns it).
 */
export const generateDataKey: ActionHandler = (context) => {
  const keyId = keyIdParameter(context);
  const length = dataKeyLength(context.parameters);
  const key = usableKey(context, "GenerateDataKey", keyId);
  stopIfDryRun(context);
  const dataKey = randomBytes(length);
  const blob = sealCiphertext(materialOf(context, key), bindingOf(key), dataKey);
  const plaintext = dataKey.toString("base64");
  // The seed's element list says Plaintext, its sample answers Plantext: send both, so a client written from
  // either works here as it would against the service.
  return {
    KeyId: key.keyId,
    Plaintext: plaintext,
    Plantext: plaintext,
    CiphertextBlob: blob.toString("base64"),
  };
};

/**
 * KeySpec decides when both are given: the seed's sample asks AES128 with NumberOfBytes=64 and gets 16 bytes.
 * NumberOfBytes is still checked when sent.
 */
export function dataKeyLength(parameters: RequestParameters): number {
  const keySpec = optionalChoice(parameters, "KeySpec", KEY_SPECS);
  const numberOfBytes = optionalInteger(parameters, "NumberOfBytes", {
    min: LIMITS.minNumberOfBytes,
    max: LIMITS.maxNumberOfBytes,
  });
  if (keySpec !== undefined) return KEY_SPEC_BYTES[keySpec];
  if (numberOfBytes !== undefined) return numberOfBytes;
  throw missingParameter("KeySpec");
}
