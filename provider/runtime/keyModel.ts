import type { KmsKey } from "../../sdk/types";

/** The Key resource's checked inputs: defaults applied, `region` the configured one when not given. */
export interface KeyInputs {
  keyName: string;
  description: string;
  keyState: "Enabled" | "Disabled";
  keyUsage: string;
  origin: string;
  chargeType: string;
  region?: string;
  /** Set by the Key class when no keyName was given: `${name}-`, to which check appends a stable suffix. */
  autoNamePrefix?: string;
  /** An existing key this resource manages instead of creating one. */
  adoptKeyId?: string;
}

/** The Key resource's outputs, one per declared property of the class. */
export interface KeyOutputs {
  keyId: string;
  keyName: string;
  description: string;
  keyState: string;
  keyUsage: string;
  origin: string;
  chargeType: string;
  region: string;
  createTime: string;
}

export const KEY_DEFAULTS = {
  keyState: "Enabled",
  keyUsage: "EncryptDecrypt",
  origin: "kms",
  chargeType: "PostPaidByDay",
  description: "",
} as const;

/** Inputs that cannot change in place: a new key replaces the old one. */
export const REPLACING_KEY_INPUTS = ["keyUsage", "origin", "chargeType", "region"] as const;
/** Inputs that ModifyKey / ModifyKeyState change in place. */
export const UPDATABLE_KEY_INPUTS = ["keyName", "description", "keyState"] as const;

/** The service does not return ChargeType; it and the region come from what the key was created with. */
export function toKeyOutputs(key: KmsKey, chargeType: string, region: string): KeyOutputs {
  return {
    keyId: key.keyId,
    keyName: key.keyName,
    description: key.description,
    keyState: key.keyState,
    keyUsage: key.keyUsage,
    origin: key.origin,
    chargeType,
    region,
    createTime: key.createTime,
  };
}
