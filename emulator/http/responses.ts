import { buildXmlDocument, type XmlObject, type XmlValue } from "../../sdk/protocol/xmlCodec";
import type { ApiError } from "../errors";
import type { WireObject, WireValue } from "../actions/handlers/context";

export type ResponseFormat = "json" | "xml";

export interface RenderedResponse {
  status: number;
  contentType: string;
  body: string;
  /** Headers besides Content-Type and Content-Length (a preflight's Access-Control-*). */
  headers?: Readonly<Record<string, string>>;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

/** The seed: XML by default, JSON when the Accept header asks for it. */
export function responseFormatFor(accept: string | undefined): ResponseFormat {
  return accept !== undefined && /json/i.test(accept) ? "json" : "xml";
}

/**
 * A success: JSON `{"RequestId": …, …fields}`; XML `<{Action}Response>` (the overview's rule) with RequestId
 * as a direct child, as every sample shows.
 */
export function renderSuccess(
  format: ResponseFormat,
  action: string,
  requestId: string,
  fields: WireObject,
): RenderedResponse {
  const document = { RequestId: requestId, ...fields };
  return format === "json"
    ? { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(document) }
    : {
        status: 200,
        contentType: XML_CONTENT_TYPE,
        body: buildXmlDocument(`${action}Response`, toXml(document)),
      };
}

/** The seed's error document: `{RequestId, Error{Type, Code, Message}}`, XML root `ErrorResponse`. */
export function renderError(format: ResponseFormat, requestId: string, error: ApiError): RenderedResponse {
  const document = {
    RequestId: requestId,
    Error: { Type: error.type, Code: error.code, Message: error.message },
  };
  return format === "json"
    ? { status: error.status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(document) }
    : {
        status: error.status,
        contentType: XML_CONTENT_TYPE,
        body: buildXmlDocument("ErrorResponse", document),
      };
}

/** Plain JSON for /health and the admin paths. */
export function renderJson(status: number, value: unknown): RenderedResponse {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(value) };
}

/** Lists become `<item>` elements (an empty list an empty element), booleans `true`/`false`. */
function toXml(object: WireObject): XmlObject {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, xmlValue(value)]));
}

function xmlValue(value: WireValue): XmlValue {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "" : { item: value.map(toXml) };
  return toXml(value);
}
