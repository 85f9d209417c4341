import { signing } from "pulumi-kkms/sdk";
import { httpRequest } from "./http";
import type { ReplayRequest } from "./loadTypes";

/**
 * AWS KMS requests for moto, in the JSON protocol every AWS SDK uses: POST /, `X-Amz-Target: TrentService.<Op>`,
 * a JSON body, SigV4 in the Authorization header. Signed once and replayed like kkms-local's presigned requests
 * (moto checks no signature, but it gets what a real client sends).
 */
const CREDENTIALS = { accessKeyId: "AKIDBENCHMOTO", secretAccessKey: "bench-moto-secret" };
const REGION = "us-east-1";

export function kmsRequest(origin: string, operation: string, body: Record<string, unknown>): ReplayRequest {
  const text = JSON.stringify(body);
  const headers = {
    host: new URL(origin).host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `TrentService.${operation}`,
  };
  const signed = signing.signRequestV4(
    { method: "POST", path: "/", query: [], headers, body: text },
    {
      credentials: CREDENTIALS,
      region: REGION,
      service: "kms",
      now: new Date(),
      extraSignedHeaders: ["content-type", "x-amz-target"],
    },
  );
  const { host: _host, ...sent } = { ...headers, ...signed.headers };
  return { method: "POST", path: "/", headers: sent, body: text };
}

/** Sends one KMS request and returns its JSON answer; anything but 200 throws. */
export async function callKms(
  origin: string,
  operation: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const request = kmsRequest(origin, operation, body);
  const answer = await httpRequest(origin + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  if (answer.status !== 200)
    throw new Error(`moto ${operation}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** `count` symmetric keys created in moto, `parallel` at a time; their ids in creation order. */
export async function createKmsKeys(origin: string, count: number, parallel = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const answer = await callKms(origin, "CreateKey", { Description: `bench key ${index}` });
      ids[index] = String((answer.KeyMetadata as { KeyId: string }).KeyId);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}
