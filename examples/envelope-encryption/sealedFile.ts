import * as pulumi from "@pulumi/pulumi";
import { envelopeFileOf, removeSealedFile, sealFile } from "./envelope";

export interface SealedFileArgs {
  /** The data key in clear, base64 (a DataKey's `plaintext`, a secret). Used to encrypt; never written to disk. */
  dataKey: pulumi.Input<string>;
  keyId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  /** The data key encrypted under the master key: what the envelope keeps. */
  ciphertextBlob: pulumi.Input<string>;
  inputFile: pulumi.Input<string>;
  encryptedFile: pulumi.Input<string>;
  /** SHA-256 of the input file's bytes, so that an edited file is sealed again on the next `up`. */
  inputSha256: pulumi.Input<string>;
}

interface SealedFileInputs {
  dataKey: string;
  keyId: string;
  region: string;
  ciphertextBlob: string;
  inputFile: string;
  encryptedFile: string;
  inputSha256: string;
}

/** Everything but the data key: what the state keeps as outputs. */
const OUTPUTS = ["keyId", "region", "ciphertextBlob", "inputFile", "encryptedFile", "inputSha256"] as const;

/**
 * The files are written by the provider's create and update, which the engine calls only during a real update
 * (`pulumi up`), never in a preview; delete (`pulumi destroy`, or a replacement) removes them again.
 */
const sealedFileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: SealedFileInputs) {
    return { id: inputs.encryptedFile, outs: seal(inputs) };
  },
  async diff(_id: string, olds: SealedFileInputs, news: SealedFileInputs) {
    const changes = OUTPUTS.filter((name) => olds[name] !== news[name]);
    return {
      changes: changes.length > 0,
      // Another path is another resource: the new files are written, then the old ones removed.
      replaces: changes.filter((name) => name === "encryptedFile"),
    };
  },
  async update(_id: string, _olds: SealedFileInputs, news: SealedFileInputs) {
    return { outs: seal(news) };
  },
  async delete(_id: string, olds: SealedFileInputs) {
    removeSealedFile(olds.encryptedFile);
  },
};

function seal(inputs: SealedFileInputs): Record<string, string> {
  const { keyId, region, ciphertextBlob } = inputs;
  sealFile(Buffer.from(inputs.dataKey, "base64"), inputs.inputFile, inputs.encryptedFile, {
    keyId,
    region,
    ciphertextBlob,
  });
  const outs: Record<string, string> = { envelopeFile: envelopeFileOf(inputs.encryptedFile) };
  for (const name of OUTPUTS) outs[name] = inputs[name];
  return outs;
}

/** `inputFile` encrypted with a data key to `encryptedFile`, and its envelope beside it: files this stack owns. */
export class SealedFile extends pulumi.dynamic.Resource {
  declare readonly encryptedFile: pulumi.Output<string>;
  declare readonly envelopeFile: pulumi.Output<string>;
  declare readonly ciphertextBlob: pulumi.Output<string>;

  constructor(name: string, args: SealedFileArgs, opts?: pulumi.CustomResourceOptions) {
    super(sealedFileProvider, name, { ...args, envelopeFile: undefined }, opts, "envelope", "SealedFile");
  }
}
