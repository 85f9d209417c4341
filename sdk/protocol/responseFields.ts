import type { KmsKey } from "../types";

/**
 * Readers that tolerate every spelling KKMS is known to use: the seed's samples (`KeyID`, `Plantext`,
 * `<response>` roots, one `<item>` as a list), the overview (`ResponseMetadata/RequestId`) and Kingsoft's Go
 * SDK (`RequestID`).
 */
type Body = Record<string, unknown>;

export function readField(body: Body, ...names: string[]): unknown {
  for (const name of names) {
    if (body[name] !== undefined) return body[name];
  }
  return undefined;
}

export function readString(body: Body, ...names: string[]): string | undefined {
  const value = readField(body, ...names);
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? undefined : String(value);
}

export function readRequestId(body: Body): string | undefined {
  const direct = readString(body, "RequestId", "RequestID", "requestId");
  if (direct !== undefined) return direct;
  const metadata = readField(body, "ResponseMetadata");
  return isObject(metadata) ? readString(metadata, "RequestId", "RequestID") : undefined;
}

export function readBoolean(body: Body, ...names: string[]): boolean | undefined {
  const value = readField(body, ...names);
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return value.trim().toLowerCase() === "true";
  return undefined;
}

export function readKey(value: unknown): KmsKey | undefined {
  if (!isObject(value)) return undefined;
  return {
    keyId: readString(value, "KeyId", "KeyID") ?? "",
    keyName: readString(value, "KeyName") ?? "",
    createTime: readString(value, "CreateTime") ?? "",
    description: readString(value, "Description") ?? "",
    keyState: readString(value, "KeyState") ?? "",
    keyUsage: readString(value, "KeyUsage") ?? "",
    origin: readString(value, "Origin") ?? "",
  };
}

/** `KeySet` as a JSON array, `{item: [...]}`, `{item: {...}}` (a single XML item), or empty (`""`). */
export function readKeyList(value: unknown): KmsKey[] {
  const items = isObject(value) && "item" in value ? value.item : value;
  const list = Array.isArray(items) ? items : isObject(items) ? [items] : [];
  return list.map(readKey).filter((key): key is KmsKey => key !== undefined);
}

export function isObject(value: unknown): value is Body {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The result part of a body: some gateways wrap it in `<ActionResult>`; the seed's samples do not. */
export function unwrapResult(body: Body, action: string): Body {
  const wrapped = readField(body, `${action}Result`);
  return isObject(wrapped) ? { ...body, ...wrapped } : body;
}
