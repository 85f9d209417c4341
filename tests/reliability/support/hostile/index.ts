/**
 * Generators of malformed KKMS requests for the hostile-input test, one family per kind of hostility.
 */
export type { HostileCase, HostileTarget } from "./cases";
export { toWire } from "./cases";
export {
  base64Case,
  ciphertextCase,
  duplicateCase,
  hugeCase,
  methodOrPathCase,
  nonUtf8Case,
  parameterCase,
} from "./parameterCases";
export { signatureCase } from "./signatureCases";
export { garbageCase, headerCase, injectionCase, rawBytesOf } from "./rawCases";
