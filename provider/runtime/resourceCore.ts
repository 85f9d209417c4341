import type { CheckFailure } from "./inputRules";
import type { ProviderContext } from "./providerContext";

type Props = Record<string, unknown>;

export interface ResourceCheck {
  inputs: Props;
  failures: CheckFailure[];
}

export interface ResourceDiff {
  changes: boolean;
  /** Inputs whose change replaces the resource. */
  replaces: string[];
  /** Inputs whose change is made in place. */
  updates: string[];
  deleteBeforeReplace: boolean;
}

/** What a read found; an empty `id` means the resource is gone. */
export interface ResourceRead {
  id: string;
  props: Props;
}

/** A resource the engine imports with its id alone: its outputs and the inputs that declare it as it is. */
export interface ResourceImport {
  id: string;
  props: Props;
  inputs: Props;
}

/**
 * One resource kind's rules and lifecycle, the same for both front ends: the dynamic provider (dynamicProvider.ts,
 * behind the serialized shims) and the native plugin (provider/plugin). Every method takes the calling provider's
 * context; nothing is read from anywhere else.
 */
export interface ResourceCore {
  /** `autoNamePrefix`: where a generated name starts, when the front end knows the resource's name. */
  check(context: ProviderContext, olds: Props, news: Props, autoNamePrefix?: string): Promise<ResourceCheck>;
  diff(context: ProviderContext, id: string, olds: Props, news: Props): Promise<ResourceDiff>;
  create(context: ProviderContext, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** A refresh (the state holds the outputs) or a `.get` (the state is what the program gave). */
  read(context: ProviderContext, id: string, state: Props): Promise<ResourceRead>;
  /** Absent: every change replaces. */
  update?(context: ProviderContext, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(context: ProviderContext, id: string, state: Props): Promise<void>;
  /** Absent: the resource cannot be imported. Undefined when there is nothing with that id. */
  importById?(context: ProviderContext, id: string): Promise<ResourceImport | undefined>;
}
