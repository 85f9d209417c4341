import {
  AMZ_ALGORITHM_QUERY_PARAM,
  AMZ_CREDENTIAL_QUERY_PARAM,
  AMZ_SIGNATURE_QUERY_PARAM,
  AUTHORIZATION_HEADER,
  SIMPLE_SIGNATURE_PARAM,
} from "../../sdk/signing/constants";
import { missingAuthenticationToken } from "../errors";
import { verifyHeaderSignature } from "./sigV4Header";
import { verifyPresignedSignature } from "./sigV4Presigned";
import { verifySimpleSignature } from "./simpleSignature";
import type { AuthRequest, AuthSettings, Caller } from "./types";

const PRESIGNED_MARKERS = [AMZ_ALGORITHM_QUERY_PARAM, AMZ_SIGNATURE_QUERY_PARAM, AMZ_CREDENTIAL_QUERY_PARAM];
// Not `Accesskey` or `Service`: Kingsoft's Python SDK adds those to SigV4 requests too.
const SIMPLE_MARKERS = [SIMPLE_SIGNATURE_PARAM, "SignatureMethod", "SignatureVersion"];

/**
 * Picks the signature form the request uses, in this order: an Authorization header (SigV4), X-Amz-*
 * parameters (presigned SigV4), Signature* parameters (simplified); the header wins over parameters.
 */
export function authenticate(request: AuthRequest, settings: AuthSettings): Caller {
  if (request.headers[AUTHORIZATION_HEADER] !== undefined) return verifyHeaderSignature(request, settings);
  const has = (name: string) => request.parameters.has(name);
  if (PRESIGNED_MARKERS.some(has)) return verifyPresignedSignature(request, settings);
  if (SIMPLE_MARKERS.some(has)) return verifySimpleSignature(request, settings);
  throw missingAuthenticationToken();
}
