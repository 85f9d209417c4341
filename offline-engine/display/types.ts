/** What happened to one resource. In a preview: what would happen. */
export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "import";

export interface Step {
  readonly op: StepOp;
  readonly urn: string;
  /** The full type token, e.g. `pulumi-nodejs:dynamic/kkms:Key`. */
  readonly type: string;
  readonly name: string;
  /** update: the properties that changed; replace: the ones that force the replacement; refresh: what drifted. */
  readonly changedProperties?: string[];
}

/** A message of the engine, a provider or the program, as the CLI would print it. */
export interface Diagnostic {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  /** The resource it is about, if any. */
  readonly urn?: string;
}
