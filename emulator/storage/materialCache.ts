import { inspect } from "util";
import { unwrapMaterial, type KeyBinding } from "./crypto";

/** Keys whose material stays unwrapped in memory; past it the least recently used is dropped. */
export const MATERIAL_CACHE_ENTRIES = 1024;

interface Entry {
  accountId: string;
  region: string;
  /** The stored blob the material was unwrapped from. */
  wrapped: Buffer;
  material: Buffer;
}

/**
 * Unwrapped key material by key id, so Encrypt, Decrypt and GenerateDataKey do not run an AES-GCM unwrap per
 * request. An entry answers only for byte-for-byte the stored blob and the owner it was unwrapped from, so a
 * row changed in any way (rotated, deleted and recreated, written by another kkms-local on the data dir) is
 * unwrapped afresh, never served stale. One cache per root key: it unwraps with the key it was made for.
 * The material never leaves through logs: inspect and JSON show the entry count only.
 */
export class MaterialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rootKey: Buffer,
    private readonly capacity = MATERIAL_CACHE_ENTRIES,
  ) {}

  /** The material of the key `wrapped` belongs to; KeyMaterialError when it cannot be unwrapped. */
  unwrap(binding: KeyBinding, wrapped: Buffer): Buffer {
    const cached = this.entries.get(binding.keyId);
    if (cached !== undefined && isEntryFor(cached, binding, wrapped)) {
      this.touch(binding.keyId, cached);
      return cached.material;
    }
    const material = ownCopy(unwrapMaterial(this.rootKey, binding, wrapped));
    this.remember(binding, wrapped, material);
    return material;
  }

  get size(): number {
    return this.entries.size;
  }

  [inspect.custom](): string {
    return `MaterialCache { entries: ${this.entries.size} }`;
  }

  toJSON(): { entries: number } {
    return { entries: this.entries.size };
  }

  /** A Map iterates in insertion order: re-inserting makes the entry the most recently used. */
  private touch(keyId: string, entry: Entry): void {
    this.entries.delete(keyId);
    this.entries.set(keyId, entry);
  }

  private remember(binding: KeyBinding, wrapped: Buffer, material: Buffer): void {
    this.entries.delete(binding.keyId);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(binding.keyId, {
      accountId: binding.accountId,
      region: binding.region,
      wrapped,
      material,
    });
  }
}

/**
 * Small buffers share 8 KiB slabs with whatever else was allocated nearby (plaintexts among them); a cached
 * one would keep its whole slab alive. Buffer.alloc never takes from the shared pool.
 */
function ownCopy(material: Buffer): Buffer {
  const copy = Buffer.alloc(material.length);
  material.copy(copy);
  return copy;
}

function isEntryFor(entry: Entry, binding: KeyBinding, wrapped: Buffer): boolean {
  return (
    entry.accountId === binding.accountId && entry.region === binding.region && entry.wrapped.equals(wrapped)
  );
}
