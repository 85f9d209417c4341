import * as pulumi from "@pulumi/pulumi";
import { keyIdText, plaintextText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

export interface EncryptArgs {
  keyId: string;
  /** 1–4096 bytes of UTF-8 text. */
  plaintext: string;
  region?: string;
}

export interface EncryptResult {
  keyId: string;
  /** The encrypted plaintext, base64: a different one on every call. */
  ciphertextBlob: string;
}

/**
 * Encrypt: the rules (the `Ciphertext` resource's own) and the call, shared with the native plugin's
 * `kkms:index:encrypt`.
 */
export const encryptCore = functionCore<EncryptArgs, EncryptResult>(
  "encrypt",
  { keyId: keyIdText("keyId"), plaintext: plaintextText("plaintext"), region: regionName },
  ["keyId", "plaintext"],
  async (client, _region, args) => {
    const result = await client.encrypt({
      keyId: args.keyId,
      plaintext: Buffer.from(args.plaintext, "utf8"),
    });
    return { keyId: result.keyId || args.keyId, ciphertextBlob: result.ciphertextBlob };
  },
);

/**
 * Encrypt as a function: a NEW blob on every call — every time the program runs, previews included — since KKMS
 * encrypts with a fresh IV each time. For a blob that stays the same across runs, use the `Ciphertext` resource.
 */
export async function encrypt(args: EncryptArgs, opts?: pulumi.InvokeOptions): Promise<EncryptResult> {
  checkInvokeOptions("encrypt", opts, "promise");
  return callInProgram(encryptCore, args);
}

/**
 * The Output form: runs once its arguments are known and `dependsOn` is done. The blob is not a secret; the
 * result is one only when the plaintext given was.
 */
export function encryptOutput(
  args: OutputArgs<EncryptArgs>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<EncryptResult> {
  checkInvokeOptions("encrypt", opts, "output");
  return pulumi
    .all([args, afterDependencies("encrypt", opts?.dependsOn)])
    .apply(([plain]) => callInProgram(encryptCore, plain as EncryptArgs));
}
