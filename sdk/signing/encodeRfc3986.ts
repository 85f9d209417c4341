// A search for the first character that needs encoding: `/^[unreserved]*$/` took 2.5 times as long on a 5 KB
// value that needs none.
const NEEDS_ENCODING = /[^A-Za-z0-9\-_.~]/;

/**
 * Percent-encodes per RFC 3986: unreserved `A-Za-z0-9-_.~` kept, everything else as UTF-8 bytes in
 * upper-case hex. Both SigV4 and the simplified signature canonicalize with exactly this encoding.
 * Most names and values need no encoding at all: those return as they are.
 */
export function encodeRfc3986(value: string): string {
  if (!NEEDS_ENCODING.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}
