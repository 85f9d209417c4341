/** The KKMS API version this package speaks. */
export const API_VERSION = "2016-03-04";

export const KEY_STATES = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"] as const;
export type KeyState = (typeof KEY_STATES)[number];
/** The states ModifyKeyState accepts. */
export const SETTABLE_KEY_STATES = ["Enabled", "Disabled"] as const;
export type SettableKeyState = (typeof SETTABLE_KEY_STATES)[number];

export const KEY_USAGES = ["EncryptDecrypt"] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];
/** CreateKey accepts only `kms`; a described key may also say `extrnal` (the seed's spelling). */
export const CREATE_KEY_ORIGINS = ["kms"] as const;
export type KeyOrigin = (typeof CREATE_KEY_ORIGINS)[number] | "extrnal";
export const CHARGE_TYPES = ["PostPaidByDay"] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];
export const KEY_SPECS = ["AES128", "AES256"] as const;
export type KeySpec = (typeof KEY_SPECS)[number];

export const LIMITS = {
  /** Encrypt's Plaintext, in bytes after base64 decoding. */
  maxPlaintextBytes: 4096,
  minNumberOfBytes: 1,
  maxNumberOfBytes: 1024,
} as const;

/** The seed's `Key` data type, camelCased. */
export interface KmsKey {
  /** The KeyId. */
  keyId: string;
  /** The key's name. */
  keyName: string;
  /** `YYYY-MM-DD HH:MM:SS` as the service prints it. */
  createTime: string;
  /** The key's note ("" when none). */
  description: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport. */
  keyState: KeyState | string;
  /** `EncryptDecrypt`. */
  keyUsage: KeyUsage | string;
  /** `kms`: KKMS made the key material. */
  origin: KeyOrigin | string;
}

/** Binary input: bytes as they are, or a string taken as UTF-8 text. */
export type BinaryInput = Buffer | Uint8Array | string;

/** Every call may ask the service to validate only (`DryRun=true`); it then fails with `DryRunOperation`. */
export interface CallOptions {
  dryRun?: boolean;
}

export interface CreateKeyRequest extends CallOptions {
  keyName: string;
  description?: string;
  /** @default "EncryptDecrypt" (the only value) */
  keyUsage?: KeyUsage;
  /** @default "kms" (the only value CreateKey accepts) */
  origin?: "kms";
  /** @default "PostPaidByDay" (the only value) */
  chargeType?: ChargeType;
}

export interface DescribeKeysRequest extends CallOptions {
  /** Sent as `KeyId.1..N`; omitted lists every key of the region. */
  keyIds?: readonly string[];
}

export interface ModifyKeyRequest extends CallOptions {
  keyId: string;
  keyName?: string;
  description?: string;
}

export interface ModifyKeyStateRequest extends CallOptions {
  keyId: string;
  keyState: SettableKeyState;
}

export interface DeleteKeyRequest extends CallOptions {
  keyId: string;
}

export interface EncryptRequest extends CallOptions {
  keyId: string;
  /** 1 to 4096 bytes. */
  plaintext: BinaryInput;
}

export interface DecryptRequest extends CallOptions {
  keyId: string;
  /** The base64 text Encrypt returned, or its bytes. */
  ciphertextBlob: string | Buffer | Uint8Array;
}

export interface GenerateDataKeyRequest extends CallOptions {
  keyId: string;
  /** Decides the length when given (AES128 = 16 bytes, AES256 = 32). @default "AES256" when numberOfBytes is absent */
  keySpec?: KeySpec;
  /** 1 to 1024; used when keySpec is absent. */
  numberOfBytes?: number;
}

export interface ResponseMetadata {
  requestId: string;
}

export interface KeyResult extends ResponseMetadata {
  key: KmsKey;
}

export interface DescribeKeysResult extends ResponseMetadata {
  keys: KmsKey[];
}

export interface DeleteKeyResult extends ResponseMetadata {
  /** The seed's `Return`; a 200 without it counts as true. */
  return: boolean;
  /** The key as the service reported it, when it did (the seed's sample does). */
  key?: KmsKey;
}

export interface EncryptResult extends ResponseMetadata {
  keyId: string;
  /** Base64, to be passed back to Decrypt as it is. */
  ciphertextBlob: string;
}

export interface DecryptResult extends ResponseMetadata {
  keyId: string;
  plaintext: Buffer;
}

export interface GenerateDataKeyResult extends ResponseMetadata {
  keyId: string;
  plaintext: Buffer;
  ciphertextBlob: string;
}
