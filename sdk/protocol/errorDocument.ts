import type { ResponseDocument } from "./responseDocument";
import { isObject, readRequestId, readString } from "./responseFields";

export interface WireError {
  type?: string;
  code: string;
  message: string;
  requestId?: string;
}

/** `{RequestId, Error{Type, Code, Message}}` in JSON, `<ErrorResponse>` in XML (also `Errors/Error`). */
export function readWireError(document: ResponseDocument): WireError | undefined {
  const body = document.body;
  const errors = body.Errors;
  const candidate = body.Error ?? (isObject(errors) ? errors.Error : undefined);
  const error = Array.isArray(candidate) ? candidate[0] : candidate;
  if (!isObject(error)) return undefined;
  const code = readString(error, "Code", "code");
  if (code === undefined) return undefined;
  return {
    type: readString(error, "Type", "type"),
    code,
    message: readString(error, "Message", "message") ?? "",
    requestId: readRequestId(body) ?? readRequestId(error),
  };
}
