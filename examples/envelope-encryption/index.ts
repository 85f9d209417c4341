import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as kkms from "pulumi-kkms";
import { sealFile } from "./envelope";

const config = new pulumi.Config();
const inputFile = path.resolve(config.get("inputFile") ?? "secret-notes.txt");
const encryptedFile = path.resolve(config.get("encryptedFile") ?? "secret-notes.txt.enc");
const envelopeFile = `${encryptedFile}.envelope.json`;

// The master key never leaves KKMS; it only wraps data keys.
const master = new kkms.Key("envelope-master", { description: "Wraps the data keys of encrypted files" });

// One data key for the file, generated once and kept (as a secret) in state.
const fileKey = new kkms.DataKey("file-key", { keyId: master.keyId, keySpec: "AES256" });

// Encrypt the file locally with the data key; keep only the data key's blob beside it.
const envelope = pulumi
  .all([fileKey.plaintext, fileKey.ciphertextBlob, master.keyId, master.region])
  .apply(([plaintext, ciphertextBlob, keyId, region]) =>
    sealFile(Buffer.from(plaintext, "base64"), inputFile, encryptedFile, envelopeFile, {
      keyId,
      region,
      ciphertextBlob,
    }),
  );

export const masterKeyId = master.keyId;
export const encrypted = encryptedFile;
export const envelopePath = envelopeFile;
export const dataKeyBlob = pulumi.unsecret(envelope.ciphertextBlob);
