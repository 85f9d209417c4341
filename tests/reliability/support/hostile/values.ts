import fc from "fast-check";

// Values a hostile client puts in parameters: boundaries, junk, almost-base64, corrupted ciphertext blobs.

/** Any well-formed Unicode text (no lone surrogates: they cannot be percent-encoded at all). */
export const anyText = (maxLength: number) =>
  fc
    .array(
      fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff),
      { maxLength },
    )
    .map((points) => String.fromCodePoint(...points));

export const controlCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom("\u007f", "\ufffe", "\uffff"),
);

export const BOUNDARY_VALUES = [
  "",
  " ",
  "0",
  "-1",
  "1",
  "1024",
  "1025",
  "4096",
  "4097",
  "99999999999999999999",
  "1e3",
  "0x10",
  "1.0",
  " 1",
  "+1",
  "٣",
  "NaN",
  "Infinity",
  "true",
  "TRUE",
  "null",
  "undefined",
  "[]",
  "{}",
  "%00",
  "../../etc/passwd",
  "<a>&amp;</a>",
  "]]>",
  "' OR '1'='1",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "\u0000",
  "\r\nX-Injected: 1",
  "A".repeat(257),
  "A".repeat(1025),
  "A".repeat(5000),
  "🔑".repeat(300),
];

/** What a hostile client puts in any parameter. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...BOUNDARY_VALUES),
  fc.string({ maxLength: 40 }),
  anyText(30),
  fc.base64String({ maxLength: 40 }),
  fc.uuid(),
);

export function withControl(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ maxLength }), controlCharacter, fc.string({ maxLength }))
    .map(([a, c, b]) => a + c + b);
}

/** Any string but the allowed ones (possibly empty). */
export function notOneOf(allowed: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(hostileValue, fc.constantFrom(...allowed.map((a) => a.toLowerCase() + " ")))
    .filter((value) => !allowed.includes(value));
}

/** Base64 no decoder would read as written: bad characters, bad length, or padding in the middle. */
export function isClearlyNotBase64(text: string): boolean {
  const t = text.replace(/ /g, "+");
  return /[^A-Za-z0-9+/=]/.test(t) || t.length % 4 !== 0 || /=[^=]/.test(t) || /={3,}$/.test(t);
}

export const notBase64: fc.Arbitrary<string> = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9+/= \-_.!\n%]{1,60}$/),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => b.slice(1)),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => `${b.slice(0, 2)}=${b.slice(2)}`),
    fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => b + "===="),
    anyText(20),
  )
  .filter((text) => text !== "" && isClearlyNotBase64(text));

/** One way to corrupt a ciphertext blob; every one of them changes it. */
export function tamperedBlob(blob: string, otherBlob: string): fc.Arbitrary<string> {
  const bytes = Buffer.from(blob, "base64");
  const other = Buffer.from(otherBlob, "base64");
  const flipBit = fc
    .tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 }))
    .map(([index, bit]) => {
      const copy = Buffer.from(bytes);
      copy[index] ^= 1 << bit;
      return copy;
    });
  const truncate = fc.integer({ min: 1, max: bytes.length - 1 }).map((length) => bytes.subarray(0, length));
  const extend = fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((extra) => Buffer.concat([bytes, Buffer.from(extra)]));
  const keyIdLength = fc
    .integer({ min: 0, max: 0xffff })
    .filter((n) => n !== bytes.readUInt16BE(1))
    .map((n) => {
      const copy = Buffer.from(bytes);
      copy.writeUInt16BE(n, 1);
      return copy;
    });
  const version = fc
    .integer({ min: 0, max: 255 })
    .filter((v) => v !== bytes[0])
    .map((v) => Buffer.concat([Buffer.from([v]), bytes.subarray(1)]));
  const garbage = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b));
  // The other key's blob with this key's id spliced into its header: "made under another key".
  const spliced = fc.constant(
    Buffer.concat([bytes.subarray(0, 3 + bytes.readUInt16BE(1)), other.subarray(3 + other.readUInt16BE(1))]),
  );
  return fc
    .oneof(flipBit, truncate, extend, keyIdLength, version, garbage, spliced, fc.constant(other))
    .map((b) => b.toString("base64"))
    .filter((b) => b !== blob && b !== "");
}
