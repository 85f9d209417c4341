import { computeV4Signature } from "../../sdk/signing/computeV4Signature";
import { toAmzDate, toIsoSeconds } from "../../sdk/signing/formatDate";
import { sha256Hex } from "../../sdk/signing/hashing";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { shortDateOf } from "../../emulator/auth/sigV4Checks";
import { expectError, useEmulator } from "./support/emulatorFixture";
import {
  callAction,
  prepareRequest,
  sendPrepared,
  type KkmsRequestOptions,
  type PreparedRequest,
} from "./support/kkmsRequest";

const fixture = useEmulator({
  accounts: [
    { ...DEVELOPMENT_ACCOUNT },
    { accountId: "200000000002", accessKeyId: "AKOTHER", secretAccessKey: "other-secret" },
  ],
});
const LIST: [string, string][] = [
  ["Action", "DescribeKeys"],
  ["Version", "2016-03-04"],
];
const MINUTE = 60_000;

function describeKeys(options: KkmsRequestOptions = {}) {
  return callAction(fixture.url, "DescribeKeys", {}, options);
}

function tampered(edit: (request: PreparedRequest) => PreparedRequest, options: KkmsRequestOptions = {}) {
  return describeKeys({ ...options, afterSigning: edit });
}

/** Rewrites one part of the Authorization header produced by the SDK's signer. */
function editAuthorization(edit: (value: string) => string) {
  return (request: PreparedRequest) => ({
    ...request,
    headers: { ...request.headers, authorization: edit(request.headers.authorization) },
  });
}

/** A request signed by hand with computeV4Signature, to control every input (date text, header set). */
function handSigned(input: {
  amzDate: string;
  shortDate?: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  method?: string;
  body?: string;
  query?: [string, string][];
}): PreparedRequest {
  const host = new URL(fixture.url).host;
  const headers = { host, ...input.headers };
  const query = input.query ?? LIST;
  const request = { method: input.method ?? "GET", path: "/", query, headers, body: input.body ?? "" };
  const shortDate = input.shortDate ?? input.amzDate.slice(0, 8);
  const trace = computeV4Signature({
    request,
    secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
    amzDate: input.amzDate,
    shortDate,
    region: "cn-beijing-6",
    service: "kkms",
    signedHeaderNames: input.signedHeaders,
  });
  const authorization =
    `AWS4-HMAC-SHA256 Credential=${DEVELOPMENT_ACCOUNT.accessKeyId}/${trace.credentialScope}, ` +
    `SignedHeaders=${trace.signedHeaders}, Signature=${trace.signature}`;
  const rawQuery = query.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join("&");
  return {
    method: request.method,
    path: "/",
    rawQuery,
    headers: { ...headers, authorization },
    body: request.body,
  };
}

describe("SigV4 in the Authorization header", () => {
  it("accepts the SDK's signature over GET and POST", async () => {
    expect((await describeKeys()).status).toBe(200);
    expect((await describeKeys({ method: "POST" })).status).toBe(200);
    expect((await describeKeys({ method: "POST", queryParams: LIST })).status).toBe(200);
  });

  it("accepts a date within 15 minutes either way", async () => {
    expect((await describeKeys({ now: new Date(Date.now() - 14 * MINUTE) })).status).toBe(200);
    expect((await describeKeys({ now: new Date(Date.now() + 14 * MINUTE) })).status).toBe(200);
  });

  it("refuses a tampered parameter, header or body", async () => {
    expectError(await tampered((r) => ({ ...r, rawQuery: r.rawQuery + "&Extra=1" })), "signatureMismatch");
    expectError(
      await tampered((r) => ({ ...r, headers: { ...r.headers, accept: "application/xml" } }), {
        extraSignedHeaders: ["accept"],
      }),
      "signatureMismatch",
    );
    expectError(
      await tampered((r) => ({ ...r, body: String(r.body).replace("DescribeKeys", "DescribeKeyz") }), {
        method: "POST",
      }),
      "signatureMismatch",
    );
    expectError(await tampered((r) => ({ ...r, method: "POST" })), "signatureMismatch");
  });

  it("refuses a wrong secret (SignatureDoesNotMatch) and an unknown access key (InvalidClientTokenId)", async () => {
    const wrongSecret = { accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId, secretAccessKey: "wrong" };
    expectError(await describeKeys({ credentials: wrongSecret }), "signatureMismatch");
    const unknown = { accessKeyId: "AKUNKNOWN", secretAccessKey: "whatever" };
    expectError(await describeKeys({ credentials: unknown }), "invalidClientTokenId");
  });

  it("refuses dates more than 15 minutes off, with AWS's wording in the seed's message", async () => {
    const past = new Date(Date.now() - 16 * MINUTE);
    const expired = await describeKeys({ now: past });
    expectError(expired, "signatureExpired");
    expect(expired.error?.Message).toMatch(
      new RegExp(
        `^Signature expired:${toAmzDate(past)} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 15 min\\)\\.$`,
      ),
    );
    const future = await describeKeys({ now: new Date(Date.now() + 16 * MINUTE) });
    expectError(future, "signatureExpired");
    expect(future.error?.Message).toMatch(/is now later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\)\.$/);
  });

  it("checks the credential scope: region, service, terminator, shape", async () => {
    expectError(await describeKeys({ region: "cn-nowhere-9" }), "badRegion", "cn-nowhere-9");
    expectError(await tampered(editAuthorization((a) => a.replace("/kkms/", "/kms/"))), "badService", "kms");
    expectError(
      await tampered(editAuthorization((a) => a.replace("aws4_request", "aws5_request"))),
      "badTerminator",
      "aws5_request",
    );
    const fourParts = await tampered(editAuthorization((a) => a.replace("/cn-beijing-6", "")));
    expectError(fourParts, "malformedCredential");
    expect(fourParts.error?.Message).toContain(`got: ${DEVELOPMENT_ACCOUNT.accessKeyId}/`);
    expectError(
      await tampered(editAuthorization((a) => a.replace(/\/\d{8}\//, "/20000101/"))),
      "scopeDateMismatch",
    );
  });

  it("needs host signed and present, and every signed header present", async () => {
    expectError(
      await tampered(editAuthorization((a) => a.replace("SignedHeaders=host;", "SignedHeaders="))),
      "hostNotSigned",
    );
    expectError(
      await tampered(
        editAuthorization((a) =>
          a.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=host;x-amz-date;x-custom"),
        ),
      ),
      "headerNotPresent",
      "x-custom",
    );
    const noHost = await tampered((r) => {
      const headers = { ...r.headers };
      delete headers.host;
      return { ...r, headers };
    });
    expectError(noHost, "missingHost");
  });

  it("parses the Authorization header strictly, echoing it with the signature masked", async () => {
    expectError(
      await tampered(editAuthorization((a) => a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"))),
      "unsupportedAlgorithm",
      "AWS4-HMAC-SHA1",
    );
    expectError(await tampered(editAuthorization(() => "AWS4-HMAC-SHA256 nonsense")), "authorizationFormat");
    expectError(await tampered(editAuthorization(() => "")), "authorizationFormat");
    const noCredential = await tampered(editAuthorization((a) => a.replace(/Credential=[^,]+, /, "")));
    expectError(noCredential, "missingCredential");
    expect(noCredential.error?.Message).toMatch(
      /^Authorization header requires 'Credential' parameter\. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=\*\*\*\*\.$/,
    );
    expectError(
      await tampered(editAuthorization((a) => a.replace(/SignedHeaders=[^,]+, /, ""))),
      "missingSignedHeaders",
    );
    const noSignature = await tampered(editAuthorization((a) => a.replace(/, Signature=.*/, "")));
    expectError(noSignature, "missingSignature");
    expect(noSignature.error?.Message).toContain("Authorization=AWS4-HMAC-SHA256 Credential=");
  });

  it("never echoes the signature itself", async () => {
    let signature = "";
    const response = await tampered((r) => {
      signature = /Signature=([0-9a-f]+)/.exec(r.headers.authorization)?.[1] ?? "";
      return editAuthorization((a) => a.replace(/Credential=[^,]+, /, ""))(r);
    });
    expect(signature).toHaveLength(64);
    expect(response.text).not.toContain(signature);
  });

  it("accepts the Authorization fields without spaces after commas and an upper-case hex signature", async () => {
    expect((await tampered(editAuthorization((a) => a.replace(/, /g, ",")))).status).toBe(200);
    expect(
      (
        await tampered(
          editAuthorization((a) =>
            a.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`),
          ),
        )
      ).status,
    ).toBe(200);
  });

  it("needs X-Amz-Date (or Date) in ISO 8601 basic format", async () => {
    const withoutDate = (r: PreparedRequest) => {
      const headers = { ...r.headers };
      delete headers["x-amz-date"];
      return { ...r, headers };
    };
    const missing = await tampered((r) =>
      editAuthorization((a) => a.replace(";x-amz-date", ""))(withoutDate(r)),
    );
    expectError(missing, "missingDate");
    expect(missing.error?.Message).toMatch(/Authorization=AWS4-HMAC-SHA256 Credential=.*Signature=\*\*\*\*$/);
    for (const date of [
      "2026-11-27T02:40:09Z",
      "20261399T000000Z",
      "20261127T024009",
      "20261127T024009+08:00",
    ]) {
      const response = await tampered((r) => ({ ...r, headers: { ...r.headers, "x-amz-date": date } }));
      expectError(response, "dateNotBasicFormat", date);
    }
  });

  it("accepts Kingsoft's Node SDK's `+00:00` X-Amz-Date, signed as sent", async () => {
    const amzDate = toAmzDate(new Date()).replace("Z", "+00:00");
    const request = handSigned({
      amzDate,
      headers: { "x-amz-date": amzDate },
      signedHeaders: ["host", "x-amz-date"],
    });
    const response = await sendPrepared(fixture.url, request);
    expect(response.status).toBe(200);
  });

  it("accepts an HTTP Date header instead of X-Amz-Date", async () => {
    const now = new Date();
    const request = handSigned({
      amzDate: toAmzDate(now),
      headers: { date: now.toUTCString() },
      signedHeaders: ["date", "host"],
    });
    expect((await sendPrepared(fixture.url, request)).status).toBe(200);
  });

  it("accepts kscore's request: X-Action/X-Version headers, signing accept;host;x-action;x-amz-date;x-version", async () => {
    const response = await describeKeys({
      headers: { "x-action": "DescribeKeys", "x-version": "2016-03-04" },
      extraSignedHeaders: ["accept", "x-action", "x-version"],
    });
    expect(response.status).toBe(200);
  });

  it("accepts Kingsoft's Python SDK's POST: Accesskey/Service/Region parameters and a signed x-amz-content-sha256", async () => {
    const body =
      "Action=DescribeKeys&Version=2016-03-04&Service=kkms&SdkVersion=1.5.0&Region=cn-beijing-6&Language=zh-CN" +
      `&Accesskey=${DEVELOPMENT_ACCOUNT.accessKeyId}`;
    const amzDate = toAmzDate(new Date());
    const request = handSigned({
      method: "POST",
      amzDate,
      body,
      query: [],
      headers: {
        "x-amz-date": amzDate,
        "content-type": "application/x-www-form-urlencoded",
        "x-amz-content-sha256": sha256Hex(body),
      },
      signedHeaders: ["content-type", "host", "x-amz-content-sha256", "x-amz-date"],
    });
    expect((await sendPrepared(fixture.url, request)).status).toBe(200);
    const lying = { ...request, headers: { ...request.headers, "x-amz-content-sha256": sha256Hex("other") } };
    expectError(await sendPrepared(fixture.url, lying), "signatureMismatch");
  });

  it("signs an empty body with SHA-256 of nothing, and holds a GET's declared x-amz-content-sha256 to it", async () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const declaring = (hash: string) =>
      describeKeys({
        headers: { "x-amz-content-sha256": hash },
        extraSignedHeaders: ["x-amz-content-sha256"],
      });
    expect((await declaring(sha256Hex(""))).status).toBe(200);
    expect((await declaring(sha256Hex("").toUpperCase())).status).toBe(200);
    expectError(await declaring(sha256Hex("x")), "signatureMismatch");
    expect((await describeKeys({ signing: "v4-query" })).status).toBe(200);
  });

  it.each([
    "2026-11-27T23:59:59.999Z",
    "2026-01-01T00:00:00Z",
    "0999-03-04T05:06:07Z",
    "2024-02-29T12:00:00Z",
  ])("takes the scope date of %s in UTC, as YYYYMMDD", (iso) => {
    const date = new Date(iso);
    expect(shortDateOf(date)).toBe(date.toISOString().slice(0, 10).replace(/-/g, ""));
  });

  it("canonicalizes a '+' in the query as a space, as the SDKs encode it", async () => {
    const response = await callAction(
      fixture.url,
      "CreateKey",
      {
        KeyName: "a b",
        KeyUsage: "EncryptDecrypt",
        Origin: "kms",
        ChargeType: "PostPaidByDay",
      },
      { afterSigning: (r) => ({ ...r, rawQuery: r.rawQuery.replace("a%20b", "a+b") }) },
    );
    expect(response.status).toBe(200);
    expect(response.body.Key).toMatchObject({ KeyName: "a b" });
  });

  it("answers MissingAuthenticationToken without any signature", async () => {
    expectError(await describeKeys({ signing: "none" }), "missingAuthenticationToken");
  });

  it("lets the Authorization header win over simplified-signature parameters", async () => {
    const response = await callAction(fixture.url, "DescribeKeys", {
      Accesskey: "AKUNKNOWN",
      Signature: "00",
    });
    expect(response.status).toBe(200);
  });
});

describe("SigV4 presigned in the query", () => {
  const presigned = (options: KkmsRequestOptions = {}) => describeKeys({ signing: "v4-query", ...options });

  it("accepts the SDK's presigned URL, with and without X-Amz-Expires", async () => {
    expect((await presigned()).status).toBe(200);
    expect((await presigned({ expiresInSeconds: 60 })).status).toBe(200);
  });

  it("stays valid for X-Amz-Expires after its date, and no longer", async () => {
    const twentyMinutesAgo = new Date(Date.now() - 20 * MINUTE);
    expect((await presigned({ now: twentyMinutesAgo, expiresInSeconds: 3600 })).status).toBe(200);
    expectError(await presigned({ now: twentyMinutesAgo, expiresInSeconds: 900 }), "signatureExpired");
    expectError(await presigned({ now: twentyMinutesAgo }), "signatureExpired");
    expectError(
      await presigned({ now: new Date(Date.now() + 16 * MINUTE), expiresInSeconds: 3600 }),
      "signatureExpired",
    );
  });

  it.each(["0", "604801", "abc", "-5"])("refuses X-Amz-Expires=%s", async (value) => {
    const response = await presigned({
      afterSigning: (r) => ({
        ...r,
        rawQuery: r.rawQuery.replace(/X-Amz-Expires=\d+/, `X-Amz-Expires=${value}`),
      }),
      expiresInSeconds: 60,
    });
    expectError(response, "invalidParameterValue", "X-Amz-Expires");
  });

  it.each(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders"])(
    "names a missing %s",
    async (name) => {
      const response = await presigned({
        afterSigning: (r) => ({ ...r, rawQuery: r.rawQuery.replace(new RegExp(`(^|&)${name}=[^&]*`), "") }),
      });
      expectError(response, "missingQueryAuthParameter", name);
    },
  );

  it("refuses another algorithm, a tampered query, a wrong region and an unknown key", async () => {
    expectError(
      await presigned({
        afterSigning: (r) => ({ ...r, rawQuery: r.rawQuery.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512") }),
      }),
      "unsupportedAlgorithm",
      "AWS4-HMAC-SHA512",
    );
    expectError(
      await presigned({ afterSigning: (r) => ({ ...r, rawQuery: r.rawQuery + "&x=1" }) }),
      "signatureMismatch",
    );
    expectError(await presigned({ region: "us-east-1" }), "badRegion", "us-east-1");
    expectError(
      await presigned({ credentials: { accessKeyId: "AKNOPE", secretAccessKey: "x" } }),
      "invalidClientTokenId",
    );
  });
});

describe("the simplified signature", () => {
  const simple = (options: KkmsRequestOptions = {}) => describeKeys({ signing: "simple", ...options });
  const replaceParam = (name: string, value: string | undefined) => (r: PreparedRequest) => {
    const pattern = new RegExp(`(^|&)${name}=[^&]*`);
    const edit = (text: string) => text.replace(pattern, value === undefined ? "" : `$1${name}=${value}`);
    return { ...r, rawQuery: edit(r.rawQuery), body: edit(String(r.body)) };
  };

  it("accepts the SDK's simplified signature over GET and POST (query and body signed together)", async () => {
    expect((await simple()).status).toBe(200);
    expect((await simple({ method: "POST" })).status).toBe(200);
    expect((await simple({ method: "POST", queryParams: LIST })).status).toBe(200);
  });

  it.each(["Accesskey", "Service", "Timestamp", "SignatureVersion", "SignatureMethod", "Signature"])(
    "names a missing %s",
    async (name) => {
      const response = await simple({ afterSigning: replaceParam(name, undefined) });
      expectError(response, "missingQueryAuthParameter", name);
    },
  );

  it("refuses other methods and versions, another service, an unknown region", async () => {
    expectError(
      await simple({ afterSigning: replaceParam("SignatureMethod", "HMAC-SHA1") }),
      "unsupportedAlgorithm",
      "HMAC-SHA1",
    );
    expectError(
      await simple({ afterSigning: replaceParam("SignatureVersion", "2.0") }),
      "unsupportedAlgorithm",
      "2.0",
    );
    expectError(await simple({ afterSigning: replaceParam("Service", "iam") }), "badService", "iam");
    const region = await callAction(
      fixture.url,
      "DescribeKeys",
      { Region: "cn-nowhere-1" },
      { signing: "simple" },
    );
    expectError(region, "badRegion", "cn-nowhere-1");
  });

  it("checks the Timestamp's format and its 15 minutes", async () => {
    expectError(
      await simple({ afterSigning: replaceParam("Timestamp", "20261127T024009Z") }),
      "dateNotBasicFormat",
      "20261127T024009Z",
    );
    const past = new Date(Date.now() - 16 * MINUTE);
    const expired = await simple({ now: past });
    expectError(expired, "signatureExpired");
    expect(expired.error?.Message).toContain(`Signature expired:${toIsoSeconds(past)} is now earlier than`);
    expect((await simple({ now: new Date(Date.now() - 14 * MINUTE) })).status).toBe(200);
  });

  it("refuses an unknown access key, a wrong secret and any tampered parameter", async () => {
    expectError(
      await simple({ credentials: { accessKeyId: "AKNOPE", secretAccessKey: "x" } }),
      "invalidClientTokenId",
    );
    expectError(
      await simple({ credentials: { accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId, secretAccessKey: "x" } }),
      "signatureMismatch",
    );
    expectError(
      await simple({ afterSigning: replaceParam("Action", "DescribeKeys&KeyId.1=x") }),
      "signatureMismatch",
    );
    expectError(
      await simple({ method: "POST", afterSigning: (r) => ({ ...r, body: String(r.body) + "&Extra=1" }) }),
      "signatureMismatch",
    );
  });

  it("uses the Region parameter as the key's region, else the default region", async () => {
    const created = await callAction(
      fixture.url,
      "CreateKey",
      {
        KeyName: "shanghai",
        KeyUsage: "EncryptDecrypt",
        Origin: "kms",
        ChargeType: "PostPaidByDay",
        Region: "cn-shanghai-2",
      },
      { signing: "simple" },
    );
    const keyId = (created.body.Key as { KeyId: string }).KeyId;
    const inShanghai = await callAction(
      fixture.url,
      "DescribeKeys",
      { "KeyId.1": keyId },
      { region: "cn-shanghai-2" },
    );
    expect(inShanghai.body.KeySet).toHaveLength(1);
    const inDefault = await callAction(
      fixture.url,
      "DescribeKeys",
      { "KeyId.1": keyId },
      { signing: "simple" },
    );
    expect(inDefault.body.KeySet).toEqual([]);
  });
});

describe("prepareRequest (test support)", () => {
  it("signs what it sends", () => {
    const request = prepareRequest(fixture.url, LIST);
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKLTKKMSLOCALDEV\/\d{8}\/cn-beijing-6\/kkms\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });
});
