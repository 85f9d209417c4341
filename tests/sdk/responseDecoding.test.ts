import { OPERATIONS } from "../../sdk/operations";
import { decodeResponseDocument, readWireError } from "../../sdk/protocol";
import { SEED_SAMPLES } from "./fixtures/seedSamples";

function decode(contentType: string | undefined, text: string): Record<string, unknown> {
  const document = decodeResponseDocument(contentType, text);
  if (!document) throw new Error("not a KKMS document");
  return document.body;
}

const xml = (text: string) => decode("text/xml", text);

describe("the seed's sample responses decode into typed results", () => {
  test("CreateKey", () => {
    expect(OPERATIONS.createKey.toResult(xml(SEED_SAMPLES.CreateKey))).toEqual({
      requestId: "a5aaf74a-179c-4d4c-8cce-6c6b86167565",
      key: {
        keyId: "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7",
        keyName: "test111",
        createTime: "2018-10-12 13:43:52",
        description: "",
        keyState: "Enabled",
        keyUsage: "EncryptDecrypt",
        origin: "kms",
      },
    });
  });

  test("ModifyKey answers <KeyID>, read as keyId", () => {
    const result = OPERATIONS.modifyKey.toResult(xml(SEED_SAMPLES.ModifyKey));
    expect(result.key.keyId).toBe("aj0p6hf4-mcd3-pej3-v9i9-rq85h4a2dojs");
    expect(result.key.keyName).toBe("mosified");
  });

  test("ModifyKeyState", () => {
    const result = OPERATIONS.modifyKeyState.toResult(xml(SEED_SAMPLES.ModifyKeyState));
    expect(result).toMatchObject({
      requestId: "de2417ec-1e7b-4758-bf14-03a9cb5b7f77",
      key: { keyState: "Disabled" },
    });
  });

  test("DeleteKey answers a Key without Return: success, key kept", () => {
    const result = OPERATIONS.deleteKey.toResult(xml(SEED_SAMPLES.DeleteKey));
    expect(result.return).toBe(true);
    expect(result.key?.keyState).toBe("Disabled");
    expect(result.requestId).toBe("536f3952-a19d-49b2-ae5b-f57f66607053");
  });

  test("DeleteKey with Return false is reported as false", () => {
    const result = OPERATIONS.deleteKey.toResult(
      xml("<DeleteKeyResponse><RequestId>r</RequestId><Return>false</Return></DeleteKeyResponse>"),
    );
    expect(result).toEqual({ requestId: "r", return: false });
  });

  test("DescribeKeys keeps numeric-looking names as strings and both items in order", () => {
    const result = OPERATIONS.describeKeys.toResult(xml(SEED_SAMPLES.DescribeKeys));
    expect(result.keys.map((k) => [k.keyId, k.keyName, k.keyState])).toEqual([
      ["aj0p6hf4-mcd3-pej3-v9i9-rq85h4a2dojs", "test", "Disabled"],
      ["rdmdt08v-qumh-20dd-t45k-7h8so1bqintm", "1", "Enabled"],
    ]);
  });

  test("Encrypt", () => {
    expect(OPERATIONS.encrypt.toResult(xml(SEED_SAMPLES.Encrypt))).toEqual({
      requestId: "dff2ff24-555f-4209-aa2a-c19b0f92e551",
      keyId: "aj0p6hf4-mcd3-pej3-v9i9-rq85h4a2dojs",
      ciphertextBlob: "/KhaumND4qw/V/LAfk04aQ==",
    });
  });

  test("Decrypt returns the plaintext bytes", () => {
    const result = OPERATIONS.decrypt.toResult(xml(SEED_SAMPLES.Decrypt));
    expect(result.plaintext).toEqual(Buffer.from("aaaa", "base64"));
    expect(result.keyId).toBe("aj0p6hf4-mcd3-pej3-v9i9-rq85h4a2dojs");
  });

  test("GenerateDataKey answers <Plantext>, read as plaintext", () => {
    const result = OPERATIONS.generateDataKey.toResult(xml(SEED_SAMPLES.GenerateDataKey));
    expect(result.plaintext).toEqual(Buffer.from("EwosoIAlY0aMcfn76bl6kw==", "base64"));
    expect(result.plaintext).toHaveLength(16);
    expect(result.ciphertextBlob).toBe("OwSpTUgACpNvuEEZr9ANSQ==");
  });

  test("the error samples, XML and JSON", () => {
    for (const [type, text] of [
      ["text/xml", SEED_SAMPLES.ErrorXml],
      ["application/json", SEED_SAMPLES.ErrorJson],
    ] as const) {
      const document = decodeResponseDocument(type, text);
      expect(document && readWireError(document)).toEqual({
        type: "Sender",
        code: "InvalidParameterValue",
        message: "An invalid or out-of-range value was supplied for the input parameter PathPrefix.",
        requestId:
          type === "text/xml"
            ? "e1eac1b3-1f35-44ba-abd4-7c4b7a9859f3"
            : "68093a99-2f63-4f39-8f70-3047ab8ecb5b",
      });
    }
  });
});

describe("quirks and shapes a tolerant client accepts", () => {
  test("the overview's <ActionResponse> root with ResponseMetadata/RequestId and a single <item>", () => {
    const result = OPERATIONS.describeKeys.toResult(xml(SEED_SAMPLES.OverviewXml));
    expect(result.requestId).toBe("4C467B38-3910-447D-87BC-AC049166F216");
    expect(result.keys).toHaveLength(1);
    expect(result.keys[0].description).toBe("  spaced & escaped <ok>  ");
  });

  test("RequestID (Kingsoft's Go SDK spelling)", () => {
    const result = OPERATIONS.encrypt.toResult(
      decode("application/json", '{"RequestID":"go-style","KeyId":"k","CiphertextBlob":"AA=="}'),
    );
    expect(result.requestId).toBe("go-style");
  });

  test("an empty KeySet is an empty list, in XML and JSON", () => {
    expect(OPERATIONS.describeKeys.toResult(xml("<r><RequestId>x</RequestId><KeySet/></r>")).keys).toEqual(
      [],
    );
    expect(
      OPERATIONS.describeKeys.toResult(xml("<r><RequestId>x</RequestId><KeySet></KeySet></r>")).keys,
    ).toEqual([]);
    expect(
      OPERATIONS.describeKeys.toResult(decode("application/json", '{"RequestId":"x","KeySet":[]}')).keys,
    ).toEqual([]);
  });

  test("JSON KeySet as an array and as {item: [...]}", () => {
    const key = {
      KeyId: "k1",
      KeyName: "n",
      CreateTime: "t",
      Description: "",
      KeyState: "Enabled",
      KeyUsage: "EncryptDecrypt",
      Origin: "kms",
    };
    for (const keySet of [[key], { item: [key] }, { item: key }]) {
      const body = decode("application/json", JSON.stringify({ RequestId: "x", KeySet: keySet }));
      expect(OPERATIONS.describeKeys.toResult(body).keys.map((k) => k.keyId)).toEqual(["k1"]);
    }
  });

  test("the Content-Type decides, not what was asked; without one the first character does", () => {
    expect(decodeResponseDocument("application/json", SEED_SAMPLES.ErrorJson)?.format).toBe("json");
    expect(decodeResponseDocument("application/xml", SEED_SAMPLES.ErrorXml)?.format).toBe("xml");
    expect(decodeResponseDocument(undefined, SEED_SAMPLES.ErrorXml)?.format).toBe("xml");
    expect(decodeResponseDocument("text/plain", SEED_SAMPLES.ErrorJson)?.format).toBe("json");
  });

  test("an HTML page, an empty body and broken JSON are not KKMS documents", () => {
    expect(decodeResponseDocument("text/html", "<html><body>502 Bad Gateway</body></html>")).toBeUndefined();
    expect(decodeResponseDocument(undefined, "")).toBeUndefined();
    expect(decodeResponseDocument("application/json", "{not json")).toBeUndefined();
    expect(decodeResponseDocument("text/plain", "upstream connect error")).toBeUndefined();
  });

  describe("every action's answer may be wrapped in <ActionResult>", () => {
    const key = (name: string) =>
      `<Key><KeyId>k1</KeyId><KeyName>${name}</KeyName><CreateTime>2018-10-12 13:43:52</CreateTime>` +
      `<Description>d</Description><KeyState>Enabled</KeyState><KeyUsage>EncryptDecrypt</KeyUsage>` +
      `<Origin>kms</Origin></Key>`;
    const wrapped = (action: string, inner: string) =>
      xml(
        `<${action}Response><RequestId>r-${action}</RequestId><${action}Result>${inner}</${action}Result></${action}Response>`,
      );

    test.each([
      ["CreateKey", OPERATIONS.createKey],
      ["ModifyKey", OPERATIONS.modifyKey],
      ["ModifyKeyState", OPERATIONS.modifyKeyState],
    ] as const)("%s", (action, operation) => {
      expect(operation.toResult(wrapped(action, key(action)))).toEqual({
        requestId: `r-${action}`,
        key: expect.objectContaining({ keyId: "k1", keyName: action, description: "d" }),
      });
    });

    test("the other five, for comparison", () => {
      expect(
        OPERATIONS.describeKeys.toResult(
          wrapped("DescribeKeys", `<KeySet><item>${key("n").slice(5, -6)}</item></KeySet>`),
        ).keys,
      ).toHaveLength(1);
      expect(OPERATIONS.deleteKey.toResult(wrapped("DeleteKey", "<Return>false</Return>")).return).toBe(
        false,
      );
      expect(
        OPERATIONS.encrypt.toResult(
          wrapped("Encrypt", "<KeyId>k1</KeyId><CiphertextBlob>AA==</CiphertextBlob>"),
        ).ciphertextBlob,
      ).toBe("AA==");
      expect(
        OPERATIONS.decrypt
          .toResult(wrapped("Decrypt", "<KeyId>k1</KeyId><Plaintext>aGk=</Plaintext>"))
          .plaintext.toString(),
      ).toBe("hi");
      expect(
        OPERATIONS.generateDataKey.toResult(
          wrapped("GenerateDataKey", "<KeyId>k1</KeyId><CiphertextBlob>AA==</CiphertextBlob>"),
        ).ciphertextBlob,
      ).toBe("AA==");
    });
  });

  test("a result missing its Key is an UnexpectedResponse, not a half-filled key", () => {
    expect(() => OPERATIONS.createKey.toResult(xml("<r><RequestId>x</RequestId></r>"))).toThrow(
      expect.objectContaining({ code: "UnexpectedResponse", action: "CreateKey" }),
    );
  });
});
