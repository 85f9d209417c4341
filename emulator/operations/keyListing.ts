import type { KeyState } from "../../sdk/types";
import type { KeyStore } from "../storage/keyStore";
import type { KeyMetadata } from "../storage/storedKey";

/** The newest this many keys of each account and region are listed; `count` still tells how many there are. */
export const KEYS_LISTED_PER_GROUP = 500;

/** A key as `GET /_admin/keys` shows it: what DescribeKeys shows, never its (wrapped) material. */
export interface ListedKey {
  keyId: string;
  keyName: string;
  description: string;
  keyState: KeyState;
  /** ISO 8601, UTC. */
  createTime: string;
  /** When a PendingDeletion key is purged (ISO 8601, UTC); null otherwise. */
  deletionTime: string | null;
}

export interface KeyGroup {
  accountId: string;
  region: string;
  /** Keys of this account and region, all of them (at most KEYS_LISTED_PER_GROUP are in `keys`). */
  count: number;
  /** Newest first. */
  keys: ListedKey[];
}

export interface KeyListing {
  /** Only the account-and-region pairs that hold keys, in the order of the accounts, then of the regions. */
  groups: KeyGroup[];
  total: number;
}

export interface KeyListingScope {
  store: KeyStore;
  accountIds: readonly string[];
  regions: Iterable<string>;
  nowMs: number;
  /** @default KEYS_LISTED_PER_GROUP */
  perGroup?: number;
}

/**
 * Every key the served accounts can see, by account and region, through the store's own per-owner reads (so
 * a key past its deletion window is left out exactly as DescribeKeys leaves it out). Each group is one
 * consistent read.
 */
export function listKeysByOwner(scope: KeyListingScope): KeyListing {
  const perGroup = scope.perGroup ?? KEYS_LISTED_PER_GROUP;
  const regions = [...scope.regions];
  const groups: KeyGroup[] = [];
  for (const accountId of new Set(scope.accountIds)) {
    for (const region of regions) {
      const keys = scope.store.list(accountId, region, scope.nowMs);
      if (keys.length === 0) continue;
      const newest = keys.slice(-perGroup).reverse().map(listedKey);
      groups.push({ accountId, region, count: keys.length, keys: newest });
    }
  }
  return { groups, total: groups.reduce((sum, group) => sum + group.count, 0) };
}

/** Field by field, so nothing else a listing reads can reach the page (listings never read key material). */
function listedKey(key: KeyMetadata): ListedKey {
  return {
    keyId: key.keyId,
    keyName: key.keyName,
    description: key.description,
    keyState: key.keyState,
    createTime: new Date(key.createTime).toISOString(),
    deletionTime: key.deletionTime === null ? null : new Date(key.deletionTime).toISOString(),
  };
}
