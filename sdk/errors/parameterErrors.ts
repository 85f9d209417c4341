import { ERRORS, formatErrorMessage } from "../protocol/errorCatalog";
import { KkmsError } from "./KkmsError";

/** A bad argument caught before sending: the seed's text naming the parameter, then the rule that failed. */
export function parameterError(
  kind: "missing" | "invalid",
  parameter: string,
  rule: string,
  action?: string,
): KkmsError {
  const template = kind === "missing" ? ERRORS.missingParameter : ERRORS.invalidParameterValue;
  return new KkmsError({
    code: template.code,
    message: `${formatErrorMessage(template.message, [parameter])} ${rule}`,
    type: "Client",
    statusCode: 0,
    action,
    parameter,
  });
}

export function missingParameter(parameter: string, rule: string, action?: string): KkmsError {
  return parameterError("missing", parameter, rule, action);
}

export function invalidParameter(parameter: string, rule: string, action?: string): KkmsError {
  return parameterError("invalid", parameter, rule, action);
}
