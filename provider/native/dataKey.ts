import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A data key generated once with GenerateDataKey and kept in state: the same key on every `up`, a new one only
 * when an input changes. `plaintext` is always a secret. It cannot be imported.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const master = new kkms.Key("master", {});
 * const dataKey = new kkms.DataKey("file-key", { keyId: master.keyId, keySpec: "AES256" });
 * export const blob = dataKey.ciphertextBlob;
 * ```
 */
export class DataKey extends pulumi.CustomResource {
  /** Looks up a DataKey of this stack's state by its id and outputs. */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: DataKeyState,
    opts?: pulumi.CustomResourceOptions,
  ): DataKey {
    return new DataKey(name, state as DataKeyArgs, { ...opts, id });
  }

  /** @internal */
  public static readonly __pulumiType = "kkms:index:DataKey";

  public static override isInstance(obj: unknown): obj is DataKey {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: string }).__pulumiType === DataKey.__pulumiType;
  }

  /** The master key the data key is encrypted under. */
  declare public readonly keyId: pulumi.Output<string>;
  /** The spec given, if any. */
  declare public readonly keySpec: pulumi.Output<string | undefined>;
  /** The length given, if any. */
  declare public readonly numberOfBytes: pulumi.Output<number | undefined>;
  /** The master key's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The data key, base64. Always a secret. */
  declare public readonly plaintext: pulumi.Output<string>;
  /** The data key encrypted under the master key, base64. */
  declare public readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, argsOrState?: DataKeyArgs | DataKeyState, opts?: pulumi.CustomResourceOptions) {
    const resourceInputs: pulumi.Inputs = {};
    opts = opts || {};
    if (opts.id) {
      const state = argsOrState as DataKeyState | undefined;
      for (const name of DATA_KEY_OUTPUTS) resourceInputs[name] = state?.[name];
    } else {
      const args = argsOrState as DataKeyArgs | undefined;
      if (args?.keyId === undefined && !opts.urn) throw new Error("Missing required property 'keyId'");
      for (const name of DATA_KEY_INPUTS) resourceInputs[name] = args?.[name];
      for (const name of DATA_KEY_OUTPUTS)
        if (!(DATA_KEY_INPUTS as readonly string[]).includes(name)) resourceInputs[name] = undefined;
    }
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
    opts = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["plaintext"] });
    super(DataKey.__pulumiType, name, resourceInputs, opts);
  }
}

/** The names the constructor sends: the schema's inputProperties (tests/plugin/nativeSdk.test.ts checks). */
export const DATA_KEY_INPUTS = ["keyId", "keySpec", "numberOfBytes", "region"] as const;
/** The outputs, which `DataKey.get` sends as state: the schema's properties and stateInputs. */
export const DATA_KEY_OUTPUTS = [...DATA_KEY_INPUTS, "plaintext", "ciphertextBlob"] as const;

/** The inputs of a DataKey: the same as the dynamic provider's `DataKeyArgs`, documented there once. */
export type { DataKeyArgs } from "../dataKey";
import type { DataKeyArgs } from "../dataKey";

/** A DataKey's outputs, to look one up with `DataKey.get`. */
export interface DataKeyState {
  /** The master key the data key is encrypted under. */
  keyId?: pulumi.Input<string>;
  /** The spec it was generated with. */
  keySpec?: pulumi.Input<string>;
  /** The length it was generated with. */
  numberOfBytes?: pulumi.Input<number>;
  /** The master key's region. */
  region?: pulumi.Input<string>;
  /** The data key, base64 (a secret). */
  plaintext?: pulumi.Input<string>;
  /** The data key encrypted under the master key, base64. */
  ciphertextBlob?: pulumi.Input<string>;
}
