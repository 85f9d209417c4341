import { randomBytes } from "crypto";

/** Random characters appended to an auto-generated name, like Pulumi's auto-naming. */
export const AUTO_NAME_SUFFIX_LENGTH = 7;

/** A new auto-generated name: the prefix (`<resource name>-`) and 7 random hex characters. */
export function newAutoName(prefix: string): string {
  return prefix + randomBytes(AUTO_NAME_SUFFIX_LENGTH).toString("hex").slice(0, AUTO_NAME_SUFFIX_LENGTH);
}

/**
 * Whether the checked inputs' name is one check generated: then it is unique by construction (28 random bits
 * after the resource's name), and a key carrying it can only have been made for this resource.
 */
export function isAutoName(keyName: string, autoNamePrefix: unknown): boolean {
  return (
    typeof autoNamePrefix === "string" &&
    keyName.length === autoNamePrefix.length + AUTO_NAME_SUFFIX_LENGTH &&
    keyName.startsWith(autoNamePrefix) &&
    /^[0-9a-f]+$/.test(keyName.slice(autoNamePrefix.length))
  );
}
