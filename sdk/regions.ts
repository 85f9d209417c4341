/**
 * Region names Kingsoft Cloud publishes. The host is the same for all of them; the region only enters the
 * signing scope. The client accepts any region name (new ones appear); kkms-local checks against this list.
 */
export const KNOWN_REGIONS: readonly string[] = [
  "cn-beijing-6",
  "cn-beijing-1",
  "cn-beijing-3",
  "cn-beijing-5",
  "cn-shanghai-2",
  "cn-shanghai-1",
  "cn-shanghai-3",
  "cn-shanghai-5",
  "cn-hongkong-2",
  "cn-hongkong-1",
  "cn-hongkong-3",
  "cn-hongkong-5",
  "cn-guangzhou-1",
  "cn-northwest-1",
  "cn-taipei-1",
  "ap-singapore-1",
  "eu-east-1",
];
