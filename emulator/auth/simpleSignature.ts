import { computeSimpleSignature } from "../../sdk/signing/simpleSignature";
import {
  KKMS_SERVICE,
  SIMPLE_SIGNATURE_METHOD,
  SIMPLE_SIGNATURE_PARAM,
  SIMPLE_SIGNATURE_VERSION,
} from "../../sdk/signing/constants";
import {
  badRegion,
  badService,
  dateNotBasicFormat,
  missingQueryAuthParameter,
  signatureMismatch,
  unsupportedAlgorithm,
} from "../errors";
import { checkRequestTime, parseIsoSeconds } from "./clockWindow";
import { findAccount, sameSignature } from "./sigV4Checks";
import type { AuthRequest, AuthSettings, Caller } from "./types";

const REQUIRED = [
  "Accesskey",
  "Service",
  "Timestamp",
  "SignatureVersion",
  "SignatureMethod",
  SIMPLE_SIGNATURE_PARAM,
] as const;

/**
 * The simplified signature: HMAC-SHA256 under the secret key over every parameter (query and body) but
 * `Signature`. Its region is the `Region` parameter when sent, else the server's default region.
 */
export function verifySimpleSignature(request: AuthRequest, settings: AuthSettings): Caller {
  const auth = requiredParameters(request);
  if (auth.SignatureMethod !== SIMPLE_SIGNATURE_METHOD) throw unsupportedAlgorithm(auth.SignatureMethod);
  if (auth.SignatureVersion !== SIMPLE_SIGNATURE_VERSION) throw unsupportedAlgorithm(auth.SignatureVersion);
  if (auth.Service !== KKMS_SERVICE) throw badService(auth.Service);
  const region = request.parameters.get("Region") ?? settings.defaultRegion;
  if (!settings.regions.has(region)) throw badRegion(region);
  const date = parseIsoSeconds(auth.Timestamp);
  if (date === undefined) throw dateNotBasicFormat(auth.Timestamp);
  checkRequestTime(auth.Timestamp, date, settings.now, {
    beforeMs: settings.skewMs,
    afterMs: settings.skewMs,
  });
  const account = findAccount(settings, auth.Accesskey);
  const expected = computeSimpleSignature(account.secretAccessKey, request.parameters.pairs);
  if (!sameSignature(expected, auth.Signature)) throw signatureMismatch();
  return { account, region, signatureKind: "simple" };
}

function requiredParameters(request: AuthRequest): Record<(typeof REQUIRED)[number], string> {
  const values = {} as Record<(typeof REQUIRED)[number], string>;
  for (const name of REQUIRED) {
    const value = request.parameters.get(name);
    if (value === undefined || value === "") throw missingQueryAuthParameter(name);
    values[name] = value;
  }
  return values;
}
