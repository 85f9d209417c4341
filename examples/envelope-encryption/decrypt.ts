/**
 * Decrypts a file sealed by this stack: KKMS decrypts the data key from the envelope's blob (the `decrypt`
 * function), then the file is opened locally. Reads the endpoint and credentials from the environment
 * (KKMS_ENDPOINT, KSYUN_ACCESS_KEY, KSYUN_SECRET_KEY, KSYUN_REGION).
 *
 *   npx ts-node decrypt.ts secret-notes.txt.enc [output-file]
 */
import * as fs from "fs";
import { decrypt } from "pulumi-kkms";
import { openFile, type Envelope } from "./envelope";

export async function decryptFile(encryptedFile: string): Promise<Buffer> {
  const envelope = JSON.parse(fs.readFileSync(`${encryptedFile}.envelope.json`, "utf8")) as Envelope;
  const { plaintextBase64 } = await decrypt({
    keyId: envelope.keyId,
    ciphertextBlob: envelope.ciphertextBlob,
    region: envelope.region,
  });
  return openFile(Buffer.from(plaintextBase64, "base64"), encryptedFile, envelope);
}

async function main(argv: string[]): Promise<void> {
  const [encryptedFile, outputFile] = argv;
  if (!encryptedFile) throw new Error("usage: decrypt.ts <encrypted-file> [output-file]");
  const plaintext = await decryptFile(encryptedFile);
  if (outputFile) fs.writeFileSync(outputFile, plaintext);
  else process.stdout.write(plaintext);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
