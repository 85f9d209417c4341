import type { ProviderHost } from "../providerHost";
import type { StateStore } from "./stateStore";

/** A Stack's fixed parts, shared by its operations. */
export interface OperationContext {
  readonly host: ProviderHost;
  readonly store: StateStore;
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** Where the plan/summary lines go. */
  readonly print: (line: string) => void;
}
