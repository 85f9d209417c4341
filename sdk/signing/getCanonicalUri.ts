import { encodeRfc3986 } from "./encodeRfc3986";

/**
 * The canonical URI of a (non-S3) SigV4 request: dot segments removed, empty segments collapsed, each segment
 * decoded once and RFC 3986-encoded. KKMS always uses `/`, but the published vectors exercise the rest.
 */
export function getCanonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(encodeRfc3986(safeDecode(segment)));
  }
  const trailingSlash = segments.length > 0 && /\/\.{0,2}$/.test(path);
  return "/" + segments.join("/") + (trailingSlash ? "/" : "");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
