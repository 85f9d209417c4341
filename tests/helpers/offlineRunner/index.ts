/**
 * The offline runner: a test tool that stands in for the Pulumi engine (see README.md). Not a replacement for
 * the Pulumi CLI.
 */
export { openStack, stackOnHost } from "./openStack";
export { CheckFailedError, RunFailedError, StepError } from "./errors";
export { ProgramLoadError } from "./loadProgram";
export { StateFileError, type ResourceState, type StackState } from "./stateFile";
export type {
  DestroyResult,
  Drift,
  OpenStackOptions,
  Program,
  RefreshResult,
  Stack,
  StackOutput,
  StackOutputs,
  Step,
  StepOp,
  UpOptions,
  UpResult,
} from "./types";
