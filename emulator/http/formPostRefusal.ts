import type { IncomingHttpHeaders } from "http";
import { formPost, type ApiError } from "../errors";

/** The content types an HTML `<form>` can send (its `enctype`s); a POST with one needs no CORS preflight. */
const FORM_CONTENT_TYPES: ReadonlySet<string> = new Set([
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
]);

/**
 * Why a state-changing POST is refused as one a plain HTML form could send (415 UnsupportedContentType), or
 * undefined. browserRefusal already refuses another site's form by its Origin; this holds even where a
 * browser sends none (older ones on a form POST, with Referer suppressed). A form can send only GET and POST,
 * and a cross-origin PUT needs a preflight, so POST is the one method to check. No Content-Type at all (curl
 * `-X POST`) is no form's and passes.
 */
export function formPostRefusal(
  method: string | undefined,
  headers: IncomingHttpHeaders,
): ApiError | undefined {
  if (method !== "POST") return undefined;
  const contentType = headers["content-type"];
  if (contentType === undefined) return undefined;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return FORM_CONTENT_TYPES.has(mediaType) ? formPost(mediaType) : undefined;
}
