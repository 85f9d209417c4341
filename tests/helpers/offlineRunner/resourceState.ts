import type { CapturedResource } from "../captureResources";
import type { PropertyMap } from "../secrets";
import type { StepTarget } from "./errors";
import type { ResourceState } from "./stateFile";
import type { Step, StepOp } from "./types";

export interface StateFields {
  readonly id?: string;
  readonly inputs: PropertyMap;
  readonly outputs: PropertyMap;
  readonly seq: number;
  readonly external?: boolean;
  readonly initErrors?: string[];
  readonly importId?: string;
}

/** The state of a registered resource: its options as the program sent them, and what the steps produced. */
export function resourceState(resource: CapturedResource, fields: StateFields): ResourceState {
  const { options } = resource;
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    custom: resource.custom,
    ...(fields.id === undefined ? {} : { id: fields.id }),
    parent: resource.parent,
    inputs: fields.inputs,
    outputs: fields.outputs,
    additionalSecretOutputs: options.additionalSecretOutputs,
    dependencies: options.dependencies,
    protect: options.protect,
    retainOnDelete: options.retainOnDelete,
    external: fields.external ?? false,
    ...(fields.initErrors?.length ? { initErrors: fields.initErrors } : {}),
    ...(fields.importId ? { importId: fields.importId } : {}),
    seq: fields.seq,
  };
}

export function stepOf(target: StepTarget, op: StepOp, changedProperties?: string[]): Step {
  const { urn, type, name } = target;
  return changedProperties?.length ? { op, urn, type, name, changedProperties } : { op, urn, type, name };
}
