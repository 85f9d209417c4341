import type { ProviderHost } from "../providerHost";
import type { PropertyMap } from "../secrets";
import type { StateStore } from "./stateStore";
import type { StepLog } from "./stepLog";

/** What every step works with. */
export interface StepContext {
  readonly host: ProviderHost;
  /** In a preview, a scratch copy that is never written. */
  readonly store: StateStore;
  /** Only check, diff and read: create, update and delete nothing. */
  readonly preview: boolean;
  readonly log: StepLog;
}

/** An `up` (or preview) in progress. */
export interface UpContext extends StepContext {
  /** URNs the program registered so far in this run; the rest of the state is deleted at the end. */
  readonly registered: Set<string>;
}

/** What the program gets back for a registration: the id and the outputs (wire form, secrets wrapped). */
export interface Registered {
  readonly id: string | undefined;
  readonly outputs: PropertyMap;
}
