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

/** Inputs of a `Ciphertext`; the same shape as the native SDK's `CiphertextArgs`, which is this type. */
export interface CiphertextArgs {
  /** The master key (KeyId) to encrypt under. */
  keyId: pulumi.Input<string>;
  /** 1–4096 bytes of UTF-8 text. Always stored as a secret, even when given as a plain string. */
  plaintext: pulumi.Input<string>;
  /** The master key's region. Changing it replaces the ciphertext. @default the provider's region */
  region?: pulumi.Input<string>;
}

/** What `Ciphertext.get` needs: `keyId` and `ciphertextBlob` (both required); the plaintext comes from Decrypt. */
export interface CiphertextResourceState {
  /** The master key the blob is encrypted under. Required. */
  keyId?: pulumi.Input<string>;
  /** The encrypted plaintext, base64. Required. */
  ciphertextBlob?: pulumi.Input<string>;
  /** The master key's region. @default the provider's region */
  region?: pulumi.Input<string>;
}

/**
 * A plaintext encrypted once with Encrypt: the blob stays the same on every `up` (no churn in state or in
 * whatever consumes it) and is replaced only when the key, the plaintext or the region changes.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as pulumi from "@pulumi/pulumi";
 * import * as kkms from "pulumi-kkms";
 *
 * const key = new kkms.Key("app", {});
 * const password = new kkms.Ciphertext("db-password", {
 *   keyId: key.keyId,
 *   plaintext: new pulumi.Config().requireSecret("dbPassword"),
 * });
 * export const encryptedPassword = password.ciphertextBlob;
 * ```
 */
export class Ciphertext extends pulumi.dynamic.Resource {
  /** The type token the engine records: `pulumi-nodejs:dynamic/kkms:Ciphertext`. */
  public static readonly __pulumiType = dynamicType("Ciphertext");

  /**
   * Reads a ciphertext made elsewhere: `state.keyId` and `state.ciphertextBlob` are required, the id must be the
   * one a Ciphertext derives from that blob, and Decrypt gives the plaintext (a secret). Pulumi does not manage it.
   */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: CiphertextResourceState,
    opts?: pulumi.CustomResourceOptions,
  ): Ciphertext {
    return new Ciphertext(name, state as CiphertextArgs, { ...opts, id });
  }

  /** True only for a `Ciphertext` (from any copy of this package). */
  public static override isInstance(obj: unknown): obj is Ciphertext {
    return hasPulumiType(obj, Ciphertext.__pulumiType);
  }

  /** The master key the plaintext is encrypted under. */
  declare readonly keyId: pulumi.Output<string>;
  /** The master key's region. */
  declare readonly region: pulumi.Output<string>;
  /** Secret. Kept so that a change of plaintext can be detected. */
  declare readonly plaintext: pulumi.Output<string>;
  /** The encrypted plaintext, base64: pass it to `decrypt` (or KKMS Decrypt) to get the plaintext back. */
  declare readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: CiphertextArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("Ciphertext", name, opts, "Use Ciphertext.get to read one made elsewhere.");
    const props = opts?.id
      ? lookupProperties(CIPHERTEXT_OUTPUTS, CIPHERTEXT_STATE_FIELDS, args)
      : {
          ...outputPlaceholders(CIPHERTEXT_OUTPUTS),
          ...args,
          // A plain string given here would otherwise sit in the state's inputs unencrypted.
          plaintext: pulumi.secret(args.plaintext),
        };
    super(
      runtimeShim("ciphertextProvider"),
      name,
      props,
      withSecretOutputs(opts, ["plaintext"]),
      "kkms",
      "Ciphertext",
    );
  }
}

const CIPHERTEXT_OUTPUTS = ["keyId", "plaintext", "ciphertextBlob", "region"];
const CIPHERTEXT_STATE_FIELDS = ["keyId", "ciphertextBlob", "region"];
