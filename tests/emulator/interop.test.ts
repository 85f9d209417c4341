import * as http from "http";
import aws4 from "aws4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { createKeyParams, useEmulator } from "./support/emulatorFixture";
import { toResponse, type KkmsResponse } from "./support/kkmsRequest";

/**
 * Clients written by someone else: AWS's own SigV4 signer (smithy) and mhart's aws4 sign raw KKMS requests
 * with their own canonicalization, and kkms-local must accept them.
 */
const fixture = useEmulator();
const credentials = {
  accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId,
  secretAccessKey: DEVELOPMENT_ACCOUNT.secretAccessKey,
};

function send(options: http.RequestOptions, body?: string): Promise<KkmsResponse> {
  const { hostname, port } = new URL(fixture.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, agent: false, ...options }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve(toResponse(res, text)));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("@smithy/signature-v4 (the AWS SDK's signer)", () => {
  const signer = new SignatureV4({
    credentials,
    region: "cn-beijing-6",
    service: "kkms",
    sha256: Hash.bind(null, "sha256"),
  });

  async function smithyCall(method: "GET" | "POST", params: Record<string, string>): Promise<KkmsResponse> {
    const { hostname, port, host } = new URL(fixture.url);
    const body = method === "POST" ? new URLSearchParams(params).toString() : undefined;
    const request = new HttpRequest({
      method,
      protocol: "http:",
      hostname,
      port: Number(port),
      path: "/",
      query: method === "GET" ? params : {},
      headers: {
        host,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      },
      body,
    });
    const signed = await signer.sign(request);
    const query = new URLSearchParams(signed.query as Record<string, string>).toString();
    return send({ method, path: "/" + (query ? "?" + query : ""), headers: signed.headers }, body);
  }

  it("creates, encrypts and decrypts over GET and POST", async () => {
    const created = await smithyCall("GET", {
      Action: "CreateKey",
      Version: "2016-03-04",
      ...createKeyParams("smithy key with spaces"),
    });
    expect(created.status).toBe(200);
    const keyId = (created.body.Key as { KeyId: string }).KeyId;
    const plaintext = Buffer.from("smithy ✓ +/=").toString("base64");
    const encrypted = await smithyCall("POST", {
      Action: "Encrypt",
      Version: "2016-03-04",
      KeyId: keyId,
      Plaintext: plaintext,
    });
    expect(encrypted.status).toBe(200);
    const decrypted = await smithyCall("GET", {
      Action: "Decrypt",
      Version: "2016-03-04",
      KeyId: keyId,
      CiphertextBlob: encrypted.body.CiphertextBlob as string,
    });
    expect(decrypted.body.Plaintext).toBe(plaintext);
  });

  it("presigns a URL kkms-local accepts", async () => {
    const { hostname, port, host } = new URL(fixture.url);
    const request = new HttpRequest({
      method: "GET",
      protocol: "http:",
      hostname,
      port: Number(port),
      path: "/",
      query: { Action: "DescribeKeys", Version: "2016-03-04" },
      headers: { host },
    });
    const presigned = await signer.presign(request, { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const response = await send({
      method: "GET",
      path: "/?" + query,
      headers: { ...presigned.headers, accept: "application/json" },
    });
    expect(response.status).toBe(200);
  });
});

describe("aws4", () => {
  it("signs GET with a query and POST with a form body", async () => {
    const { host } = new URL(fixture.url);
    const query = new URLSearchParams({
      Action: "CreateKey",
      Version: "2016-03-04",
      ...createKeyParams("aws4 (key) *!'"),
    }).toString();
    const get = aws4.sign(
      {
        host,
        path: "/?" + query,
        service: "kkms",
        region: "cn-beijing-6",
        headers: { accept: "application/json" },
      },
      credentials,
    );
    const created = await send({
      method: "GET",
      path: get.path,
      headers: get.headers as http.OutgoingHttpHeaders,
    });
    expect(created.status).toBe(200);
    expect(created.body.Key).toMatchObject({ KeyName: "aws4 (key) *!'" });
    const body = new URLSearchParams({ Action: "DescribeKeys", Version: "2016-03-04" }).toString();
    const post = aws4.sign(
      {
        host,
        method: "POST",
        path: "/",
        service: "kkms",
        region: "cn-beijing-6",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      },
      credentials,
    );
    const listed = await send(
      { method: "POST", path: "/", headers: post.headers as http.OutgoingHttpHeaders },
      body,
    );
    expect(listed.status).toBe(200);
  });

  it("presigns with signQuery", async () => {
    const { host } = new URL(fixture.url);
    const signed = aws4.sign(
      {
        host,
        path: "/?Action=DescribeKeys&Version=2016-03-04",
        service: "kkms",
        region: "cn-beijing-6",
        signQuery: true,
      },
      credentials,
    );
    const response = await send({
      method: "GET",
      path: signed.path,
      headers: { host, accept: "application/json" },
    });
    expect(response.status).toBe(200);
  });
});
