import {
  ERRORS,
  errorTypeForStatus,
  formatErrorMessage,
  type ErrorName,
  type ErrorTemplate,
  type ErrorType,
} from "../sdk/protocol/errorCatalog";

/**
 * A KKMS error answer on its way out: the catalog's code, HTTP status and message text with `%s` filled in.
 * Everything the emulator refuses is one of these; any other exception is a bug and becomes a 500.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;

  constructor(template: ErrorTemplate, args: readonly string[] = []) {
    super(formatErrorMessage(template.message, args.map(printable)));
    this.name = "ApiError";
    this.code = template.code;
    this.status = template.status;
    this.type = errorTypeForStatus(template.status);
  }
}

/** A bad start-up setting (flag, accounts file, seed file, faults); the CLI prints it and exits with 2. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/**
 * The data dir is damaged or incomplete (a database failing its integrity check, an empty or partial root.key,
 * a database missing beside its root key): kkms-local refuses to serve it. The CLI prints it and exits with 3.
 */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

const MAX_ECHO_LENGTH = 256;

/**
 * Client-supplied text echoed in a message (a parameter name, a key id, a path) is cut short and stripped of
 * characters XML 1.0 cannot carry, so an error document stays well-formed whatever was sent.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\ufffe\uffff]/g, "?");
  const chars = [...clean];
  return chars.length > MAX_ECHO_LENGTH ? chars.slice(0, MAX_ECHO_LENGTH).join("") + "…" : clean;
}

function error(name: ErrorName, ...args: string[]): ApiError {
  return new ApiError(ERRORS[name], args);
}

// One-line factories, one per answer the emulator gives.
export const missingParameter = (name: string) => error("missingParameter", name);
export const invalidParameterValue = (name: string) => error("invalidParameterValue", name);
export const invalidQueryParameter = (name: string) => error("invalidQueryParameter", name);
export const invalidMethod = (method: string) => error("invalidMethod", method);
export const invalidPath = (path: string) => error("invalidPath", path);
export const invalidAction = (action: string) => error("invalidAction", action);
export const unsupportedContentType = (type: string) => error("unsupportedContentType", type);
export const requestTooLarge = (limit: number) => error("requestTooLarge", String(limit));
export const malformedRequest = (reason: string) => error("malformedRequest", reason);
export const accessDenied = (user: string, action: string) => error("accessDenied", user, action);
export const limitExceeded = () => error("limitExceeded");
export const dryRunOperation = () => error("dryRunOperation");
export const serviceException = (what: string) => error("serviceException", what);
export const keyNotFound = (keyId: string) => error("keyNotFound", keyId);
export const invalidKeyState = (keyId: string, state: string, action: string, needed: string) =>
  error("invalidKeyState", keyId, state, action, needed);
export const invalidCiphertext = (keyId: string) => error("invalidCiphertext", keyId);
export const requestTimeout = (limitMs: number) => error("requestTimeout", String(limitMs));
export const originNotAllowed = (what: string) => error("originNotAllowed", what);
export const hostNotAllowed = (host: string) => error("hostNotAllowed", host);
export const storageFull = () => error("storageFull");
export const storageDamaged = (detail: string) => error("storageDamaged", detail);

// Authentication failures, each the seed's own code and text.
export const missingAuthenticationToken = () => error("missingAuthenticationToken");
export const missingHost = () => error("missingHost");
export const headerNotPresent = (header: string) => error("headerNotPresent", header);
export const hostNotSigned = () => error("hostNotSigned");
export const badTerminator = (terminator: string) => error("badTerminator", terminator);
export const badRegion = (region: string) => error("badRegion", region);
export const badService = (service: string) => error("badService", service);
export const signatureMismatch = () => error("signatureMismatch");
export const signatureExpired = (detail: string) => error("signatureExpired", detail);
export const scopeDateMismatch = () => error("scopeDateMismatch");
export const invalidClientTokenId = () => error("invalidClientTokenId");
export const dateNotBasicFormat = (date: string) => error("dateNotBasicFormat", date);
export const missingQueryAuthParameter = (name: string) => error("missingQueryAuthParameter", name);
export const unsupportedAlgorithm = (algorithm: string) => error("unsupportedAlgorithm", algorithm);
export const missingCredential = (authorization: string) => error("missingCredential", authorization);
export const malformedCredential = (credential: string) => error("malformedCredential", credential);
export const authorizationFormat = () => error("authorizationFormat");
export const missingDate = (authorization: string) => error("missingDate", authorization);
export const missingSignature = (authorization: string) => error("missingSignature", authorization);
export const missingSignedHeaders = (authorization: string) => error("missingSignedHeaders", authorization);
