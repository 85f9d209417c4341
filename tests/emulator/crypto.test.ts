import {
  BLOB_VERSION,
  KeyMaterialError,
  generateKeyMaterial,
  openCiphertext,
  readBlobKeyId,
  rootKeyCheckValue,
  sealCiphertext,
  unwrapMaterial,
  wrapMaterial,
} from "../../emulator/crypto";
import { newKeyId } from "../../emulator/keyIds";
import { parseRootKey } from "../../emulator/rootKey";

const binding = {
  accountId: "100000000001",
  region: "cn-beijing-6",
  keyId: "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7",
};

describe("ciphertext blobs", () => {
  const material = generateKeyMaterial();
  const plaintext = Buffer.from("attack at dawn");

  it("are version 1, length-prefixed, and name their key", () => {
    const blob = sealCiphertext(material, binding, plaintext);
    expect(blob[0]).toBe(BLOB_VERSION);
    expect(blob.readUInt16BE(1)).toBe(36);
    expect(blob.subarray(3, 39).toString()).toBe(binding.keyId);
    expect(blob).toHaveLength(1 + 2 + 36 + 12 + plaintext.length + 16);
    expect(readBlobKeyId(blob)).toBe(binding.keyId);
    expect(openCiphertext(material, binding, blob)).toEqual(plaintext);
  });

  it.each([
    ["another account", { ...binding, accountId: "2" }],
    ["another region", { ...binding, region: "cn-shanghai-2" }],
    ["another key id", { ...binding, keyId: "other" }],
  ])("do not open for %s", (_name, other) => {
    expect(openCiphertext(material, other, sealCiphertext(material, binding, plaintext))).toBeUndefined();
  });

  it("do not open under other material, altered or cut short", () => {
    const blob = sealCiphertext(material, binding, plaintext);
    expect(openCiphertext(generateKeyMaterial(), binding, blob)).toBeUndefined();
    for (let i = 0; i < blob.length; i++) {
      const altered = Buffer.from(blob);
      altered[i] ^= 0x80;
      expect(openCiphertext(material, binding, altered)).toBeUndefined();
      expect(openCiphertext(material, binding, blob.subarray(0, i))).toBeUndefined();
    }
  });

  it("of garbage name no key", () => {
    expect(readBlobKeyId(Buffer.alloc(0))).toBeUndefined();
    expect(readBlobKeyId(Buffer.from([2, 0, 1, 65]))).toBeUndefined();
    expect(readBlobKeyId(Buffer.from([1, 0xff, 0xff, 1, 2, 3]))).toBeUndefined();
  });
});

describe("material at rest", () => {
  it("is wrapped under the root key, bound to its owner", () => {
    const rootKey = generateKeyMaterial();
    const material = generateKeyMaterial();
    const wrapped = wrapMaterial(rootKey, binding, material);
    expect(wrapped.includes(material)).toBe(false);
    expect(unwrapMaterial(rootKey, binding, wrapped)).toEqual(material);
    expect(() => unwrapMaterial(generateKeyMaterial(), binding, wrapped)).toThrow(KeyMaterialError);
    expect(() => unwrapMaterial(rootKey, { ...binding, accountId: "x" }, wrapped)).toThrow(KeyMaterialError);
  });

  it("has a root key check value that tells keys apart without revealing them", () => {
    const rootKey = Buffer.alloc(32, 1);
    expect(rootKeyCheckValue(rootKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(rootKeyCheckValue(rootKey)).toBe(rootKeyCheckValue(Buffer.alloc(32, 1)));
    expect(rootKeyCheckValue(rootKey)).not.toBe(rootKeyCheckValue(Buffer.alloc(32, 2)));
    expect(rootKeyCheckValue(rootKey)).not.toContain(rootKey.toString("hex"));
  });
});

describe("root keys from text", () => {
  it("take 64 hex digits or base64 of 32 bytes", () => {
    const bytes = Buffer.alloc(32, 0xab);
    expect(parseRootKey(bytes.toString("hex"), "env")).toEqual(bytes);
    expect(parseRootKey(bytes.toString("base64") + "\n", "env")).toEqual(bytes);
  });

  it.each(["", "abc", Buffer.alloc(16).toString("base64"), "zz".repeat(32)])(
    "refuse %j, naming the source",
    (text) => {
      expect(() => parseRootKey(text, "KKMS_LOCAL_ROOT_KEY")).toThrow(
        /KKMS_LOCAL_ROOT_KEY must hold a 32-byte root key/,
      );
    },
  );
});

describe("key ids", () => {
  it("look like the seed's, and do not repeat", () => {
    const ids = Array.from({ length: 1000 }, newKeyId);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-v]{8}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{4}-[0-9a-v]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
