import { urnName } from "../deploy/urn";
import type { StackOutputs } from "../stack/stackOutputs";
import type { Diagnostic, Step, StepOp } from "./types";

/** Pulumi's progress symbols. */
const SYMBOLS: Record<StepOp, string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  read: ">",
  import: "=",
};

const DONE: Record<StepOp, string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "unchanged",
  read: "read",
  import: "imported",
};

const COUNT_ORDER: StepOp[] = ["create", "update", "replace", "delete", "import", "read", "same"];

const DYNAMIC_PREFIX = /^pulumi-nodejs:dynamic\//;

/** The type as people write it: `pulumi-nodejs:dynamic/kkms:Key` → `kkms:Key`. */
export function displayType(type: string): string {
  return type.replace(DYNAMIC_PREFIX, "");
}

/** `+ kkms:Key payments create`, `~ kkms:Key payments update [keyState]`. */
export function stepLine(step: Step): string {
  const changed = step.changedProperties?.length ? ` [${step.changedProperties.join(", ")}]` : "";
  return `${SYMBOLS[step.op]} ${displayType(step.type)} ${step.name} ${step.op}${changed}`;
}

/** The old half of a replacement going away: `-- kkms:Key payments delete-replaced`. */
export function replacedLine(type: string, name: string): string {
  return `-- ${displayType(type)} ${name} delete-replaced`;
}

/** `Resources: 2 created, 1 updated, 3 unchanged` (a preview: `2 to create, ...`). */
export function resourcesLine(steps: readonly Step[], preview: boolean): string {
  const counts = new Map<StepOp, number>();
  for (const step of steps) counts.set(step.op, (counts.get(step.op) ?? 0) + 1);
  const parts = COUNT_ORDER.filter((op) => counts.has(op)).map((op) => {
    const word = op === "same" || !preview ? DONE[op] : `to ${op}`;
    return `${counts.get(op)} ${word}`;
  });
  return `Resources: ${parts.length > 0 ? parts.join(", ") : "none"}`;
}

/** The stack outputs, secrets as `[secret]`, a preview's unknowns as `[unknown]`. */
export function outputLines(outputs: StackOutputs): string[] {
  const names = Object.keys(outputs).sort();
  if (names.length === 0) return [];
  return [
    "Outputs:",
    ...names.map((name) => {
      const { value, secret, known } = outputs[name];
      return `    ${name}: ${secret ? "[secret]" : !known ? "[unknown]" : JSON.stringify(value)}`;
    }),
  ];
}

/** `warning: payments: ...`, `error: ...`: a diagnostic as the CLI prints it (debug ones are not printed). */
export function diagnosticLine(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.severity === "debug") return undefined;
  const about = diagnostic.urn ? `${urnName(diagnostic.urn)}: ` : "";
  return `${diagnostic.severity}: ${about}${diagnostic.message}`;
}
