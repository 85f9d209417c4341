import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "crypto";

/**
 * kkms-local's cryptography. Key material is 256 random bits; Encrypt uses AES-256-GCM with a random IV.
 *
 * Ciphertext blob, version 1 (base64 on the wire):
 *   0x01 | u16 keyIdLength | keyId (UTF-8) | IV (12 bytes) | ciphertext | tag (16 bytes)
 * authenticated with AAD = lp("kkms-local/v1") | lp(account) | lp(region) | lp(keyId), lp = u16 length + UTF-8.
 * The key id travels in clear so Decrypt can tell "made under another key" from "altered"; the AAD binds it,
 * and the owner, so no bit of the blob can change unnoticed and no other account's key can open it.
 */
export const KEY_MATERIAL_BYTES = 32;
export const BLOB_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BLOB_AAD_LABEL = "kkms-local/v1";
const WRAP_AAD_LABEL = "kkms-local/material/v1";
const ROOT_CHECK_LABEL = "kkms-local/root-key-check/v1";

/** Whose key, and which one: bound into every blob and every wrapped material. */
export interface KeyBinding {
  accountId: string;
  region: string;
  keyId: string;
}

export function generateKeyMaterial(): Buffer {
  return randomBytes(KEY_MATERIAL_BYTES);
}

export function sealCiphertext(material: Buffer, binding: KeyBinding, plaintext: Buffer): Buffer {
  const keyId = Buffer.from(binding.keyId, "utf8");
  const header = Buffer.concat([Buffer.from([BLOB_VERSION]), u16(keyId.length), keyId]);
  return Buffer.concat([header, gcmSeal(material, blobAad(binding), plaintext)]);
}

/** The key id a blob says it was made under, or undefined when the blob is not a version-1 blob at all. */
export function readBlobKeyId(blob: Buffer): string | undefined {
  const parsed = parseBlob(blob);
  return parsed?.keyId;
}

/** The plaintext, or undefined when the blob is malformed, altered, or not made under this key and owner. */
export function openCiphertext(material: Buffer, binding: KeyBinding, blob: Buffer): Buffer | undefined {
  const parsed = parseBlob(blob);
  if (parsed === undefined || parsed.keyId !== binding.keyId) return undefined;
  return gcmOpen(material, blobAad(binding), parsed.sealed);
}

/** Key material at rest: AES-256-GCM under the root key, bound to its owner and key id. */
export function wrapMaterial(rootKey: Buffer, binding: KeyBinding, material: Buffer): Buffer {
  return Buffer.concat([Buffer.from([BLOB_VERSION]), gcmSeal(rootKey, wrapAad(binding), material)]);
}

export function unwrapMaterial(rootKey: Buffer, binding: KeyBinding, wrapped: Buffer): Buffer {
  const material =
    wrapped[0] === BLOB_VERSION ? gcmOpen(rootKey, wrapAad(binding), wrapped.subarray(1)) : undefined;
  if (material === undefined || material.length !== KEY_MATERIAL_BYTES) {
    throw new KeyMaterialError(`The stored material of key ${binding.keyId} cannot be unwrapped.`);
  }
  return material;
}

/** Stored beside the keys so a wrong root key is caught at start, not at the first Decrypt. */
export function rootKeyCheckValue(rootKey: Buffer): string {
  return createHmac("sha256", rootKey).update(ROOT_CHECK_LABEL).digest("hex");
}

/** The data dir's material cannot be read with this root key: a bug or a tampered database, never a client error. */
export class KeyMaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyMaterialError";
  }
}

function parseBlob(blob: Buffer): { keyId: string; sealed: Buffer } | undefined {
  if (blob.length < 3 || blob[0] !== BLOB_VERSION) return undefined;
  const keyIdLength = blob.readUInt16BE(1);
  const sealedStart = 3 + keyIdLength;
  if (blob.length < sealedStart + IV_BYTES + TAG_BYTES) return undefined;
  return {
    keyId: blob.subarray(3, sealedStart).toString("utf8"),
    sealed: blob.subarray(sealedStart),
  };
}

/** IV | ciphertext | tag */
function gcmSeal(key: Buffer, aad: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, aad: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

function blobAad(binding: KeyBinding): Buffer {
  return lengthPrefixed([BLOB_AAD_LABEL, binding.accountId, binding.region, binding.keyId]);
}

function wrapAad(binding: KeyBinding): Buffer {
  return lengthPrefixed([WRAP_AAD_LABEL, binding.accountId, binding.region, binding.keyId]);
}

function lengthPrefixed(parts: readonly string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, "utf8");
      return [u16(bytes.length), bytes];
    }),
  );
}

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}
