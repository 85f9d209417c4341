import * as pulumi from "@pulumi/pulumi";
import { runtimeShim } from "./providerShims";
import { outputPlaceholders, withSecretOutputs } from "./resourceInputs";

export interface CiphertextArgs {
  /** The master key (KeyId) to encrypt under. */
  keyId: pulumi.Input<string>;
  /** 1–4096 bytes of UTF-8 text. Always stored as a secret, even when given as a plain string. */
  plaintext: pulumi.Input<string>;
  /** @default the provider's region */
  region?: pulumi.Input<string>;
}

/**
 * A plaintext encrypted once with Encrypt: the blob stays the same on every `up` (no churn in state or in
 * whatever consumes it) and is replaced only when the key, the plaintext or the region changes.
 */
export class Ciphertext extends pulumi.dynamic.Resource {
  declare readonly keyId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  /** Secret. Kept so that a change of plaintext can be detected. */
  declare readonly plaintext: pulumi.Output<string>;
  /** The encrypted plaintext, base64: pass it to `decrypt` (or KKMS Decrypt) to get the plaintext back. */
  declare readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: CiphertextArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      ...outputPlaceholders(["ciphertextBlob", "region"]),
      ...args,
      // A plain string given here would otherwise sit in the state's inputs unencrypted.
      plaintext: pulumi.secret(args.plaintext),
    };
    super(
      runtimeShim("ciphertextProvider"),
      name,
      inputs,
      withSecretOutputs(opts, ["plaintext"]),
      "kkms",
      "Ciphertext",
    );
  }
}
