/**
 * The offline engine: runs Pulumi programs with Pulumi's own language host and provider plugins, under the
 * engine's rules, where no Pulumi CLI can be installed. See the README's "Offline engine" section for what it
 * emulates and what it does not.
 */
export { openStack } from "./stack/openStack";
export { OperationFailedError } from "./stack/types";
export type {
  DestroyResult,
  Drift,
  OpenStackOptions,
  OperationResult,
  RefreshResult,
  Stack,
  UpOptions,
  UpResult,
} from "./stack/types";
export { stackOutputJson, toStackOutputs, type StackOutput, type StackOutputs } from "./stack/stackOutputs";
export type { Diagnostic, Step, StepOp } from "./display/types";
export type { InlineProgram } from "./language/inlineProgram";
export { StateFileError, type StackState } from "./state/stateFile";
export type { ResourceState } from "./state/resourceState";
export { findResource } from "./state/findResource";
export { StateDeleteError } from "./state/stateDelete";
