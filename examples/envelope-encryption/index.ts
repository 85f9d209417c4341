import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as kkms from "pulumi-kkms";
import { SealedFile } from "./sealedFile";

const config = new pulumi.Config();
const inputFile = path.resolve(config.get("inputFile") ?? "secret-notes.txt");
const encryptedFile = path.resolve(config.get("encryptedFile") ?? "secret-notes.txt.enc");

// The master key never leaves KKMS; it only wraps data keys.
const master = new kkms.Key("envelope-master", { description: "Wraps the data keys of encrypted files" });

// One data key for the file, generated once and kept (as a secret) in state.
const fileKey = new kkms.DataKey("file-key", { keyId: master.keyId, keySpec: "AES256" });

// The encrypted file and its envelope (the data key's blob) are a resource: written during `pulumi up` only,
// removed by `pulumi destroy`. Reading the input's hash here writes nothing, so a preview writes nothing.
const sealed = new SealedFile("sealed-notes", {
  dataKey: fileKey.plaintext,
  keyId: master.keyId,
  region: master.region,
  ciphertextBlob: fileKey.ciphertextBlob,
  inputFile,
  encryptedFile,
  inputSha256: createHash("sha256").update(fs.readFileSync(inputFile)).digest("hex"),
});

export const masterKeyId = master.keyId;
export const encrypted = sealed.encryptedFile;
export const envelopePath = sealed.envelopeFile;
export const dataKeyBlob = sealed.ciphertextBlob;
