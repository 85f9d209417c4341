import * as pulumi from "@pulumi/pulumi";
import { runtimeShim } from "./providerShims";
import {
  dynamicType,
  hasPulumiType,
  lookupProperties,
  outputPlaceholders,
  refuseImport,
  withSecretOutputs,
} from "./resourceInputs";

/** Inputs of a `DataKey`; the same shape as the native SDK's `DataKeyArgs`, which is this type. */
export interface DataKeyArgs {
  /** The master key (KeyId) the data key is encrypted under. */
  keyId: pulumi.Input<string>;
  /** AES128 (16 bytes) or AES256 (32 bytes); decides the length when both are given. @default "AES256" when numberOfBytes is absent */
  keySpec?: pulumi.Input<"AES128" | "AES256">;
  /** 1–1024 bytes, when keySpec is not given. */
  numberOfBytes?: pulumi.Input<number>;
  /** The master key's region. Changing it replaces the data key. @default the provider's region */
  region?: pulumi.Input<string>;
}

/**
 * What `DataKey.get` needs: a data key exists only in a state, so the lookup is given its `keyId` and
 * `ciphertextBlob` (both required); the plaintext comes back from Decrypt.
 */
export interface DataKeyResourceState {
  /** The master key the blob is encrypted under. Required. */
  keyId?: pulumi.Input<string>;
  /** The data key encrypted under the master key, base64. Required. */
  ciphertextBlob?: pulumi.Input<string>;
  /** Kept as given: the spec it was generated with. */
  keySpec?: pulumi.Input<"AES128" | "AES256">;
  /** Kept as given: the length it was generated with. */
  numberOfBytes?: pulumi.Input<number>;
  /** The master key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/**
 * A data key generated once with GenerateDataKey and kept in state: the same key on every `up`, a new one only
 * when an input changes. `plaintext` is always a secret; keep `ciphertextBlob` beside your data and decrypt it
 * when needed. Refresh reports it gone when its master key is deleted or pending deletion.
 * For a new data key on every run, use the `generateDataKey` function instead.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms";
 *
 * const master = new kkms.Key("master", { description: "Wraps data keys" });
 * const dataKey = new kkms.DataKey("file-key", { keyId: master.keyId, keySpec: "AES256" });
 * export const blob = dataKey.ciphertextBlob; // keep beside the data
 * export const key = dataKey.plaintext; // a secret
 * ```
 */
export class DataKey extends pulumi.dynamic.Resource {
  /** The type token the engine records: `pulumi-nodejs:dynamic/kkms:DataKey`. */
  public static readonly __pulumiType = dynamicType("DataKey");

  /**
   * Reads a data key made elsewhere (another stack's DataKey, or GenerateDataKey): `state.keyId` and
   * `state.ciphertextBlob` are required, the id must be the one a DataKey derives from that blob, and Decrypt
   * gives the plaintext (a secret). Pulumi does not manage it.
   */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: DataKeyResourceState,
    opts?: pulumi.CustomResourceOptions,
  ): DataKey {
    return new DataKey(name, state as DataKeyArgs, { ...opts, id });
  }

  /** True only for a `DataKey` (from any copy of this package). */
  public static override isInstance(obj: unknown): obj is DataKey {
    return hasPulumiType(obj, DataKey.__pulumiType);
  }

  /** The master key the data key is encrypted under. */
  declare readonly keyId: pulumi.Output<string>;
  /** The spec given, if any. */
  declare readonly keySpec: pulumi.Output<string | undefined>;
  /** The length given, if any. */
  declare readonly numberOfBytes: pulumi.Output<number | undefined>;
  /** The master key's region. */
  declare readonly region: pulumi.Output<string>;
  /** The data key, base64. Always a secret. */
  declare readonly plaintext: pulumi.Output<string>;
  /** The data key encrypted under the master key, base64. */
  declare readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("DataKey", name, opts, "Use DataKey.get to read one made elsewhere.");
    const props = opts?.id
      ? lookupProperties(DATA_KEY_OUTPUTS, DATA_KEY_STATE_FIELDS, args)
      : { ...outputPlaceholders(DATA_KEY_OUTPUTS), ...args };
    super(
      runtimeShim("dataKeyProvider"),
      name,
      props,
      withSecretOutputs(opts, ["plaintext"]),
      "kkms",
      "DataKey",
    );
  }
}

const DATA_KEY_OUTPUTS = ["keyId", "plaintext", "ciphertextBlob", "region", "keySpec", "numberOfBytes"];
const DATA_KEY_STATE_FIELDS = ["keyId", "ciphertextBlob", "region", "keySpec", "numberOfBytes"];
