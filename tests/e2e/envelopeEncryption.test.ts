import * as fs from "fs";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { decryptFile } from "../../examples/envelope-encryption/decrypt";
import { liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/** examples/envelope-encryption: the file decrypts back byte for byte through KKMS Decrypt of the data key's blob. */
const PROJECT = "kkms-envelope-encryption";
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("envelope-encryption");
});

afterAll(() => run.close());

test("the encrypted file holds no plaintext, keeps only the data key's blob, and decrypts back exactly", async () => {
  const original = Buffer.concat([
    Buffer.from("binary \u0000\u00ff and text ✓\n"),
    Buffer.alloc(70_000, 0xab),
  ]);
  const inputFile = path.join(run.workDir, "notes.bin");
  const encryptedFile = path.join(run.workDir, "notes.bin.enc");
  fs.writeFileSync(inputFile, original);
  const stack = run.open({
    [`${PROJECT}:inputFile`]: inputFile,
    [`${PROJECT}:encryptedFile`]: encryptedFile,
  });

  const result = await stack.up();
  const envelope = JSON.parse(fs.readFileSync(`${encryptedFile}.envelope.json`, "utf8"));
  expect(envelope).toMatchObject({
    algorithm: "AES-256-GCM",
    keyId: result.outputs.masterKeyId.value,
    ciphertextBlob: result.outputs.dataKeyBlob.value,
  });
  const dataKey = (
    await run.client.decrypt({ keyId: envelope.keyId, ciphertextBlob: envelope.ciphertextBlob })
  ).plaintext;
  const sealed = fs.readFileSync(encryptedFile);
  expect(sealed.includes(original.subarray(0, 16))).toBe(false);
  expect(fs.readFileSync(`${encryptedFile}.envelope.json`, "utf8")).not.toContain(dataKey.toString("base64"));

  const saved = { ...process.env };
  Object.assign(process.env, {
    KKMS_ENDPOINT: run.emulator.url,
    KSYUN_ACCESS_KEY: DEVELOPMENT_ACCOUNT.accessKeyId,
    KSYUN_SECRET_KEY: DEVELOPMENT_ACCOUNT.secretAccessKey,
  });
  try {
    expect((await decryptFile(encryptedFile)).equals(original)).toBe(true);
  } finally {
    process.env = saved;
  }

  await stack.destroy();
  expect(await liveKeys(run.client)).toEqual([]);
});
