/**
 * Every error code on the wire: the seed's common-error table (texts and HTTP statuses verbatim, `%s` filled in
 * order), plus the codes kkms-local defines for what the seed leaves open. Shared by the client (retry and
 * not-found decisions) and kkms-local (answers), so both always agree.
 */
export type ErrorType = "Sender" | "Receiver";

export interface ErrorTemplate {
  code: string;
  status: number;
  message: string;
  /** `seed`: the KKMS overview's table. `kkms-local`: our own, documented in the README. */
  origin: "seed" | "kkms-local";
}

function seed(code: string, status: number, message: string): ErrorTemplate {
  return { code, status, message, origin: "seed" };
}

function local(code: string, status: number, message: string): ErrorTemplate {
  return { code, status, message, origin: "kkms-local" };
}

export const ERRORS = {
  missingHost: seed("MissingAuthenticationToken", 403, "Request is missing 'Host' header."),
  missingAuthenticationToken: seed(
    "MissingAuthenticationToken",
    403,
    "Request is missing Authentication Token.",
  ),
  headerNotPresent: seed("MissingAuthenticationToken", 403, "%s not in Http Header."),
  // The seed prints this one without its opening quote; ours keeps the seed text intact after the quote.
  hostNotSigned: seed("SignatureDoesNotMatch", 403, "'Host' must be a 'SignedHeader' in the Authorization."),
  badTerminator: seed(
    "SignatureDoesNotMatch",
    403,
    "Credential should be scoped with a valid terminator: 'aws4_request', not: %s.",
  ),
  badRegion: seed("SignatureDoesNotMatch", 403, "Credential should be scoped to a valid region, not:%s."),
  badService: seed("SignatureDoesNotMatch", 403, "Credential should be scoped to correct service: %s."),
  signatureMismatch: seed(
    "SignatureDoesNotMatch",
    403,
    "The request signature we calculated does not match the signature you provided.",
  ),
  signatureExpired: seed("SignatureDoesNotMatch", 403, "Signature expired:%s."),
  scopeDateMismatch: seed(
    "SignatureDoesNotMatch",
    403,
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.",
  ),
  invalidClientTokenId: seed(
    "InvalidClientTokenId",
    403,
    "The security token included in the request is invalid.",
  ),
  accessDenied: seed("AccessDenied", 403, "User: %s is not authorized to perform: %s."),
  dateNotBasicFormat: seed(
    "IncompleteSignature",
    400,
    "Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601.",
  ),
  missingQueryAuthParameter: seed(
    "IncompleteSignature",
    400,
    "KSC query-string parameters must include %s. Re-examine the query-string parameters.",
  ),
  unsupportedAlgorithm: seed("IncompleteSignature", 400, "Unsupported ksc 'algorithm': %s."),
  missingCredential: seed(
    "IncompleteSignature",
    400,
    "Authorization header requires 'Credential' parameter. Authorization=%s.",
  ),
  malformedCredential: seed(
    "IncompleteSignature",
    400,
    "Credential must have exactly 5 slash-delimited elements, e.g. accesskeyid/date/region/service/aws4_request, got: %s.",
  ),
  authorizationFormat: seed("IncompleteSignature", 400, "Authorization header format error."),
  missingDate: seed(
    "IncompleteSignature",
    400,
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, Authorization=%s",
  ),
  missingSignature: seed(
    "IncompleteSignature",
    400,
    "Authorization header requires 'Signature' parameter. Authorization=%s",
  ),
  missingSignedHeaders: seed(
    "IncompleteSignature",
    400,
    "Authorization header requires 'SignedHeaders' parameter. Authorization=%s",
  ),
  serviceException: seed("ServiceUnavailable", 500, "Exception %s"),
  authServiceUnavailable: seed(
    "ServiceUnavailable",
    500,
    "Auth Service is unavailable because of an unknown error, exception or failure",
  ),
  innerApiWithoutService: seed(
    "ServiceUnavailable",
    404,
    "Request was rejected because it referenced an 'InnerApi' that does not have an internal service",
  ),
  serviceUnavailable: seed(
    "ServiceUnavailable",
    500,
    "OpenAPI or Service is unavailable because of an unknown error, exception or failure.",
  ),
  dryRunOperation: seed("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set"),
  noSuchEntity: seed(
    "NoSuchEntity",
    404,
    "Request was rejected because it referenced an 'InnerApi' that does not exist.",
  ),
  limitExceeded: seed(
    "LimitExceeded",
    409,
    "Request was rejected because the request speed of this openAPI is beyond the current flow control limit.",
  ),
  invalidParameterValue: seed(
    "InvalidParameterValue",
    400,
    "An invalid or out-of-range value was supplied for the input parameter %s.",
  ),
  invalidMethod: seed("InvalidMethod", 400, "The method %s for is not valid for this web service."),
  missingParameter: seed("MissingParameter", 400, "An value must be supplied for the input parameter %s."),
  invalidQueryParameter: seed(
    "InvalidQueryParameter",
    400,
    "The query parameter %s is malformed or does not adhere to KSC standards.",
  ),
  serviceTimeout: seed("ServiceTimeout", 500, "Internal Service is unavailable because of time out."),

  keyNotFound: local("KeyNotFound", 404, "The key %s was not found."),
  invalidKeyState: local("InvalidKeyState", 400, "The key %s is %s; %s needs a key that is %s."),
  invalidCiphertext: local("InvalidCiphertext", 400, "The ciphertext blob is not valid for the key %s."),
  invalidAction: local("InvalidAction", 400, "The action %s is not valid for this web service."),
  invalidPath: local(
    "InvalidPath",
    400,
    "The path %s is not served by this web service; send requests to /.",
  ),
  unsupportedContentType: local(
    "UnsupportedContentType",
    415,
    "The content type %s is not supported; send application/x-www-form-urlencoded.",
  ),
  requestTooLarge: local("RequestEntityTooLarge", 413, "The request body exceeds the limit of %s bytes."),
  malformedRequest: local("MalformedRequest", 400, "The request is not well-formed HTTP (%s)."),
  requestTimeout: local(
    "RequestTimeout",
    408,
    "The request did not arrive within %s ms; the connection is closed.",
  ),
  originNotAllowed: local(
    "OriginNotAllowed",
    403,
    "Requests from web pages are refused (%s); kkms-local --allowed-origins lists the origins it accepts.",
  ),
  hostNotAllowed: local(
    "HostNotAllowed",
    403,
    "The Host %s is not a loopback address or localhost; the admin path answers only those.",
  ),
  storageFull: local(
    "StorageFull",
    507,
    "The disk of kkms-local's data dir is full: nothing was changed. Free space and retry.",
  ),
  storageDamaged: local(
    "StorageDamaged",
    500,
    "kkms-local's database is damaged (%s): it answers no more requests. Restart it to check the data dir.",
  ),
} as const satisfies Record<string, ErrorTemplate>;

export type ErrorName = keyof typeof ERRORS;

/** Replaces each `%s` in turn; a missing argument leaves the empty string, never "undefined". */
export function formatErrorMessage(template: string, args: readonly string[]): string {
  let index = 0;
  return template.replace(/%s/g, () => args[index++] ?? "");
}

export function errorTypeForStatus(status: number): ErrorType {
  return status >= 500 ? "Receiver" : "Sender";
}

/** Codes that mean "try again later" whatever their status. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set(["LimitExceeded"]);
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(["ServiceUnavailable", "ServiceTimeout"]);
/** 404s of the API gateway itself: a wrong action or route, never a missing key. */
export const GATEWAY_NOT_FOUND_CODES: ReadonlySet<string> = new Set(["NoSuchEntity", "ServiceUnavailable"]);
