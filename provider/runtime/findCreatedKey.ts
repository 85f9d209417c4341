import type { KkmsClient } from "../../sdk/client";
import type { KmsKey } from "../../sdk/types";

// KKMS prints CreateTime in China Standard Time without a zone: "2018-10-12 13:43:52".
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
// Clock difference between this machine and the service that we tolerate when matching a fresh key.
const CLOCK_TOLERANCE_MS = 2 * 60 * 1000;

/**
 * After a CreateKey whose outcome is unknown: the key it may have made — the newest Enabled key with this name
 * created since the attempt began. Found means adopt it; undefined means it is safe to create again.
 */
export async function findCreatedKey(
  client: KkmsClient,
  keyName: string,
  attemptStartedAt: Date,
): Promise<KmsKey | undefined> {
  const { keys } = await client.describeKeys();
  const since = attemptStartedAt.getTime() - CLOCK_TOLERANCE_MS;
  return keys
    .filter(
      (key) =>
        key.keyName === keyName && key.keyState === "Enabled" && parseCreateTime(key.createTime) >= since,
    )
    .sort((a, b) => parseCreateTime(b.createTime) - parseCreateTime(a.createTime))[0];
}

export function parseCreateTime(createTime: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(createTime);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s) - CST_OFFSET_MS;
}
