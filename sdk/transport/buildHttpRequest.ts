import type { ResolvedClientConfig } from "../config";
import { encodeParameters } from "../protocol/formEncoding";
import { KKMS_SERVICE, SIMPLE_SIGNATURE_METHOD, SIMPLE_SIGNATURE_VERSION } from "../signing/constants";
import { toIsoSeconds } from "../signing/formatDate";
import type { QueryParameter } from "../signing/getCanonicalQuery";
import { presignRequestV4 } from "../signing/presignRequestV4";
import { signRequestV4 } from "../signing/signRequestV4";
import { computeSimpleSignature } from "../signing/simpleSignature";
import type { Credentials, SignableRequest } from "../signing/types";
import { API_VERSION } from "../types";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

/**
 * A signed, ready-to-send request. GET carries every parameter in the query and POST every parameter in a form
 * body, as the seed says; a GET whose URL would be too long goes as POST, and so does a plaintext.
 */
export function buildHttpRequest(
  config: ResolvedClientConfig,
  operation: { action: string; carriesPlaintext?: boolean },
  parameters: readonly QueryParameter[],
  credentials: Credentials,
  now: Date,
): HttpRequest {
  const base: QueryParameter[] = [["Action", operation.action], ["Version", API_VERSION], ...parameters];
  const params = config.signatureVersion === "simple" ? withSimpleSignature(base, credentials, now) : base;
  const method = operation.carriesPlaintext ? "POST" : chooseMethod(config, params);
  const unsigned: SignableRequest = {
    method,
    path: config.endpoint.pathname || "/",
    query: method === "GET" ? params : [],
    headers: {
      host: config.endpoint.host,
      accept: config.responseFormat === "json" ? "application/json" : "application/xml",
      ...(method === "POST" ? { "content-type": FORM_CONTENT_TYPE } : {}),
    },
    body: method === "POST" ? encodeParameters(params) : "",
  };
  return signed(unsigned, config, credentials, now);
}

function signed(
  request: SignableRequest,
  config: ResolvedClientConfig,
  credentials: Credentials,
  now: Date,
): HttpRequest {
  const signing = { credentials, region: config.region, service: KKMS_SERVICE, now };
  let query = request.query;
  let headers = request.headers as Record<string, string>;
  if (config.signatureVersion === "v4") {
    headers = { ...headers, ...signRequestV4(request, signing).headers };
  } else if (config.signatureVersion === "v4-query") {
    query = presignRequestV4(request, { ...signing, expiresInSeconds: 900 }).query;
  }
  const queryString = encodeParameters(query);
  const url = `${config.endpoint.origin}${request.path}${queryString === "" ? "" : "?" + queryString}`;
  return { method: request.method as "GET" | "POST", url, headers, body: String(request.body) };
}

function chooseMethod(config: ResolvedClientConfig, params: readonly QueryParameter[]): "GET" | "POST" {
  if (config.method === "POST") return "POST";
  const urlLength = config.endpoint.origin.length + 2 + encodeParameters(params).length;
  // The presigned form adds about 300 characters of X-Amz-* parameters.
  const signatureAllowance = config.signatureVersion === "v4-query" ? 400 : 0;
  return urlLength + signatureAllowance > config.maxUrlLength ? "POST" : "GET";
}

/** Adds the simplified signature's common parameters and `Signature`. */
function withSimpleSignature(
  params: QueryParameter[],
  credentials: Credentials,
  now: Date,
): QueryParameter[] {
  const common: QueryParameter[] = [
    ["Accesskey", credentials.accessKeyId],
    ["Service", KKMS_SERVICE],
    ["Timestamp", toIsoSeconds(now)],
    ["SignatureVersion", SIMPLE_SIGNATURE_VERSION],
    ["SignatureMethod", SIMPLE_SIGNATURE_METHOD],
  ];
  const unsigned = [...params, ...common];
  return [...unsigned, ["Signature", computeSimpleSignature(credentials.secretAccessKey, unsigned)]];
}
