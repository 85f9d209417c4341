import { decodeParameters, MalformedParameterError } from "../../sdk/protocol/formEncoding";
import type { QueryParameter } from "../../sdk/signing/getCanonicalQuery";
import { invalidQueryParameter, unsupportedContentType } from "../errors";

const FORM_TYPE = "application/x-www-form-urlencoded";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The request's parameters: the URL's query and a POST's form body merged (Kingsoft's Node SDK keeps Action
 * and Version in the query of a POST). Reading a parameter sent twice with different values is an error;
 * parameters nobody reads (an SDK's `SdkVersion`, `Language`, …) are ignored.
 */
export class RequestParameters {
  /**
   * Every value of each name in the order sent, names in the order first sent. Built once: a request reads a
   * dozen parameters (authentication, Action, Version, the action's own), each then one lookup.
   */
  private readonly byName = new Map<string, string[]>();

  constructor(readonly pairs: readonly QueryParameter[]) {
    for (const [name, value] of pairs) {
      const values = this.byName.get(name);
      if (values === undefined) this.byName.set(name, [value]);
      else values.push(value);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The value, or undefined when absent; InvalidQueryParameter when repeated with different values. */
  get(name: string): string | undefined {
    const values = this.byName.get(name);
    if (values === undefined) return undefined;
    for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) throw invalidQueryParameter(name);
    return values[0];
  }

  all(name: string): readonly string[] {
    return this.byName.get(name) ?? NONE;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

const NONE: readonly string[] = Object.freeze([]);

export interface ParsedParameters {
  /** The URL's query alone: what SigV4 canonicalizes. */
  query: QueryParameter[];
  parameters: RequestParameters;
}

export function collectParameters(input: {
  method: string;
  rawQuery: string;
  body: Buffer;
  contentType: string | undefined;
}): ParsedParameters {
  const query = parseParameterBytes(Buffer.from(input.rawQuery, "latin1"));
  const form = input.method === "POST" ? parseFormBody(input.body, input.contentType) : [];
  return { query, parameters: new RequestParameters([...query, ...form]) };
}

/** A POST body is a form whether or not it says so; any other declared type is refused. */
export function parseFormBody(body: Buffer, contentType: string | undefined): QueryParameter[] {
  if (contentType !== undefined && contentType.trim() !== "" && !isFormType(contentType)) {
    throw unsupportedContentType(contentType);
  }
  return parseParameterBytes(body);
}

function isFormType(contentType: string): boolean {
  const [mediaType, ...attributes] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== FORM_TYPE) return false;
  const charset = attributes.find((attribute) => attribute.startsWith("charset="));
  return charset === undefined || ["charset=utf-8", "charset=utf8", 'charset="utf-8"'].includes(charset);
}

/**
 * `k=v&k=v` bytes to decoded pairs (`+` is space). Raw bytes must be UTF-8 and `%` escapes must decode to
 * UTF-8; otherwise InvalidQueryParameter names the parameter at fault.
 */
export function parseParameterBytes(raw: Buffer): QueryParameter[] {
  try {
    return decodeParameters(decodeUtf8(raw));
  } catch (err) {
    if (err instanceof MalformedParameterError) throw invalidQueryParameter(err.parameter);
    throw err;
  }
}

function decodeUtf8(raw: Buffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new MalformedParameterError(firstUndecodableName(raw));
  }
}

/** Splits the raw bytes at `&` and names the first parameter whose bytes do not decode. */
function firstUndecodableName(raw: Buffer): string {
  for (let start = 0; start <= raw.length;) {
    const amp = raw.indexOf(0x26, start);
    const end = amp < 0 ? raw.length : amp;
    const part = raw.subarray(start, end);
    try {
      utf8.decode(part);
    } catch {
      const eq = part.indexOf(0x3d);
      return part.subarray(0, eq < 0 ? part.length : eq).toString("utf8");
    }
    start = end + 1;
  }
  return "";
}
