import type * as dynamic from "@pulumi/pulumi/dynamic";
import { KEY_SPECS, LIMITS as SDK_LIMITS } from "../../sdk/types";
import { checkInputs, integerBetween, oneOf, regionName, text, type Rule } from "./inputRules";
import { clientFor, currentSettings } from "./providerContext";
import { blobDigestId, definedOnly, readWhileMasterKeyLives, replaceOnAnyChange } from "./stateOnlyResource";

type Props = Record<string, unknown>;

const DATA_KEY_RULES: Record<string, Rule> = {
  keyId: text("keyId", 1, 128),
  keySpec: oneOf("keySpec", KEY_SPECS),
  numberOfBytes: integerBetween("numberOfBytes", SDK_LIMITS.minNumberOfBytes, SDK_LIMITS.maxNumberOfBytes),
  region: regionName,
};

/** Every input decides the data key: any change means a new one. */
const DATA_KEY_INPUTS = ["keyId", "keySpec", "numberOfBytes", "region"] as const;

/**
 * A data key generated once (GenerateDataKey) and kept in state: stable across `up`s, replaced only when an
 * input changes. Its plaintext output is declared secret by the DataKey class (additionalSecretOutputs).
 */
export const dataKeyProvider = {
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const inputs = withDefaultKeySpec(news ?? {});
    return { inputs, failures: checkInputs(inputs, DATA_KEY_RULES, ["keyId"]) };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return replaceOnAnyChange(
      olds,
      { ...news, region: news.region ?? currentSettings().region },
      DATA_KEY_INPUTS,
    );
  },

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const { client, region } = clientFor(inputs.region as string | undefined);
    const generated = await client.generateDataKey({
      keyId: inputs.keyId as string,
      keySpec: inputs.keySpec as "AES128" | "AES256" | undefined,
      numberOfBytes: inputs.numberOfBytes as number | undefined,
    });
    const outs = {
      keyId: generated.keyId || inputs.keyId,
      keySpec: inputs.keySpec,
      numberOfBytes: inputs.numberOfBytes,
      region,
      plaintext: generated.plaintext.toString("base64"),
      ciphertextBlob: generated.ciphertextBlob,
    };
    return { id: blobDigestId("dk-", generated.ciphertextBlob), outs: definedOnly(outs) };
  },

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    return readWhileMasterKeyLives(id, props);
  },

  async delete(): Promise<void> {
    // Nothing to call: a data key exists only in state; forgetting it is deleting it.
  },
};

/** Without keySpec or numberOfBytes the service needs one: AES256, the SDK's default too. */
function withDefaultKeySpec(news: Props): Props {
  if (news.keySpec === undefined && news.numberOfBytes === undefined) return { ...news, keySpec: "AES256" };
  return news;
}
