#!/usr/bin/env node
// @ts-check
/**
 * Decrypts a file sealed by this stack: KKMS decrypts the data key from the envelope's blob, then the file is
 * opened locally with AES-256-GCM. Plain JavaScript, so it runs with this example's own dependencies (Node and
 * pulumi-kkms): no TypeScript runner needed. Reads the endpoint and credentials from the environment
 * (KKMS_ENDPOINT, KSYUN_ACCESS_KEY, KSYUN_SECRET_KEY; the region comes from the envelope).
 *
 *   node decrypt.js secret-notes.txt.enc [output-file]
 */
const { Buffer } = require("buffer");
const { createDecipheriv } = require("crypto");
const fs = require("fs");
const { KkmsClient } = require("pulumi-kkms/sdk");

/**
 * The file's original bytes: KKMS Decrypt of the envelope's blob gives the data key.
 * @param {string} encryptedFile
 * @returns {Promise<Buffer>}
 */
async function decryptFile(encryptedFile) {
  /** @type {{ keyId: string, region: string, ciphertextBlob: string, iv: string, tag: string }} */
  const envelope = JSON.parse(fs.readFileSync(`${encryptedFile}.envelope.json`, "utf8"));
  const client = new KkmsClient({ region: envelope.region });
  try {
    const { plaintext: dataKey } = await client.decrypt({
      keyId: envelope.keyId,
      ciphertextBlob: envelope.ciphertextBlob,
    });
    const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(envelope.iv, "base64"));
    decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
    return Buffer.concat([decipher.update(fs.readFileSync(encryptedFile)), decipher.final()]);
  } finally {
    client.destroy();
  }
}

/** @param {string[]} argv */
async function main(argv) {
  const [encryptedFile, outputFile] = argv;
  if (!encryptedFile) throw new Error("usage: node decrypt.js <encrypted-file> [output-file]");
  const plaintext = await decryptFile(encryptedFile);
  if (outputFile) fs.writeFileSync(outputFile, plaintext);
  else process.stdout.write(plaintext);
}

module.exports = { decryptFile };

if (require.main === module) {
  main(process.argv.slice(2)).catch((/** @type {Error} */ err) => {
    console.error(err.message);
    process.exit(1);
  });
}
