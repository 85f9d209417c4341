import { containsSecrets, containsUnknowns, stripSecrets, UNKNOWN, type PropertyMap } from "../secrets";
import type { StackOutputs } from "./types";

/**
 * The stack outputs as the program registered them on the stack resource (wire form), for people: plain values,
 * each flagged secret when it holds a secret anywhere, and unknown (a preview) when any part of it is.
 */
export function toStackOutputs(wire: PropertyMap): StackOutputs {
  const outputs: StackOutputs = {};
  for (const [name, value] of Object.entries(wire)) {
    outputs[name] = {
      value: value === UNKNOWN ? undefined : stripSecrets(value),
      secret: containsSecrets(value),
      known: !containsUnknowns(value),
    };
  }
  return outputs;
}
