import * as pulumi from "@pulumi/pulumi";
import { runtimeShim } from "./providerShims";
import { outputPlaceholders, withSecretOutputs } from "./resourceInputs";

export interface DataKeyArgs {
  /** The master key (KeyId) the data key is encrypted under. */
  keyId: pulumi.Input<string>;
  /** AES128 (16 bytes) or AES256 (32 bytes); decides the length when both are given. @default "AES256" when numberOfBytes is absent */
  keySpec?: pulumi.Input<"AES128" | "AES256">;
  /** 1–1024 bytes, when keySpec is not given. */
  numberOfBytes?: pulumi.Input<number>;
  /** @default the provider's region */
  region?: pulumi.Input<string>;
}

/**
 * A data key generated once with GenerateDataKey and kept in state: the same key on every `up`, a new one only
 * when an input changes. `plaintext` is always a secret; keep `ciphertextBlob` beside your data and decrypt it
 * when needed. Refresh reports it gone when its master key is deleted or pending deletion.
 * For a new data key on every run, use the `generateDataKey` function instead.
 */
export class DataKey extends pulumi.dynamic.Resource {
  declare readonly keyId: pulumi.Output<string>;
  declare readonly keySpec: pulumi.Output<string | undefined>;
  declare readonly numberOfBytes: pulumi.Output<number | undefined>;
  declare readonly region: pulumi.Output<string>;
  /** The data key, base64. Always a secret. */
  declare readonly plaintext: pulumi.Output<string>;
  /** The data key encrypted under the master key, base64. */
  declare readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      ...outputPlaceholders(["plaintext", "ciphertextBlob", "region", "keySpec", "numberOfBytes"]),
      ...args,
    };
    super(
      runtimeShim("dataKeyProvider"),
      name,
      inputs,
      withSecretOutputs(opts, ["plaintext"]),
      "kkms",
      "DataKey",
    );
  }
}
