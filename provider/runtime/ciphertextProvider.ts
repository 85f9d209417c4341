import type * as dynamic from "@pulumi/pulumi/dynamic";
import { LIMITS as SDK_LIMITS } from "../../sdk/types";
import { checkInputs, regionName, show, text, type Rule } from "./inputRules";
import { clientFor, currentSettings } from "./providerContext";
import { blobDigestId, definedOnly, readWhileMasterKeyLives, replaceOnAnyChange } from "./stateOnlyResource";

type Props = Record<string, unknown>;

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

const CIPHERTEXT_RULES: Record<string, Rule> = {
  keyId: text("keyId", 1, 128),
  plaintext: plaintextRule,
  region: regionName,
};

const CIPHERTEXT_INPUTS = ["keyId", "plaintext", "region"] as const;

/**
 * A plaintext encrypted once (Encrypt) and kept: the blob is stable across `up`s and replaced only when an
 * input changes. The plaintext is kept as a secret output so that a change can be detected.
 */
export const ciphertextProvider = {
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const inputs = news ?? {};
    return { inputs, failures: checkInputs(inputs, CIPHERTEXT_RULES, ["keyId", "plaintext"]) };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return replaceOnAnyChange(
      olds,
      { ...news, region: news.region ?? currentSettings().region },
      CIPHERTEXT_INPUTS,
    );
  },

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const { client, region } = clientFor(inputs.region as string | undefined);
    const plaintext = inputs.plaintext as string;
    const encrypted = await client.encrypt({
      keyId: inputs.keyId as string,
      plaintext: Buffer.from(plaintext, "utf8"),
    });
    const outs = {
      keyId: encrypted.keyId || inputs.keyId,
      region,
      plaintext,
      ciphertextBlob: encrypted.ciphertextBlob,
    };
    return { id: blobDigestId("ct-", encrypted.ciphertextBlob), outs: definedOnly(outs) };
  },

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    return readWhileMasterKeyLives(id, props);
  },

  async delete(): Promise<void> {
    // Nothing to call: the blob exists only in state.
  },
};
