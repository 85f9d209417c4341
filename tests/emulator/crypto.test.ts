import {
  BLOB_VERSION,
  KeyMaterialError,
  generateKeyMaterial,
  lengthPrefixed,
  openCiphertext,
  readBlobKeyId,
  rootKeyCheckValue,
  sealCiphertext,
  unwrapMaterial,
  wrapMaterial,
} from "../../emulator/storage/crypto";
import { inspect } from "util";
import { newKeyId } from "../../emulator/actions/keyIds";
import { MaterialCache } from "../../emulator/storage/materialCache";
import { fillRandomIv } from "../../emulator/storage/randomIvs";
import { parseRootKey } from "../../emulator/storage/rootKey";

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

  it("never repeat an IV, across many refills of the IV pool, interleaved with wrapping", () => {
    const ivs = new Set<string>();
    const ivStart = 3 + binding.keyId.length;
    for (let i = 0; i < 3000; i++) {
      const blob = sealCiphertext(material, binding, plaintext);
      ivs.add(blob.subarray(ivStart, ivStart + 12).toString("hex"));
      if (i % 100 === 0) expect(openCiphertext(material, binding, blob)).toEqual(plaintext);
      if (i % 7 === 0) ivs.add(wrapMaterial(material, binding, material).subarray(1, 13).toString("hex"));
    }
    expect(ivs.size).toBe(3000 + Math.ceil(3000 / 7));
  });

  it("of garbage name no key", () => {
    expect(readBlobKeyId(Buffer.alloc(0))).toBeUndefined();
    expect(readBlobKeyId(Buffer.from([2, 0, 1, 65]))).toBeUndefined();
    expect(readBlobKeyId(Buffer.from([1, 0xff, 0xff, 1, 2, 3]))).toBeUndefined();
  });
});

describe("random IVs", () => {
  it("hand out fresh bytes where asked, each only once, and refuse more than a pool holds", () => {
    const target = Buffer.alloc(12 * 600 + 4, 0xee);
    for (let i = 0; i < 600; i++) fillRandomIv(target, 2 + 12 * i, 12);
    expect(target.subarray(0, 2)).toEqual(Buffer.from([0xee, 0xee]));
    expect(target.subarray(target.length - 2)).toEqual(Buffer.from([0xee, 0xee]));
    const chunks = Array.from({ length: 600 }, (_, i) =>
      target.subarray(2 + 12 * i, 14 + 12 * i).toString("hex"),
    );
    expect(new Set(chunks).size).toBe(600);
    expect(() => fillRandomIv(Buffer.alloc(8192), 0, 8192)).toThrow(/longer than the pool/);
  });
});

describe("authenticated data", () => {
  it.each([
    [["kkms-local/v1", "100000000001", "cn-beijing-6", "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7"]],
    [["", "ключ", "🔑", "a".repeat(300)]],
    [[]],
  ])("is each part's u16 byte length, then its UTF-8 bytes: %j", (parts) => {
    const expected = Buffer.concat(
      parts.flatMap((part) => {
        const bytes = Buffer.from(part, "utf8");
        const length = Buffer.alloc(2);
        length.writeUInt16BE(bytes.length);
        return [length, bytes];
      }),
    );
    expect(lengthPrefixed(parts)).toEqual(expected);
  });

  it("refuses a part longer than a u16 can say", () => {
    expect(() => lengthPrefixed(["x".repeat(65_536)])).toThrow(/out of range/);
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

describe("the material cache", () => {
  const rootKey = generateKeyMaterial();
  const material = generateKeyMaterial();
  const wrapped = wrapMaterial(rootKey, binding, material);

  it("unwraps once per stored blob, and serves that blob's material after", () => {
    const cache = new MaterialCache(rootKey);
    const first = cache.unwrap(binding, wrapped);
    expect(first).toEqual(material);
    expect(cache.unwrap(binding, Buffer.from(wrapped))).toBe(first);
    // Its own memory, not a slice of a shared slab that would keep other requests' bytes alive with it.
    expect(first.buffer.byteLength).toBe(first.length);
  });

  it("unwraps afresh when the stored blob changed: a new material, or one altered in any byte", () => {
    const cache = new MaterialCache(rootKey);
    cache.unwrap(binding, wrapped);
    const rotated = generateKeyMaterial();
    expect(cache.unwrap(binding, wrapMaterial(rootKey, binding, rotated))).toEqual(rotated);
    const altered = Buffer.from(wrapped);
    altered[altered.length - 1] ^= 1;
    expect(() => cache.unwrap(binding, altered)).toThrow(KeyMaterialError);
    expect(cache.unwrap(binding, wrapped)).toEqual(material);
  });

  it.each([
    ["another account", { ...binding, accountId: "2" }],
    ["another region", { ...binding, region: "cn-shanghai-2" }],
  ])("never serves a key id's material for %s, even with the same blob", (_name, other) => {
    const cache = new MaterialCache(rootKey);
    cache.unwrap(binding, wrapped);
    expect(() => cache.unwrap(other, wrapped)).toThrow(KeyMaterialError);
  });

  it("unwraps with its own root key only", () => {
    const cache = new MaterialCache(generateKeyMaterial());
    expect(() => cache.unwrap(binding, wrapped)).toThrow(KeyMaterialError);
  });

  it("keeps at most its capacity, dropping the least recently used", () => {
    const cache = new MaterialCache(rootKey, 2);
    const keys = ["a", "b", "c"].map((keyId) => {
      const owner = { ...binding, keyId };
      return { owner, wrapped: wrapMaterial(rootKey, owner, generateKeyMaterial()) };
    });
    const [a, b, c] = keys;
    const materialOfA = cache.unwrap(a.owner, a.wrapped);
    const materialOfB = cache.unwrap(b.owner, b.wrapped);
    expect(cache.unwrap(a.owner, a.wrapped)).toBe(materialOfA);
    const materialOfC = cache.unwrap(c.owner, c.wrapped);
    expect(cache.size).toBe(2);
    expect(cache.unwrap(a.owner, a.wrapped)).toBe(materialOfA);
    expect(cache.unwrap(c.owner, c.wrapped)).toBe(materialOfC);
    const again = cache.unwrap(b.owner, b.wrapped);
    expect(again).toEqual(materialOfB);
    expect(again).not.toBe(materialOfB);
  });

  it("shows neither material nor root key when printed or serialized", () => {
    const cache = new MaterialCache(rootKey);
    cache.unwrap(binding, wrapped);
    const shown = [inspect(cache), inspect({ context: cache }, { depth: 5 }), JSON.stringify({ cache })];
    expect(shown).toEqual(["MaterialCache { entries: 1 }", expect.any(String), '{"cache":{"entries":1}}']);
    for (const text of shown) {
      for (const secret of [material, rootKey]) {
        expect(text).not.toContain(secret.toString("hex"));
        expect(text).not.toContain(secret.toString("base64"));
        expect(text).not.toMatch(/<Buffer/);
      }
    }
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
