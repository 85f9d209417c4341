import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Encrypt (`kkms:index:encrypt`): a NEW blob on every call, so on every `up` and preview. For a blob that stays
 * the same across runs, use `Ciphertext`.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const { ciphertextBlob } = await kkms.encrypt({ keyId: "e7f3c2a1-0000-4000-8000-000000000001", plaintext: "hello" });
 * ```
 */
export function encrypt(args: EncryptArgs, opts?: pulumi.InvokeOptions): Promise<EncryptResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:encrypt", invokeArgs(args), opts);
}

/**
 * The Output form of `encrypt`: a new blob on every run too.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", {});
 * export const blob = kkms.encryptOutput({ keyId: key.keyId, plaintext: "hello" }).ciphertextBlob;
 * ```
 */
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

/** The arguments of `encrypt`: the same as the dynamic provider's `EncryptArgs`, documented there once. */
export type { EncryptArgs } from "../functions/encrypt";
import type { EncryptArgs } from "../functions/encrypt";

/** The arguments of `encryptOutput`, as in `EncryptArgs`; each may be an Output. */
export interface EncryptOutputArgs {
  /** The master key (KeyId) to encrypt under. */
  keyId: pulumi.Input<string>;
  /** 1–4096 bytes of UTF-8 text; sent as a secret. */
  plaintext: pulumi.Input<string>;
  /** The master key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** The encrypted plaintext. */
export interface EncryptResult {
  /** The master key it is encrypted under. */
  readonly keyId: string;
  /** The encrypted plaintext, base64; different on every call. */
  readonly ciphertextBlob: string;
}
