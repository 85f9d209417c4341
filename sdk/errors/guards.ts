import { GATEWAY_NOT_FOUND_CODES, THROTTLING_CODES } from "../protocol/errorCatalog";
import { CLIENT_ERROR_CODES } from "./clientErrorCodes";
import { KkmsError } from "./KkmsError";

/** Matches across copies of this package too (two installs in one program), by `name`. */
export function isKkmsError(err: unknown): err is KkmsError {
  return err instanceof KkmsError || (err instanceof Error && err.name === "KkmsError" && "code" in err);
}

// Kingsoft's Terraform provider treats these message fragments as "not found"; so do we.
const NOT_FOUND_MESSAGE = /not found|not exist|notfound/i;

/**
 * The key (or other resource) does not exist: HTTP 404 or a not-found message from the service.
 * Gateway 404s (an unknown InnerApi) and non-KKMS pages are not a missing key.
 */
export function isNotFound(err: unknown): boolean {
  if (!isKkmsError(err) || CLIENT_ERROR_CODES.has(err.code) || GATEWAY_NOT_FOUND_CODES.has(err.code))
    return false;
  return err.statusCode === 404 || NOT_FOUND_MESSAGE.test(err.message);
}

/** The service refused because of its rate limit (409 LimitExceeded). */
export function isThrottled(err: unknown): boolean {
  return isKkmsError(err) && (THROTTLING_CODES.has(err.code) || err.statusCode === 409);
}

/** A request sent with `dryRun: true` that would have succeeded. */
export function isDryRunSuccess(err: unknown): boolean {
  return isKkmsError(err) && err.code === "DryRunOperation";
}

/** The call failed in a way that may have left it carried out: look before doing it again. */
export function isMaybeProcessed(err: unknown): boolean {
  return isKkmsError(err) && err.maybeProcessed;
}
