import type { ActionName } from "../actionNames";
import type { MaterialCache } from "../../storage/materialCache";
import type { RequestParameters } from "../../http/requestParameters";
import type { KeyStore } from "../../storage/keyStore";

/** A value in an answer: XML renders lists as `<item>`s, JSON as arrays. Field order is kept. */
export type WireValue = string | boolean | WireObject | WireObject[];
export interface WireObject {
  [name: string]: WireValue;
}

/**
 * Everything a handler may use. Handlers run synchronously; a write action's inside one store transaction, a
 * read-only action's outside any (see ACTION_ACCESS).
 */
export interface HandlerContext {
  action: ActionName;
  parameters: RequestParameters;
  /** Keys belong to (account, region); nothing outside it is visible. */
  owner: { accountId: string; region: string };
  store: KeyStore;
  /** Wraps a new key's material. */
  rootKey: Buffer;
  /** Unwraps a stored key's material (under the same root key). */
  materials: MaterialCache;
  now: Date;
  /** DryRun=true: validate, look up and check state, then answer DryRunOperation without acting. */
  dryRun: boolean;
  deletionWindowMs: number;
}

/**
 * Every handler has the same shape: decode → validate → look up the key → check its state → act → save →
 * respond with the answer's fields (RequestId is added by the renderer).
 */
export type ActionHandler = (context: HandlerContext) => WireObject;
