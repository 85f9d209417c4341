import { containsSecrets, stripSecrets, type PropertyMap } from "../providers/secrets";
import { containsUnknown } from "../rpc/wireProperties";

/** A stack output. `value` is plain (secrets unwrapped); `known` is false for a preview's unknowns. */
export interface StackOutput {
  readonly value: unknown;
  readonly secret: boolean;
  readonly known: boolean;
}

export type StackOutputs = Record<string, StackOutput>;

/**
 * The stack outputs as the program registered them on the stack resource (wire form), for people: plain values,
 * each flagged secret when it holds a secret anywhere, and unknown (a preview) when any part of it is.
 */
export function toStackOutputs(wire: PropertyMap): StackOutputs {
  const outputs: StackOutputs = {};
  for (const [name, value] of Object.entries(wire)) {
    const known = !containsUnknown(value);
    outputs[name] = { value: known ? stripSecrets(value) : undefined, secret: containsSecrets(value), known };
  }
  return outputs;
}

/** What `pulumi stack output --json` prints: secrets as "[secret]" unless shown. */
export function stackOutputJson(outputs: StackOutputs, showSecrets: boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [
      name,
      output.secret && !showSecrets ? "[secret]" : output.value,
    ]),
  );
}
