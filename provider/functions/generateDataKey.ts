import * as pulumi from "@pulumi/pulumi";
import { KEY_SPECS, LIMITS } from "../../sdk/types";
import { integerBetween, keyIdText, oneOf, regionName } from "../runtime/inputRules";
import { afterDependencies } from "./afterDependencies";
import { functionCore } from "./functionCore";
import { checkInvokeOptions } from "./invokeOptions";
import type { OutputArgs } from "./outputArgs";
import { callInProgram } from "./programClient";

/** The arguments of `generateDataKey` (and of the native SDK's, which is this type). */
export interface GenerateDataKeyArgs {
  /** The master key (KeyId). */
  keyId: string;
  /** AES128 (16 bytes) or AES256 (32 bytes). @default "AES256" when numberOfBytes is absent */
  keySpec?: "AES128" | "AES256";
  /** 1–1024; used when keySpec is absent. */
  numberOfBytes?: number;
  /** The master key's region. @default the `kkms:region` config, else KSYUN_REGION, else "cn-beijing-6" */
  region?: string;
}

/** A new data key: in clear (a secret in the Output form) and encrypted under the master key. */
export interface GenerateDataKeyResult {
  /** The master key the data key is encrypted under. */
  keyId: string;
  /** The data key, base64. */
  plaintext: string;
  /** The data key encrypted under the master key, base64. */
  ciphertextBlob: string;
}

/** GenerateDataKey: the rules and the call, shared with the native plugin's `kkms:index:generateDataKey`. */
export const generateDataKeyCore = functionCore<GenerateDataKeyArgs, GenerateDataKeyResult>(
  "generateDataKey",
  {
    keyId: keyIdText("keyId"),
    keySpec: oneOf("keySpec", KEY_SPECS),
    numberOfBytes: integerBetween("numberOfBytes", LIMITS.minNumberOfBytes, LIMITS.maxNumberOfBytes),
    region: regionName,
  },
  ["keyId"],
  async (client, _region, args) => {
    const result = await client.generateDataKey({
      keyId: args.keyId,
      keySpec: args.keySpec,
      numberOfBytes: args.numberOfBytes,
    });
    return {
      keyId: result.keyId || args.keyId,
      plaintext: result.plaintext.toString("base64"),
      ciphertextBlob: result.ciphertextBlob,
    };
  },
);

/**
 * GenerateDataKey as a function: a NEW data key every time the program runs (previews included). For a data key
 * that stays the same across runs, use the `DataKey` resource. The promise form cannot mark the plaintext
 * secret: prefer `generateDataKeyOutput`, whose result is a secret.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const { ciphertextBlob } = await kkms.generateDataKey({ keyId: "e7f3c2a1-0000-4000-8000-000000000001" });
 * ```
 */
export async function generateDataKey(
  args: GenerateDataKeyArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GenerateDataKeyResult> {
  checkInvokeOptions("generateDataKey", opts, "promise");
  return callInProgram(generateDataKeyCore, args);
}

/**
 * The Output form: the result is a secret (its plaintext is), so it never reaches state or logs in clear. It runs
 * once its arguments are known and `dependsOn` is done.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", {});
 * const dataKey = kkms.generateDataKeyOutput({ keyId: key.keyId, numberOfBytes: 64 });
 * export const blob = dataKey.ciphertextBlob;
 * ```
 */
export function generateDataKeyOutput(
  args: OutputArgs<GenerateDataKeyArgs>,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GenerateDataKeyResult> {
  checkInvokeOptions("generateDataKey", opts, "output");
  return pulumi.secret(
    pulumi
      .all([args, afterDependencies("generateDataKey", opts?.dependsOn)])
      .apply(([plain]) => callInProgram(generateDataKeyCore, plain as GenerateDataKeyArgs)),
  );
}
