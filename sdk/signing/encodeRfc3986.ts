/**
 * Percent-encodes per RFC 3986: unreserved `A-Za-z0-9-_.~` kept, everything else as UTF-8 bytes in
 * upper-case hex. Both SigV4 and the simplified signature canonicalize with exactly this encoding.
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}
