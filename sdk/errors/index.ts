export { KkmsError, type KkmsErrorDetails } from "./KkmsError";
export { isKkmsError, isNotFound, isThrottled, isDryRunSuccess, isMaybeProcessed } from "./guards";
export * from "./clientErrorCodes";
export { parameterError, missingParameter, invalidParameter } from "./parameterErrors";
