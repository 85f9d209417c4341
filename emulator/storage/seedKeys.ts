import * as fs from "fs";
import type { KeyState } from "../../sdk/types";
import type { AccountDirectory } from "../auth/accounts";
import { KEY_MATERIAL_BYTES, generateKeyMaterial, wrapMaterial } from "./crypto";
import { decodeBase64 } from "../../sdk/validation";
import { ConfigurationError } from "../errors";
import { checkFields, matches, oneOf, optional, text, type FieldRule } from "../jsonRules";
import { SEED_KEY_ID } from "../actions/keyIds";
import { EMULATOR_LIMITS } from "../actions/limits";
import type { KeyStore } from "./keyStore";
import type { StoredKey } from "./storedKey";

/** A key to create at start (`--seed FILE`): fixed id, name and state, optionally fixed material. */
export interface SeedKey {
  /** @default the first account */
  accountId?: string;
  /** @default the default region */
  region?: string;
  keyId: string;
  keyName: string;
  description?: string;
  /** @default "Enabled" */
  keyState?: "Enabled" | "Disabled" | "PendingImport";
  /** Base64 of 32 bytes; @default random */
  material?: string;
}

const SEED_STATES = ["Enabled", "Disabled", "PendingImport"] as const;

export function loadSeedFile(file: string): SeedKey[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigurationError(`Cannot read the seed file ${file}: ${(err as Error).message}`);
  }
  return parseSeedKeys(json, file);
}

export function parseSeedKeys(json: unknown, source: string): SeedKey[] {
  if (!Array.isArray(json)) throw new ConfigurationError(`${source} must be a JSON array of keys.`);
  return json.map((entry, index) => parseSeedKey(entry, `${source}[${index}]`));
}

const SEED_FIELDS: readonly FieldRule[] = [
  ["accountId", optional(text(1, 64)), "an account id"],
  ["region", optional(text(1, 64)), "a region name"],
  ["keyId", matches(SEED_KEY_ID), "1-128 of A-Z a-z 0-9 . _ - (starting with a letter or digit)"],
  ["keyName", text(EMULATOR_LIMITS.keyName.min, EMULATOR_LIMITS.keyName.max), "a string of 1-256 characters"],
  ["description", optional(text(0, EMULATOR_LIMITS.description.max)), "a string of at most 1024 characters"],
  ["keyState", optional(oneOf(SEED_STATES)), SEED_STATES.join(" | ")],
  ["material", optional(isMaterial), "base64 of 32 bytes"],
];

function parseSeedKey(json: unknown, where: string): SeedKey {
  return checkFields(json, where, SEED_FIELDS) as unknown as SeedKey;
}

function isMaterial(value: unknown): boolean {
  return typeof value === "string" && decodeBase64(value)?.length === KEY_MATERIAL_BYTES;
}

export interface SeedTarget {
  store: KeyStore;
  rootKey: Buffer;
  accounts: AccountDirectory;
  regions: ReadonlySet<string>;
  defaultRegion: string;
  now: Date;
}

/** Creates the seeded keys whose KeyId does not exist yet; existing keys are left alone. Returns the ids created. */
export function applySeedKeys(seeds: readonly SeedKey[], target: SeedTarget): string[] {
  const keys = seeds.map((seed, index) => storedKeyOf(seed, index, target));
  return target.store.transaction(() =>
    keys.filter((key) => target.store.insertIfAbsent(key)).map((key) => key.keyId),
  );
}

function storedKeyOf(seed: SeedKey, index: number, target: SeedTarget): StoredKey {
  const accountId = seed.accountId ?? target.accounts.first.accountId;
  if (!target.accounts.accounts.some((account) => account.accountId === accountId)) {
    throw new ConfigurationError(`seed[${index}].accountId ${accountId} is not a configured account.`);
  }
  const region = seed.region ?? target.defaultRegion;
  if (!target.regions.has(region))
    throw new ConfigurationError(`seed[${index}].region ${region} is not a known region.`);
  const binding = { accountId, region, keyId: seed.keyId };
  const material = seed.material === undefined ? generateKeyMaterial() : Buffer.from(seed.material, "base64");
  return {
    ...binding,
    keyName: seed.keyName,
    description: seed.description ?? "",
    keyState: (seed.keyState ?? "Enabled") as KeyState,
    keyUsage: "EncryptDecrypt",
    origin: "kms",
    chargeType: "PostPaidByDay",
    createTime: target.now.getTime(),
    deletionTime: null,
    wrappedMaterial: wrapMaterial(target.rootKey, binding, material),
  };
}
