import { createCipheriv, createDecipheriv, randomBytes } from "crypto";
import * as fs from "fs";

/**
 * What is kept beside the encrypted file: everything needed to decrypt it except the data key itself, which
 * travels only encrypted under the KKMS master key (`ciphertextBlob`).
 */
export interface Envelope {
  algorithm: "AES-256-GCM";
  keyId: string;
  region: string;
  /** The data key encrypted by KKMS, base64: decrypt it with KKMS Decrypt to read the file. */
  ciphertextBlob: string;
  iv: string;
  tag: string;
}

/** Encrypts `inputFile` to `encryptedFile` with the data key and writes the envelope; the data key is not kept. */
export function sealFile(
  dataKey: Buffer,
  inputFile: string,
  encryptedFile: string,
  envelopeFile: string,
  master: Pick<Envelope, "keyId" | "region" | "ciphertextBlob">,
): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  const sealed = Buffer.concat([cipher.update(fs.readFileSync(inputFile)), cipher.final()]);
  const envelope: Envelope = {
    algorithm: "AES-256-GCM",
    ...master,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
  fs.writeFileSync(encryptedFile, sealed);
  fs.writeFileSync(envelopeFile, JSON.stringify(envelope, null, 2) + "\n");
  return envelope;
}

/** The file's original bytes, given the data key KKMS decrypted from the envelope's blob. */
export function openFile(dataKey: Buffer, encryptedFile: string, envelope: Envelope): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(envelope.iv, "base64"));
  decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
  return Buffer.concat([decipher.update(fs.readFileSync(encryptedFile)), decipher.final()]);
}
