export * from "./errorCatalog";
export { encodeParameters, decodeParameters, MalformedParameterError } from "./formEncoding";
export { parseXmlDocument, buildXmlDocument, type XmlObject, type XmlValue } from "./xmlCodec";
export { decodeResponseDocument, type ResponseDocument, type ResponseFormat } from "./responseDocument";
export { readWireError, type WireError } from "./errorDocument";
export * from "./responseFields";
