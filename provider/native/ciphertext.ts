import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * A plaintext encrypted once with Encrypt: the blob stays the same on every `up` and is replaced only when the
 * key, the plaintext or the region changes. For a new blob on every run, use `encrypt`. It cannot be imported.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import * as kkms from "pulumi-kkms/native";
 *
 * const key = new kkms.Key("app", {});
 * const password = new kkms.Ciphertext("db-password", {
 *   keyId: key.keyId,
 *   plaintext: new pulumi.Config().requireSecret("dbPassword"),
 * });
 * ```
 */
export class Ciphertext extends pulumi.CustomResource {
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: CiphertextState,
    opts?: pulumi.CustomResourceOptions,
  ): Ciphertext {
    return new Ciphertext(name, state as CiphertextArgs, { ...opts, id });
  }

  /** @internal */
  public static readonly __pulumiType = "kkms:index:Ciphertext";

  public static override isInstance(obj: unknown): obj is Ciphertext {
    if (obj === undefined || obj === null) return false;
    return (obj as { __pulumiType?: string }).__pulumiType === Ciphertext.__pulumiType;
  }

  /** The master key the plaintext is encrypted under. */
  declare public readonly keyId: pulumi.Output<string>;
  /** Always a secret; kept so that a change can be detected. */
  declare public readonly plaintext: pulumi.Output<string>;
  /** The master key's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The encrypted plaintext, base64; the same on every `up` until an input changes. */
  declare public readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: CiphertextArgs, opts?: pulumi.CustomResourceOptions);
  constructor(
    name: string,
    argsOrState?: CiphertextArgs | CiphertextState,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const resourceInputs: pulumi.Inputs = {};
    opts = opts || {};
    if (opts.id) {
      const state = argsOrState as CiphertextState | undefined;
      for (const name of CIPHERTEXT_OUTPUTS) resourceInputs[name] = state?.[name];
    } else {
      const args = argsOrState as CiphertextArgs | undefined;
      if (args?.keyId === undefined && !opts.urn) throw new Error("Missing required property 'keyId'");
      if (args?.plaintext === undefined && !opts.urn)
        throw new Error("Missing required property 'plaintext'");
      for (const name of CIPHERTEXT_INPUTS) resourceInputs[name] = args?.[name];
      resourceInputs["ciphertextBlob"] = undefined; /*out*/
    }
    // A plain string given here would otherwise sit in the state's inputs unencrypted.
    if (resourceInputs["plaintext"]) resourceInputs["plaintext"] = pulumi.secret(resourceInputs["plaintext"]);
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
    opts = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["plaintext"] });
    super(Ciphertext.__pulumiType, name, resourceInputs, opts);
  }
}

/** The names the constructor sends: the schema's inputProperties (tests/plugin/nativeSdk.test.ts checks). */
export const CIPHERTEXT_INPUTS = ["keyId", "plaintext", "region"] as const;
/** The outputs, which `Ciphertext.get` sends as state: the schema's properties and stateInputs. */
export const CIPHERTEXT_OUTPUTS = [...CIPHERTEXT_INPUTS, "ciphertextBlob"] as const;

/** The inputs of a Ciphertext: the same as the dynamic provider's `CiphertextArgs`, documented there once. */
export type { CiphertextArgs } from "../ciphertext";
import type { CiphertextArgs } from "../ciphertext";

/** A Ciphertext's outputs, to look one up with `Ciphertext.get`. */
export interface CiphertextState {
  /** The master key the blob is encrypted under. */
  keyId?: pulumi.Input<string>;
  /** The plaintext (a secret). */
  plaintext?: pulumi.Input<string>;
  /** The master key's region. */
  region?: pulumi.Input<string>;
  /** The encrypted plaintext, base64. */
  ciphertextBlob?: pulumi.Input<string>;
}
