import { parseXmlDocument, type XmlObject } from "./xmlCodec";

export type ResponseFormat = "json" | "xml";

/** A decoded KKMS answer: its root element (XML only) and its content as plain objects and strings. */
export interface ResponseDocument {
  format: ResponseFormat;
  root?: string;
  body: Record<string, unknown>;
}

/**
 * Decodes by the response's Content-Type, not by what was asked for; with no usable Content-Type the first
 * character decides. Returns undefined for anything that is not a KKMS document (an HTML error page, "").
 */
export function decodeResponseDocument(
  contentType: string | undefined,
  text: string,
): ResponseDocument | undefined {
  const format = formatOf(contentType, text);
  try {
    if (format === "json") return jsonDocument(text);
    if (format === "xml") return xmlDocument(text);
  } catch {
    return undefined;
  }
  return undefined;
}

function formatOf(contentType: string | undefined, text: string): ResponseFormat | undefined {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("json")) return "json";
  if (type.includes("xml")) return "xml";
  const first = text.trimStart()[0];
  if (first === "{") return "json";
  if (first === "<") return "xml";
  return undefined;
}

function jsonDocument(text: string): ResponseDocument | undefined {
  const body: unknown = JSON.parse(text);
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  return { format: "json", body: body as Record<string, unknown> };
}

function xmlDocument(text: string): ResponseDocument | undefined {
  const { root, body } = parseXmlDocument(text);
  if (root.toLowerCase() === "html") return undefined;
  return { format: "xml", root, body: body as XmlObject as Record<string, unknown> };
}
