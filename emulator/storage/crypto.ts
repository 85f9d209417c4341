import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "crypto";
import { fillRandomIv } from "./randomIvs";

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

/** The blob is written into one buffer: the header, then IV | ciphertext | tag in place. */
export function sealCiphertext(material: Buffer, binding: KeyBinding, plaintext: Buffer): Buffer {
  const keyIdLength = Buffer.byteLength(binding.keyId, "utf8");
  const sealedStart = 3 + keyIdLength;
  const blob = Buffer.allocUnsafe(sealedStart + sealedLength(plaintext));
  blob[0] = BLOB_VERSION;
  blob.writeUInt16BE(keyIdLength, 1);
  blob.write(binding.keyId, 3, "utf8");
  gcmSealInto(material, blobAad(binding), plaintext, blob.subarray(sealedStart));
  return blob;
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
  const wrapped = Buffer.allocUnsafe(1 + sealedLength(material));
  wrapped[0] = BLOB_VERSION;
  gcmSealInto(rootKey, wrapAad(binding), material, wrapped.subarray(1));
  return wrapped;
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

/** GCM's ciphertext is as long as its plaintext. */
function sealedLength(plaintext: Buffer): number {
  return IV_BYTES + plaintext.length + TAG_BYTES;
}

/** IV | ciphertext | tag, written over all of `out` (sealedLength(plaintext) bytes, allocated uninitialized). */
function gcmSealInto(key: Buffer, aad: Buffer, plaintext: Buffer, out: Buffer): void {
  fillRandomIv(out, 0, IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, out.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = cipher.update(plaintext);
  const rest = cipher.final();
  // Never true with GCM; it guards against sending uninitialized or cut bytes if that ever changed.
  if (ciphertext.length + rest.length !== plaintext.length) {
    throw new Error(`AES-GCM gave ${ciphertext.length + rest.length} bytes for ${plaintext.length}.`);
  }
  ciphertext.copy(out, IV_BYTES);
  rest.copy(out, IV_BYTES + ciphertext.length);
  cipher.getAuthTag().copy(out, out.length - TAG_BYTES);
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

/** `u16 length | UTF-8` of each part, written into one buffer: it is built for every Encrypt and Decrypt. */
export function lengthPrefixed(parts: readonly string[]): Buffer {
  let size = 0;
  for (const part of parts) size += 2 + Buffer.byteLength(part, "utf8");
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    const length = Buffer.byteLength(part, "utf8");
    offset = out.writeUInt16BE(length, offset);
    offset += out.write(part, offset, "utf8");
  }
  return out;
}
