import { XMLBuilder, XMLParser } from "fast-xml-parser";

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: a KeyName "1" must not become the number 1, nor "  x " lose its spaces.
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (_name, jpath) => /(^|\.)(KeySet|KeyIdSet|Keys)\.item$/.test(String(jpath)),
});

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** The document's root element name and content, with indentation text between elements dropped. */
export function parseXmlDocument(text: string): { root: string; body: XmlObject } {
  const doc = parser.parse(text, true) as Record<string, unknown>;
  const root = Object.keys(doc).find((name) => !name.startsWith("?") && name !== "#text");
  if (root === undefined) throw new SyntaxError("XML document has no root element");
  const body = dropLayoutText(doc[root]);
  return { root, body: typeof body === "object" && !Array.isArray(body) ? body : {} };
}

function dropLayoutText(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(dropLayoutText);
  if (value === null || typeof value !== "object") return value === undefined ? "" : String(value);
  const entries = Object.entries(value).filter(([name]) => name !== "#text");
  return Object.fromEntries(entries.map(([name, child]) => [name, dropLayoutText(child)]));
}

/** Serializes `{ Root: {...} }` with an XML declaration; arrays become repeated elements. */
export function buildXmlDocument(rootName: string, body: object): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [rootName]: body })}`;
}
