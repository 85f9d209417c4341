import * as pulumi from "@pulumi/pulumi";
import { base64Text, keyIdText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

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

/** Decrypt. The promise form cannot mark the plaintext secret: prefer `decryptOutput`. */
export async function decrypt(args: DecryptArgs, opts?: pulumi.InvokeOptions): Promise<DecryptResult> {
  checkInvokeOptions("decrypt", opts, "promise");
  return callInProgram(decryptCore, args);
}

/** The Output form: the result is a secret; it runs once its arguments are known and `dependsOn` is done. */
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
