import * as pulumi from "@pulumi/pulumi";
import { base64Text, keyIdText, regionName } from "../runtime/inputRules";
import { assertArguments } from "./argumentCheck";
import type { OutputArgs } from "./outputArgs";
import { withProgramClient } from "./programClient";

export interface DecryptArgs {
  keyId: string;
  /** Base64, as Encrypt, GenerateDataKey, `Ciphertext` and `DataKey` give it. */
  ciphertextBlob: string;
  region?: string;
}

export interface DecryptResult {
  keyId: string;
  /** The plaintext as UTF-8 text (what a `Ciphertext` was given). */
  plaintext: string;
  /** The plaintext bytes, base64 (what a `DataKey`'s plaintext is). */
  plaintextBase64: string;
}

const RULES = {
  keyId: keyIdText("keyId"),
  ciphertextBlob: base64Text("ciphertextBlob", 16384),
  region: regionName,
};

/** Decrypt. The promise form cannot mark the plaintext secret: prefer `decryptOutput`. */
export async function decrypt(args: DecryptArgs, _opts?: pulumi.InvokeOptions): Promise<DecryptResult> {
  assertArguments("decrypt", args as unknown as Record<string, unknown>, RULES, ["keyId", "ciphertextBlob"]);
  return withProgramClient(args.region, async (client) => {
    const result = await client.decrypt({ keyId: args.keyId, ciphertextBlob: args.ciphertextBlob });
    return {
      keyId: result.keyId || args.keyId,
      plaintext: result.plaintext.toString("utf8"),
      plaintextBase64: result.plaintext.toString("base64"),
    };
  });
}

/** The Output form: the result is a secret. */
export function decryptOutput(
  args: OutputArgs<DecryptArgs>,
  opts?: pulumi.InvokeOptions,
): pulumi.Output<DecryptResult> {
  return pulumi.secret(pulumi.output(args).apply((plain) => decrypt(plain as DecryptArgs, opts)));
}
