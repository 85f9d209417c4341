import * as pulumi from "@pulumi/pulumi";
import { base64Text, keyIdText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

/** The arguments of `decrypt` (and of the native SDK's, which is this type). */
export interface DecryptArgs {
  /** The master key (KeyId) the blob is encrypted under. */
  keyId: string;
  /** Base64, as Encrypt, GenerateDataKey, `Ciphertext` and `DataKey` give it. */
  ciphertextBlob: string;
  /** The master key's region. @default the `kkms:region` config, else KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
}

/** What a blob decrypts to, as text and as bytes (a secret in the Output form). */
export interface DecryptResult {
  /** The master key that decrypted it. */
  keyId: string;
  /** The plaintext as UTF-8 text (what a `Ciphertext` was given). */
  plaintext: string;
  /** The plaintext bytes, base64 (what a `DataKey`'s plaintext is). */
  plaintextBase64: string;
}

/** Decrypt: the rules and the call, shared with the native plugin's `kkms:index:decrypt`. */
export const decryptCore = functionCore<DecryptArgs, DecryptResult>(
  "decrypt",
  {
    keyId: keyIdText("keyId"),
    ciphertextBlob: base64Text("ciphertextBlob", 16384),
    region: regionName,
  },
  ["keyId", "ciphertextBlob"],
  async (client, _region, args) => {
    const result = await client.decrypt({ keyId: args.keyId, ciphertextBlob: args.ciphertextBlob });
    return {
      keyId: result.keyId || args.keyId,
      plaintext: result.plaintext.toString("utf8"),
      plaintextBase64: result.plaintext.toString("base64"),
    };
  },
);

/**
 * Decrypt: a blob made by Encrypt, GenerateDataKey, a `Ciphertext` or a `DataKey` back to its plaintext. The
 * promise form cannot mark the plaintext secret: prefer `decryptOutput`.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const { plaintext } = await kkms.decrypt({ keyId: "e7f3c2a1-0000-4000-8000-000000000001", ciphertextBlob: blob });
 * ```
 */
export async function decrypt(args: DecryptArgs, opts?: pulumi.InvokeOptions): Promise<DecryptResult> {
  checkInvokeOptions("decrypt", opts, "promise");
  return callInProgram(decryptCore, args);
}

/**
 * The Output form of `decrypt`: the result is a secret; it runs once its arguments are known and `dependsOn` is
 * done.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", {});
 * const sealed = new kkms.Ciphertext("token", { keyId: key.keyId, plaintext: "s3cret" });
 * export const opened = kkms.decryptOutput({ keyId: key.keyId, ciphertextBlob: sealed.ciphertextBlob }).plaintext;
 * ```
 */
export function decryptOutput(
  args: OutputArgs<DecryptArgs>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<DecryptResult> {
  checkInvokeOptions("decrypt", opts, "output");
  return pulumi.secret(
    pulumi
      .all([args, afterDependencies("decrypt", opts?.dependsOn)])
      .apply(([plain]) => callInProgram(decryptCore, plain as DecryptArgs)),
  );
}
