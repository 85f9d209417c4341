import { randomBytes, timingSafeEqual } from "crypto";
import { KEY_MATERIAL_BYTES, rootKeyCheckValue } from "./crypto";
import { ConfigurationError } from "../errors";
import { ensureDataDir, loadOrCreateRootKeyFile, loadRootKeyFile, ROOT_KEY_ENV } from "./rootKey";
import { KeyStore } from "./keyStore";

const ROOT_KEY_CHECK = "root_key_check";

export interface Storage {
  store: KeyStore;
  rootKey: Buffer;
}

/**
 * The key store and the root key its material is wrapped under. The root key is `rootKey` when given, else
 * `<dataDir>/root.key`, else (in memory) a random one; a root key that does not match the data dir's check
 * value stops the start, before any request could fail on it.
 */
export function openStorage(options: { dataDir?: string; rootKey?: Buffer }): Storage {
  const { dataDir } = options;
  if (dataDir !== undefined) ensureDataDir(dataDir);
  const store = KeyStore.open(dataDir);
  try {
    const check = store.getMeta(ROOT_KEY_CHECK);
    const rootKey = options.rootKey ?? defaultRootKey(dataDir, check !== undefined);
    if (rootKey.length !== KEY_MATERIAL_BYTES) throw new ConfigurationError("rootKey must be 32 bytes.");
    if (check === undefined) store.setMeta(ROOT_KEY_CHECK, rootKeyCheckValue(rootKey));
    else if (!sameHex(check, rootKeyCheckValue(rootKey))) throw wrongRootKey(dataDir);
    return { store, rootKey };
  } catch (err) {
    store.close();
    throw err;
  }
}

function defaultRootKey(dataDir: string | undefined, initialized: boolean): Buffer {
  if (dataDir === undefined) return randomBytes(KEY_MATERIAL_BYTES);
  return initialized ? loadRootKeyFile(dataDir) : loadOrCreateRootKeyFile(dataDir);
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

function wrongRootKey(dataDir: string | undefined): ConfigurationError {
  return new ConfigurationError(
    `The root key does not match the one the data dir ${dataDir ?? "(in memory)"} was created with ` +
      `(check ${ROOT_KEY_ENV} and root.key): its keys could not be unwrapped.`,
  );
}
