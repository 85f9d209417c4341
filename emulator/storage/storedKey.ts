import type { KeyState } from "../../sdk/types";

/** What DescribeKeys shows of a key, and whose it is: what a listing reads, never the material. */
export interface KeyMetadata {
  keyId: string;
  accountId: string;
  region: string;
  keyName: string;
  description: string;
  keyState: KeyState;
  keyUsage: string;
  origin: string;
  /** Epoch milliseconds. */
  createTime: number;
  /** Epoch milliseconds when a PendingDeletion key is purged; null otherwise. */
  deletionTime: number | null;
}

/** A key as the store holds it. `material` is always the root-key-wrapped blob, never raw key material. */
export interface StoredKey extends KeyMetadata {
  chargeType: string;
  wrappedMaterial: Buffer;
}
