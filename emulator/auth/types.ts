import type { QueryParameter } from "../../sdk/signing/getCanonicalQuery";
import type { Account, AccountDirectory } from "./accounts";
import type { RequestParameters } from "../http/requestParameters";

/** What the verifiers read of a request. */
export interface AuthRequest {
  method: string;
  /** The path as sent (`/`). */
  path: string;
  /** The URL's query alone, decoded: SigV4 canonicalizes this, not the form body. */
  query: readonly QueryParameter[];
  /** Query and form body merged: the simplified signature signs all of them. */
  parameters: RequestParameters;
  /** Lower-case names; a repeated header keeps every value in order. */
  headers: Readonly<Record<string, readonly string[]>>;
  body: Buffer;
}

export interface AuthSettings {
  accounts: AccountDirectory;
  regions: ReadonlySet<string>;
  /** The region of simplified-signature requests that name none. */
  defaultRegion: string;
  now: Date;
  /** Allowed clock skew, both ways. */
  skewMs: number;
}

export type SignatureKind = "v4-header" | "v4-query" | "simple";

/** Who sent the request, and for which region: keys belong to (account, region). */
export interface Caller {
  account: Account;
  region: string;
  signatureKind: SignatureKind;
}
