/** Codes the SDK raises itself, when no KKMS answer could be read. */
export const NETWORK_ERROR = "NetworkError";
export const REQUEST_TIMEOUT = "RequestTimeout";
/** The response was not a KKMS document (a proxy's HTML page, an empty 502). */
export const UNEXPECTED_RESPONSE = "UnexpectedResponse";
export const MISSING_CREDENTIALS = "MissingCredentials";
export const INVALID_CONFIGURATION = "InvalidConfiguration";

export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  NETWORK_ERROR,
  REQUEST_TIMEOUT,
  UNEXPECTED_RESPONSE,
  MISSING_CREDENTIALS,
  INVALID_CONFIGURATION,
]);
