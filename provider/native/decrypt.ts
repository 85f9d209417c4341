import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Decrypt (`kkms:index:decrypt`). Prefer `decryptOutput`: its result is a secret.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const { plaintext } = await kkms.decrypt({ keyId: "e7f3c2a1-0000-4000-8000-000000000001", ciphertextBlob: blob });
 * ```
 */
export function decrypt(args: DecryptArgs, opts?: pulumi.InvokeOptions): Promise<DecryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:decrypt", invokeArgs(args), opts);
}

/**
 * The Output form of `decrypt`: its result is a secret.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", {});
 * const sealed = new kkms.Ciphertext("token", { keyId: key.keyId, plaintext: "s3cret" });
 * export const opened = kkms.decryptOutput({ keyId: key.keyId, ciphertextBlob: sealed.ciphertextBlob }).plaintext;
 * ```
 */
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

/** The arguments of `decrypt`: the same as the dynamic provider's `DecryptArgs`, documented there once. */
export type { DecryptArgs } from "../functions/decrypt";
import type { DecryptArgs } from "../functions/decrypt";

/** The arguments of `decryptOutput`, as in `DecryptArgs`; each may be an Output. */
export interface DecryptOutputArgs {
  /** The master key (KeyId) the blob is encrypted under. */
  keyId: pulumi.Input<string>;
  /** Base64, as Encrypt, GenerateDataKey, Ciphertext and DataKey give it. */
  ciphertextBlob: pulumi.Input<string>;
  /** The master key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** What a blob decrypts to, as text and as bytes. */
export interface DecryptResult {
  /** The master key that decrypted it. */
  readonly keyId: string;
  /** The plaintext as UTF-8 text. A secret. */
  readonly plaintext: string;
  /** The plaintext bytes, base64. A secret. */
  readonly plaintextBase64: string;
}
