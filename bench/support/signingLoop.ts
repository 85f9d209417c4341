import * as http from "http";
import { protocol, signing, type Credentials } from "pulumi-kkms/sdk";

/** What the client is measured against: one Encrypt, signed anew, sent and read back, and nothing else. */
export interface SigningLoop {
  encrypt(keyId: string, plaintext: Buffer): Promise<{ keyId: string; ciphertextBlob: string }>;
  destroy(): void;
}

/**
 * A bare node:http Encrypt that does the work a client cannot skip: the same parameters, the same POST form body,
 * SigV4 in the Authorization header from the same signer, a keep-alive agent like the client's, and the JSON
 * answer parsed and checked. The client's own cost is whatever it spends beyond this.
 */
export function createSigningLoop(
  endpoint: string,
  region: string,
  credentials: Credentials,
  agent = new http.Agent({ keepAlive: true, maxSockets: 64 }),
): SigningLoop {
  const url = new URL(endpoint);
  return {
    encrypt: (keyId, plaintext) => {
      const { headers, body } = signedEncrypt(url, region, credentials, keyId, plaintext);
      return send(url, agent, headers, body);
    },
    destroy: () => agent.destroy(),
  };
}

/** The Encrypt KkmsClient sends: its form body, and its headers with SigV4 from the same signer, dated now. */
export function signedEncrypt(
  url: URL,
  region: string,
  credentials: Credentials,
  keyId: string,
  plaintext: Buffer,
): { headers: Record<string, string>; body: string } {
  const body = protocol.encodeParameters([
    ["Action", "Encrypt"],
    ["Version", "2016-03-04"],
    ["KeyId", keyId],
    ["Plaintext", plaintext.toString("base64")],
  ]);
  const headers = {
    host: url.host,
    accept: "application/json",
    "content-type": "application/x-www-form-urlencoded",
  };
  const signed = signing.signRequestV4(
    { method: "POST", path: "/", query: [], headers, body },
    { credentials, region, service: "kkms", now: new Date() },
  );
  return { headers: { ...headers, ...signed.headers }, body };
}

/** The JSON answer's fields, or undefined when it is not JSON. */
export function parseAnswer(text: string): { KeyId?: string; CiphertextBlob?: string } | undefined {
  try {
    return JSON.parse(text) as { KeyId?: string; CiphertextBlob?: string };
  } catch {
    return undefined;
  }
}

function send(
  url: URL,
  agent: http.Agent,
  headers: Record<string, string>,
  body: string,
): Promise<{ keyId: string; ciphertextBlob: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: "/", method: "POST", headers, agent },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          const document = response.statusCode === 200 ? parseAnswer(text) : undefined;
          if (!document?.KeyId || !document.CiphertextBlob)
            reject(new Error(`Encrypt answered ${response.statusCode}: ${text.slice(0, 200)}`));
          else resolve({ keyId: document.KeyId, ciphertextBlob: document.CiphertextBlob });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
