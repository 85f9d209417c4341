import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Encrypt (`kkms:index:encrypt`): a NEW blob on every call, so on every `up` and preview. For a blob that stays
 * the same across runs, use `Ciphertext`.
 */
export function encrypt(args: EncryptArgs, opts?: pulumi.InvokeOptions): Promise<EncryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:encrypt", invokeArgs(args), opts);
}

export function encryptOutput(
  args: EncryptOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<EncryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:encrypt", invokeArgs(args), opts);
}

function invokeArgs(args: EncryptArgs | EncryptOutputArgs): pulumi.Inputs {
  return { keyId: args.keyId, plaintext: pulumi.secret(args.plaintext), region: args.region };
}

export interface EncryptArgs {
  keyId: string;
  /** 1–4096 bytes of UTF-8 text; sent as a secret. */
  plaintext: string;
  region?: string;
}

export interface EncryptOutputArgs {
  keyId: pulumi.Input<string>;
  plaintext: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

export interface EncryptResult {
  readonly keyId: string;
  /** The encrypted plaintext, base64; different on every call. */
  readonly ciphertextBlob: string;
}
