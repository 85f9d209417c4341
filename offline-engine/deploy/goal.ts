import type { PropertyMap } from "../providers/secrets";
import type { Alias } from "./aliases";

/** What a RegisterResource asks for (resource.Goal), after the monitor resolved its provider and options. */
export interface Goal {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly properties: PropertyMap;
  /** The parent's URN; "" for none. */
  readonly parent: string;
  /** undefined when the program did not set it. */
  readonly protect: boolean | undefined;
  readonly dependencies: string[];
  /** `<provider URN>::<id>`; "" for components and provider resources. */
  readonly provider: string;
  readonly propertyDependencies: Record<string, string[]>;
  /** undefined when the program did not set it (the provider's Diff then decides). */
  readonly deleteBeforeReplace: boolean | undefined;
  readonly ignoreChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly aliases: Alias[];
  /** The `import` id; "" for none. */
  readonly importId: string;
  readonly replaceOnChanges: string[];
  readonly retainOnDelete: boolean | undefined;
  /** "" for none. */
  readonly deletedWith: string;
}

/** A ReadResource (`Resource.get`): an existing resource to read and record as external. */
export interface ReadGoal {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly provider: string;
  readonly properties: PropertyMap;
  readonly dependencies: string[];
  readonly additionalSecretOutputs: string[];
}
