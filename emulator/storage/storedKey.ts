import type { KeyState } from "../../sdk/types";

/** A key as the store holds it. `material` is always the root-key-wrapped blob, never raw key material. */
export interface StoredKey {
  keyId: string;
  accountId: string;
  region: string;
  keyName: string;
  description: string;
  keyState: KeyState;
  keyUsage: string;
  origin: string;
  chargeType: string;
  /** Epoch milliseconds. */
  createTime: number;
  /** Epoch milliseconds when a PendingDeletion key is purged; null otherwise. */
  deletionTime: number | null;
  wrappedMaterial: Buffer;
}
