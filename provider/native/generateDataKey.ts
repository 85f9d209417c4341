import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * GenerateDataKey as a function: a NEW data key every time the program runs, previews included. For a data key
 * that stays the same across runs, use `DataKey`. Prefer `generateDataKeyOutput`: its result is a secret.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const { ciphertextBlob } = await kkms.generateDataKey({ keyId: "e7f3c2a1-0000-4000-8000-000000000001" });
 * ```
 */
export function generateDataKey(
  args: GenerateDataKeyArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GenerateDataKeyResult> {
  opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
  return pulumi.runtime.invoke("kkms:index:generateDataKey", invokeArgs(args), opts);
}

/**
 * The Output form of `generateDataKey`: its result is a secret.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", {});
 * export const blob = kkms.generateDataKeyOutput({ keyId: key.keyId, numberOfBytes: 64 }).ciphertextBlob;
 * ```
 */
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

/** The arguments of `generateDataKey`: the same as the dynamic provider's, documented there once. */
export type { GenerateDataKeyArgs } from "../functions/generateDataKey";
import type { GenerateDataKeyArgs } from "../functions/generateDataKey";

/** The arguments of `generateDataKeyOutput`, as in `GenerateDataKeyArgs`; each may be an Output. */
export interface GenerateDataKeyOutputArgs {
  /** The master key (KeyId). */
  keyId: pulumi.Input<string>;
  /** AES128 or AES256. @default "AES256" when numberOfBytes is absent */
  keySpec?: pulumi.Input<"AES128" | "AES256">;
  /** 1–1024, used when keySpec is absent. */
  numberOfBytes?: pulumi.Input<number>;
  /** The master key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** A new data key: in clear (a secret) and encrypted under the master key. */
export interface GenerateDataKeyResult {
  /** The master key the data key is encrypted under. */
  readonly keyId: string;
  /** The data key, base64. A secret. */
  readonly plaintext: string;
  /** The data key encrypted under the master key, base64. */
  readonly ciphertextBlob: string;
}
