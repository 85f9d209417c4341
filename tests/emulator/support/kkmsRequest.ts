import * as http from "http";
import { computeSimpleSignature } from "../../../sdk/signing/simpleSignature";
import { presignRequestV4 } from "../../../sdk/signing/presignRequestV4";
import { signRequestV4 } from "../../../sdk/signing/signRequestV4";
import { encodeParameters } from "../../../sdk/protocol/formEncoding";
import { decodeResponseDocument } from "../../../sdk/protocol/responseDocument";
import type { QueryParameter } from "../../../sdk/signing/getCanonicalQuery";
import { toIsoSeconds } from "../../../sdk/signing/formatDate";
import type { Credentials } from "../../../sdk/signing/types";
import { DEVELOPMENT_ACCOUNT } from "../../../emulator/auth/accounts";

/**
 * A raw KKMS client for tests: builds the request by hand (parameters in the query, the body, or split),
 * signs it with the SDK's signing functions (or not), lets a test tamper with it after signing, and sends it
 * with node:http so nothing is normalized on the way.
 */
export type Params = readonly QueryParameter[] | Readonly<Record<string, string>>;

export interface PreparedRequest {
  method: string;
  path: string;
  /** Sent verbatim after `?` (empty: no `?`). */
  rawQuery: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface KkmsRequestOptions {
  method?: string;
  /** Where the parameters go. @default "query" for GET, "body" otherwise */
  placement?: "query" | "body";
  /** Extra parameters always put in the URL's query (a POST's Action/Version, as Kingsoft's Node SDK does). */
  queryParams?: Params;
  /** @default "json" */
  accept?: "json" | "xml" | "none";
  /** @default "v4" */
  signing?: "v4" | "v4-query" | "simple" | "none";
  credentials?: Credentials;
  /** @default "cn-beijing-6" */
  region?: string;
  /** The signer's clock. @default now */
  now?: Date;
  /** Headers added before signing (signed only if listed in signedHeaders). */
  headers?: Record<string, string>;
  /** More headers to sign besides host and x-amz-date. */
  extraSignedHeaders?: string[];
  /** Presigned X-Amz-Expires. */
  expiresInSeconds?: number;
  contentType?: string | null;
  /** Tamper after signing. */
  afterSigning?: (request: PreparedRequest) => PreparedRequest;
  path?: string;
}

export interface KkmsResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The decoded document (JSON or XML), `{}` if none. */
  body: Record<string, unknown>;
  root?: string;
  requestId?: string;
  error?: { Type: string; Code: string; Message: string };
}

export function pairs(params: Params | undefined): QueryParameter[] {
  if (params === undefined) return [];
  return Array.isArray(params) ? [...(params as QueryParameter[])] : Object.entries(params);
}

/** Builds and signs; does not send. */
export function prepareRequest(
  url: string,
  params: Params,
  options: KkmsRequestOptions = {},
): PreparedRequest {
  const endpoint = new URL(url);
  const method = options.method ?? "GET";
  const credentials = options.credentials ?? DEVELOPMENT_ACCOUNT;
  const now = options.now ?? new Date();
  let all = pairs(params);
  const fixedQuery = pairs(options.queryParams);
  if (options.signing === "simple")
    all = withSimpleSignature([...fixedQuery, ...all], credentials, now).slice(fixedQuery.length);
  const inBody = (options.placement ?? (method === "GET" ? "query" : "body")) === "body";
  let query = [...fixedQuery, ...(inBody ? [] : all)];
  const body = inBody ? encodeParameters(all) : "";
  const headers: Record<string, string> = { host: endpoint.host, ...(options.headers ?? {}) };
  if (options.accept !== "none")
    headers.accept = options.accept === "xml" ? "application/xml" : "application/json";
  if (inBody && options.contentType !== null)
    headers["content-type"] = options.contentType ?? "application/x-www-form-urlencoded";
  const signing = {
    credentials,
    region: options.region ?? "cn-beijing-6",
    service: "kkms",
    now,
    extraSignedHeaders: options.extraSignedHeaders,
  };
  const path = options.path ?? "/";
  const unsigned = { method, path, query, headers, body };
  if ((options.signing ?? "v4") === "v4") Object.assign(headers, signRequestV4(unsigned, signing).headers);
  if (options.signing === "v4-query")
    query = presignRequestV4(unsigned, { ...signing, expiresInSeconds: options.expiresInSeconds }).query;
  const prepared = { method, path, rawQuery: encodeParameters(query), headers, body };
  return options.afterSigning ? options.afterSigning(prepared) : prepared;
}

function withSimpleSignature(
  params: QueryParameter[],
  credentials: Credentials,
  now: Date,
): QueryParameter[] {
  const unsigned: QueryParameter[] = [
    ...params,
    ["Accesskey", credentials.accessKeyId],
    ["Service", "kkms"],
    ["Timestamp", toIsoSeconds(now)],
    ["SignatureVersion", "1.0"],
    ["SignatureMethod", "HMAC-SHA256"],
  ];
  return [...unsigned, ["Signature", computeSimpleSignature(credentials.secretAccessKey, unsigned)]];
}

export async function kkmsRequest(
  url: string,
  params: Params,
  options: KkmsRequestOptions = {},
): Promise<KkmsResponse> {
  return sendPrepared(url, prepareRequest(url, params, options));
}

/** Action and Version first, then the action's parameters. */
export function callAction(
  url: string,
  action: string,
  params: Params = {},
  options: KkmsRequestOptions = {},
): Promise<KkmsResponse> {
  return kkmsRequest(url, [["Action", action], ["Version", "2016-03-04"], ...pairs(params)], options);
}

export function sendPrepared(url: string, request: PreparedRequest): Promise<KkmsResponse> {
  const endpoint = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method: request.method,
        path: request.path + (request.rawQuery === "" ? "" : "?" + request.rawQuery),
        headers: request.headers,
        // The prepared headers hold the Host that was signed (or none, when a test removed it).
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve(toResponse(res, Buffer.concat(chunks).toString("utf8"))));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

export function toResponse(res: http.IncomingMessage, text: string): KkmsResponse {
  const document = decodeResponseDocument(res.headers["content-type"], text);
  const body = document?.body ?? {};
  const error = body.Error as KkmsResponse["error"];
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    text,
    body,
    root: document?.root,
    requestId: typeof body.RequestId === "string" ? body.RequestId : undefined,
    error,
  };
}
