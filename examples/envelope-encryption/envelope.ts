import { createCipheriv, randomBytes } from "crypto";
import * as fs from "fs";

/**
 * What is kept beside the encrypted file: everything needed to decrypt it except the data key itself, which
 * travels only encrypted under the KKMS master key (`ciphertextBlob`). decrypt.js reads it.
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

/** The envelope sits beside the encrypted file. */
export function envelopeFileOf(encryptedFile: string): string {
  return `${encryptedFile}.envelope.json`;
}

/** Encrypts `inputFile` to `encryptedFile` with the data key and writes the envelope; the data key is not kept. */
export function sealFile(
  dataKey: Buffer,
  inputFile: string,
  encryptedFile: string,
  master: Pick<Envelope, "keyId" | "region" | "ciphertextBlob">,
): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  const sealed = Buffer.concat([cipher.update(fs.readFileSync(inputFile)), cipher.final()]);
  const envelope: Envelope = {
    algorithm: "AES-256-GCM",
    // Named one by one: nothing else given (a data key in clear) can reach the file.
    keyId: master.keyId,
    region: master.region,
    ciphertextBlob: master.ciphertextBlob,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
  };
  fs.writeFileSync(encryptedFile, sealed);
  fs.writeFileSync(envelopeFileOf(encryptedFile), JSON.stringify(envelope, null, 2) + "\n");
  return envelope;
}

/** Removes what sealFile wrote (nothing else: the input file stays). */
export function removeSealedFile(encryptedFile: string): void {
  fs.rmSync(encryptedFile, { force: true });
  fs.rmSync(envelopeFileOf(encryptedFile), { force: true });
}
