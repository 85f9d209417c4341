import { KEY_SPECS, LIMITS as SDK_LIMITS } from "../../sdk/types";
import { integerBetween, keyIdText, oneOf, regionName } from "./inputRules";
import { stateOnlyResource } from "./stateOnlyResource";

type Props = Record<string, unknown>;

/**
 * A data key generated once (GenerateDataKey) and kept in state: stable across `up`s, replaced only when an
 * input changes. Its plaintext output is declared secret by the DataKey class (additionalSecretOutputs) and by
 * the native schema.
 */
export const dataKeyResource = stateOnlyResource({
  inputs: ["keyId", "keySpec", "numberOfBytes", "region"],
  required: ["keyId"],
  rules: {
    keyId: keyIdText("keyId"),
    keySpec: oneOf("keySpec", KEY_SPECS),
    numberOfBytes: integerBetween("numberOfBytes", SDK_LIMITS.minNumberOfBytes, SDK_LIMITS.maxNumberOfBytes),
    region: regionName,
  },
  withDefaults: withDefaultKeySpec,
  kind: "DataKey",
  plaintextEncoding: "base64",
  idPrefix: "dk-",
  async make(client, inputs) {
    const generated = await client.generateDataKey({
      keyId: inputs.keyId as string,
      keySpec: inputs.keySpec as "AES128" | "AES256" | undefined,
      numberOfBytes: inputs.numberOfBytes as number | undefined,
    });
    const outs = {
      keyId: generated.keyId || inputs.keyId,
      keySpec: inputs.keySpec,
      numberOfBytes: inputs.numberOfBytes,
      plaintext: generated.plaintext.toString("base64"),
      ciphertextBlob: generated.ciphertextBlob,
    };
    return { outs, ciphertextBlob: generated.ciphertextBlob };
  },
});

/** Without keySpec or numberOfBytes the service needs one: AES256, the SDK's default too. */
function withDefaultKeySpec(news: Props): Props {
  if (news.keySpec === undefined && news.numberOfBytes === undefined) return { ...news, keySpec: "AES256" };
  return news;
}
