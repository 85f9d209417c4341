import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * GenerateDataKey as a function: a NEW data key every time the program runs, previews included. For a data key
 * that stays the same across runs, use `DataKey`. Prefer `generateDataKeyOutput`: its result is a secret.
 */
export function generateDataKey(
  args: GenerateDataKeyArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GenerateDataKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:generateDataKey", invokeArgs(args), opts);
}

export function generateDataKeyOutput(
  args: GenerateDataKeyOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GenerateDataKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invokeOutput("kkms:index:generateDataKey", invokeArgs(args), opts);
}

function invokeArgs(args: GenerateDataKeyArgs | GenerateDataKeyOutputArgs): pulumi.Inputs {
  return { keyId: args.keyId, keySpec: args.keySpec, numberOfBytes: args.numberOfBytes, region: args.region };
}

export interface GenerateDataKeyArgs {
  keyId: string;
  /** @default "AES256" when numberOfBytes is absent */
  keySpec?: "AES128" | "AES256";
  /** 1–1024, used when keySpec is absent. */
  numberOfBytes?: number;
  region?: string;
}

export interface GenerateDataKeyOutputArgs {
  keyId: pulumi.Input<string>;
  keySpec?: pulumi.Input<"AES128" | "AES256">;
  numberOfBytes?: pulumi.Input<number>;
  region?: pulumi.Input<string>;
}

export interface GenerateDataKeyResult {
  readonly keyId: string;
  /** The data key, base64. A secret. */
  readonly plaintext: string;
  /** The data key encrypted under the master key, base64. */
  readonly ciphertextBlob: string;
}
