/** Wire strings of SigV4 as Kingsoft uses it (AWS Signature Version 4, service `kkms`). */
export const ALGORITHM = "AWS4-HMAC-SHA256";
export const KEY_TYPE_IDENTIFIER = "aws4_request";
export const KKMS_SERVICE = "kkms";

export const AMZ_DATE_HEADER = "x-amz-date";
export const AUTHORIZATION_HEADER = "authorization";
export const HOST_HEADER = "host";
export const CONTENT_SHA256_HEADER = "x-amz-content-sha256";

export const AMZ_ALGORITHM_QUERY_PARAM = "X-Amz-Algorithm";
export const AMZ_CREDENTIAL_QUERY_PARAM = "X-Amz-Credential";
export const AMZ_DATE_QUERY_PARAM = "X-Amz-Date";
export const AMZ_SIGNED_HEADERS_QUERY_PARAM = "X-Amz-SignedHeaders";
export const AMZ_SIGNATURE_QUERY_PARAM = "X-Amz-Signature";
export const AMZ_EXPIRES_QUERY_PARAM = "X-Amz-Expires";

/** Parameters of the simplified (version 1.0) signature. */
export const SIMPLE_SIGNATURE_VERSION = "1.0";
export const SIMPLE_SIGNATURE_METHOD = "HMAC-SHA256";
export const SIMPLE_SIGNATURE_PARAM = "Signature";
