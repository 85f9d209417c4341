import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DEVELOPMENT_ACCOUNT } from "../../emulator";
import { makeSecret } from "../../offline-engine/providers/secrets";
import { EXAMPLES, liveKeys, startExampleRun, type ExampleRun } from "./support/exampleStack";

/**
 * examples/envelope-encryption: the files are written by `up` only (never by a preview), decrypted by the
 * example's own `node decrypt.js` through KKMS Decrypt of the data key's blob, sealed again when the input
 * changes, and removed by `destroy`.
 */
const PROJECT = "kkms-envelope-encryption";
const EXAMPLE = path.join(EXAMPLES, "envelope-encryption");
let run: ExampleRun;

beforeAll(async () => {
  run = await startExampleRun("envelope-encryption");
});

afterAll(() => run.close());

/**
 * `node decrypt.js FILE` as the README runs it: from the example's folder, configured by the environment. Not
 * spawnSync: kkms-local answers from this process, whose event loop must keep running.
 */
function decryptScript(
  encryptedFile: string,
): Promise<{ status: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, ["decrypt.js", encryptedFile], {
    cwd: EXAMPLE,
    env: {
      PATH: process.env.PATH,
      KKMS_ENDPOINT: run.emulator.url,
      KSYUN_ACCESS_KEY: DEVELOPMENT_ACCOUNT.accessKeyId,
      KSYUN_SECRET_KEY: DEVELOPMENT_ACCOUNT.secretAccessKey,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve) =>
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString("utf8") }),
    ),
  );
}

test("preview writes nothing; up writes the files; decrypt.js reads them back; destroy removes them", async () => {
  const original = Buffer.concat([
    Buffer.from("binary \u0000\u00ff and text ✓\n"),
    Buffer.alloc(70_000, 0xab),
  ]);
  const inputFile = path.join(run.workDir, "notes.bin");
  const encryptedFile = path.join(run.workDir, "notes.bin.enc");
  const envelopeFile = `${encryptedFile}.envelope.json`;
  fs.writeFileSync(inputFile, original);
  const stack = run.open({
    [`${PROJECT}:inputFile`]: inputFile,
    [`${PROJECT}:encryptedFile`]: encryptedFile,
  });

  const preview = await stack.preview();
  expect(preview.steps.find((step) => step.name === "sealed-notes")?.op).toBe("create");
  expect(fs.existsSync(encryptedFile)).toBe(false);
  expect(fs.existsSync(envelopeFile)).toBe(false);

  const result = await stack.up();
  const envelope = JSON.parse(fs.readFileSync(envelopeFile, "utf8"));
  expect(envelope).toMatchObject({
    algorithm: "AES-256-GCM",
    keyId: result.outputs.masterKeyId.value,
    ciphertextBlob: result.outputs.dataKeyBlob.value,
  });
  expect(result.outputs.envelopePath.value).toBe(envelopeFile);
  const dataKey = (
    await run.client.decrypt({ keyId: envelope.keyId, ciphertextBlob: envelope.ciphertextBlob })
  ).plaintext;
  expect(fs.readFileSync(encryptedFile).includes(original.subarray(0, 16))).toBe(false);
  expect(fs.readFileSync(envelopeFile, "utf8")).not.toContain(dataKey.toString("base64"));
  // The data key is in the state only as a secret (the DataKey's plaintext, the SealedFile's input).
  const state = JSON.stringify(stack.state());
  const asSecret = JSON.stringify(makeSecret(dataKey.toString("base64")));
  expect(state.includes(asSecret)).toBe(true);
  expect(state.split(asSecret).join("").includes(dataKey.toString("base64"))).toBe(false);

  const decrypted = await decryptScript(encryptedFile);
  expect(decrypted.stderr).toBe("");
  expect(decrypted.status).toBe(0);
  expect(decrypted.stdout.equals(original)).toBe(true);

  // Unchanged: nothing is written again. An edited input is sealed again, in place.
  const sealedBefore = fs.readFileSync(encryptedFile);
  expect((await stack.preview()).steps.find((step) => step.name === "sealed-notes")?.op).toBe("same");
  expect((await stack.up()).steps.find((step) => step.name === "sealed-notes")?.op).toBe("same");
  expect(fs.readFileSync(encryptedFile).equals(sealedBefore)).toBe(true);
  const edited = Buffer.from("edited notes\n");
  fs.writeFileSync(inputFile, edited);
  const previewEdit = await stack.preview();
  expect(previewEdit.steps.find((step) => step.name === "sealed-notes")?.op).toBe("update");
  expect(fs.readFileSync(encryptedFile).equals(sealedBefore)).toBe(true);
  expect((await stack.up()).steps.find((step) => step.name === "sealed-notes")?.op).toBe("update");
  expect((await decryptScript(encryptedFile)).stdout.equals(edited)).toBe(true);

  await stack.destroy();
  expect(fs.existsSync(encryptedFile)).toBe(false);
  expect(fs.existsSync(envelopeFile)).toBe(false);
  expect(fs.readFileSync(inputFile).equals(edited)).toBe(true);
  expect(await liveKeys(run.client)).toEqual([]);
});

test("decrypt.js names what it needs when given no file", async () => {
  const result = await decryptScript("");
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("usage: node decrypt.js <encrypted-file> [output-file]");
});
