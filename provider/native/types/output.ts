/** A key as DescribeKeys reports it (`kkms:index:KmsKey`). */
export interface KmsKey {
  /** The KeyId. */
  keyId: string;
  keyName: string;
  description: string;
  /** `Enabled`, `Disabled`, `PendingDeletion` or `PendingImport`. */
  keyState: string;
  keyUsage: string;
  origin: string;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  createTime: string;
}
