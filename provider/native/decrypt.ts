import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/** Decrypt (`kkms:index:decrypt`). Prefer `decryptOutput`: its result is a secret. */
export function decrypt(args: DecryptArgs, opts?: pulumi.InvokeOptions): Promise<DecryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:decrypt", invokeArgs(args), opts);
}

export function decryptOutput(
  args: DecryptOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<DecryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:decrypt", invokeArgs(args), opts);
}

function invokeArgs(args: DecryptArgs | DecryptOutputArgs): pulumi.Inputs {
  return { keyId: args.keyId, ciphertextBlob: args.ciphertextBlob, region: args.region };
}

export interface DecryptArgs {
  keyId: string;
  /** Base64, as Encrypt, GenerateDataKey, Ciphertext and DataKey give it. */
  ciphertextBlob: string;
  region?: string;
}

export interface DecryptOutputArgs {
  keyId: pulumi.Input<string>;
  ciphertextBlob: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

export interface DecryptResult {
  readonly keyId: string;
  /** The plaintext as UTF-8 text. A secret. */
  readonly plaintext: string;
  /** The plaintext bytes, base64. A secret. */
  readonly plaintextBase64: string;
}
