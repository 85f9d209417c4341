export {
  generateDataKey,
  generateDataKeyOutput,
  type GenerateDataKeyArgs,
  type GenerateDataKeyResult,
} from "./generateDataKey";
export { decrypt, decryptOutput, type DecryptArgs, type DecryptResult } from "./decrypt";
export { encrypt, encryptOutput, type EncryptArgs, type EncryptResult } from "./encrypt";
export { getKey, getKeyOutput, KeyNotFoundError, type GetKeyArgs, type GetKeyResult } from "./getKey";
export { getKeys, getKeysOutput, type GetKeysArgs, type GetKeysResult } from "./getKeys";
export { InvalidArgumentsError } from "./argumentCheck";
export { UnsupportedInvokeOptionError } from "./invokeOptions";
