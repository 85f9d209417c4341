import * as pulumi from "@pulumi/pulumi";
import { keyIdText, plaintextText, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

/** The arguments of `encrypt` (and of the native SDK's, which is this type). */
export interface EncryptArgs {
  /** The master key (KeyId) to encrypt under. */
  keyId: string;
  /** 1–4096 bytes of UTF-8 text. */
  plaintext: string;
  /** The master key's region. @default the `kkms:region` config, else KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
}

/** The encrypted plaintext. */
export interface EncryptResult {
  /** The master key it is encrypted under. */
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
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const { ciphertextBlob } = await kkms.encrypt({ keyId: "e7f3c2a1-0000-4000-8000-000000000001", plaintext: "hello" });
 * ```
 */
export async function encrypt(args: EncryptArgs, opts?: pulumi.InvokeOptions): Promise<EncryptResult> {
  checkInvokeOptions("encrypt", opts, "promise");
  return callInProgram(encryptCore, args);
}

/**
 * The Output form of `encrypt`: runs once its arguments are known and `dependsOn` is done. The blob is not a
 * secret; the result is one only when the plaintext given was.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", {});
 * export const blob = kkms.encryptOutput({ keyId: key.keyId, plaintext: "hello" }).ciphertextBlob;
 * ```
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
