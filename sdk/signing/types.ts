import type { HeaderMap } from "./getCanonicalHeaders";
import type { QueryParameter } from "./getCanonicalQuery";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The parts of an HTTP request that signing reads. `headers` must hold `host` (with `:port` when not default). */
export interface SignableRequest {
  method: string;
  path: string;
  query: readonly QueryParameter[];
  headers: HeaderMap;
  body: string | Buffer;
}

/** Every intermediate result, so tests and verifiers can compare each step, not only the signature. */
export interface SignatureTrace {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  credentialScope: string;
  signedHeaders: string;
}
