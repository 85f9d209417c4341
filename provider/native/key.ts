import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A KKMS customer master key (CreateKey), served by the native plugin `pulumi-resource-kkms`. Name, description
 * and state change in place; usage, origin, charge type and region replace the key. Take an existing key under
 * management with `pulumi import kkms:index:Key NAME KEYID`, the `import` resource option, or `adoptKeyId`.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", { description: "Encrypts the app's data keys" });
 * const shanghai = new kkms.Provider("shanghai", { region: "cn-shanghai-2" });
 * const archive = new kkms.Key("archive", { keyState: "Disabled" }, { provider: shanghai });
 * export const keyId = key.keyId;
 * ```
 */
export class Key extends pulumi.CustomResource {
  /** Reads an existing key by its KeyId (through the engine's ReadResource); it is not managed. */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: KeyState,
    opts?: pulumi.CustomResourceOptions,
  ): Key {
    return new Key(name, state as KeyArgs, { ...opts, id });
  }

  /** @internal */
  public static readonly __pulumiType = "kkms:index:Key";

  /** True when `obj` is a Key of this SDK (not a DataKey, not a dynamic Key). */
  public static override isInstance(obj: unknown): obj is Key {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: string }).__pulumiType === Key.__pulumiType;
  }

  /** The KeyId; also the resource id. */
  declare public readonly keyId: pulumi.Output<string>;
  /** The key's name, as given or auto-named. */
  declare public readonly keyName: pulumi.Output<string>;
  /** The key's note. */
  declare public readonly description: pulumi.Output<string>;
  /** `Enabled`, `Disabled`, `PendingDeletion` or `PendingImport`, as the service reports it. */
  declare public readonly keyState: pulumi.Output<string>;
  /** `EncryptDecrypt`. */
  declare public readonly keyUsage: pulumi.Output<string>;
  /** `kms`: KKMS made the key material. */
  declare public readonly origin: pulumi.Output<string>;
  /** `PostPaidByDay`. */
  declare public readonly chargeType: pulumi.Output<string>;
  /** The region the key lives in. */
  declare public readonly region: pulumi.Output<string>;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  declare public readonly createTime: pulumi.Output<string>;

  constructor(name: string, args?: KeyArgs, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, argsOrState?: KeyArgs | KeyState, opts?: pulumi.CustomResourceOptions) {
    const resourceInputs: pulumi.Inputs = {};
    opts = opts || {};
    if (opts.id) {
      const state = argsOrState as KeyState | undefined;
      for (const name of KEY_OUTPUTS) resourceInputs[name] = state?.[name];
    } else {
      const args = argsOrState as KeyArgs | undefined;
      for (const name of KEY_INPUTS) resourceInputs[name] = args?.[name];
      for (const name of KEY_OUTPUTS)
        if (!(KEY_INPUTS as readonly string[]).includes(name)) resourceInputs[name] = undefined;
    }
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
    super(Key.__pulumiType, name, resourceInputs, opts);
  }
}

/** The names the constructor sends: the schema's inputProperties (tests/plugin/nativeSdk.test.ts checks). */
export const KEY_INPUTS = [
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "adoptKeyId",
] as const;
/** The outputs, which `Key.get` sends as state: the schema's properties and stateInputs. */
export const KEY_OUTPUTS = [
  "keyName",
  "description",
  "keyState",
  "keyUsage",
  "origin",
  "chargeType",
  "region",
  "keyId",
  "createTime",
] as const;

/** The inputs of a Key: the same as the dynamic provider's `KeyArgs`, documented there once. */
export type { KeyArgs } from "../key";
import type { KeyArgs } from "../key";

/** A Key's outputs, to look up an existing one with `Key.get` (named so it does not clash with a key's state). */
export interface KeyState {
  /** The KeyId. */
  keyId?: pulumi.Input<string>;
  /** The key's name. */
  keyName?: pulumi.Input<string>;
  /** The key's note. */
  description?: pulumi.Input<string>;
  /** Enabled | Disabled | PendingDeletion | PendingImport. */
  keyState?: pulumi.Input<string>;
  /** `EncryptDecrypt`. */
  keyUsage?: pulumi.Input<string>;
  /** `kms`. */
  origin?: pulumi.Input<string>;
  /** `PostPaidByDay`. */
  chargeType?: pulumi.Input<string>;
  /** The region the key lives in. */
  region?: pulumi.Input<string>;
  /** `YYYY-MM-DD HH:MM:SS`. */
  createTime?: pulumi.Input<string>;
}
