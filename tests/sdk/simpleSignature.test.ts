import { computeSimpleSignature, createSimpleStringToSign, type QueryParameter } from "../../sdk/signing";

/**
 * Vectors worked out independently from the algorithm in DESIGN.md (Python's hmac and urllib.parse.quote with
 * safe="-_.~"), not from this code: string to sign and signature for each.
 */
const COMMON: QueryParameter[] = [
  ["SignatureVersion", "1.0"],
  ["SignatureMethod", "HMAC-SHA256"],
  ["Service", "kkms"],
];

const VECTORS: {
  name: string;
  secret: string;
  params: QueryParameter[];
  stringToSign: string;
  signature: string;
}[] = [
  {
    name: "plain DescribeKeys",
    secret: "secret-example",
    params: [
      ["Action", "DescribeKeys"],
      ["Version", "2016-03-04"],
      ["Accesskey", "AKEXAMPLE"],
      ["Timestamp", "2021-08-12T02:47:36Z"],
      ...COMMON,
    ],
    stringToSign:
      "Accesskey=AKEXAMPLE&Action=DescribeKeys&Service=kkms&SignatureMethod=HMAC-SHA256&SignatureVersion=1.0&Timestamp=2021-08-12T02%3A47%3A36Z&Version=2016-03-04",
    signature: "deca29e8caea103d9e17b8bfe9142bfebacd889fb560a5f6b43d1def5d9c69b3",
  },
  {
    name: "unicode, spaces and reserved characters",
    secret: "secret-example",
    params: [
      ["Action", "CreateKey"],
      ["Version", "2016-03-04"],
      ["KeyName", "a b&c/ü+=*~'()!"],
      ["Description", "中文 说明"],
      ["KeyUsage", "EncryptDecrypt"],
      ["Origin", "kms"],
      ["ChargeType", "PostPaidByDay"],
      ["Accesskey", "AKEXAMPLE"],
      ["Timestamp", "2021-08-12T02:47:36Z"],
      ...COMMON,
    ],
    stringToSign:
      "Accesskey=AKEXAMPLE&Action=CreateKey&ChargeType=PostPaidByDay&Description=%E4%B8%AD%E6%96%87%20%E8%AF%B4%E6%98%8E" +
      "&KeyName=a%20b%26c%2F%C3%BC%2B%3D%2A~%27%28%29%21&KeyUsage=EncryptDecrypt&Origin=kms&Service=kkms" +
      "&SignatureMethod=HMAC-SHA256&SignatureVersion=1.0&Timestamp=2021-08-12T02%3A47%3A36Z&Version=2016-03-04",
    signature: "4792fc2de4706e3122bdb814e5916a515ab61cbc2154365511f2e8c6698dab5b",
  },
  {
    name: "byte order puts KeyId.10 before KeyId.2; the secret's own characters need no encoding",
    secret: "s3cr3t/+=",
    params: [
      ["Action", "DescribeKeys"],
      ["Version", "2016-03-04"],
      ["KeyId.2", "b"],
      ["KeyId.10", "c"],
      ["KeyId.1", "a"],
      ["Accesskey", "AK"],
      ["Timestamp", "2026-11-27T02:40:09Z"],
      ...COMMON,
    ],
    stringToSign:
      "Accesskey=AK&Action=DescribeKeys&KeyId.1=a&KeyId.10=c&KeyId.2=b&Service=kkms&SignatureMethod=HMAC-SHA256" +
      "&SignatureVersion=1.0&Timestamp=2026-11-27T02%3A40%3A09Z&Version=2016-03-04",
    signature: "819cb6a5322ba779d937c71c1749bb1e084a5f3e220564315fe50a6e81cbbea5",
  },
];

describe.each(VECTORS)("simplified signature: $name", (vector) => {
  test("string to sign", () => {
    expect(createSimpleStringToSign(vector.params)).toBe(vector.stringToSign);
  });

  test("signature", () => {
    expect(computeSimpleSignature(vector.secret, vector.params)).toBe(vector.signature);
  });

  test("a Signature parameter already present is left out of what is signed", () => {
    const withSignature: QueryParameter[] = [...vector.params, ["Signature", "deadbeef"]];
    expect(computeSimpleSignature(vector.secret, withSignature)).toBe(vector.signature);
  });

  test("any changed value changes the signature", () => {
    const [first, ...rest] = vector.params;
    const tampered: QueryParameter[] = [[first[0], first[1] + "x"], ...rest];
    expect(computeSimpleSignature(vector.secret, tampered)).not.toBe(vector.signature);
  });
});
