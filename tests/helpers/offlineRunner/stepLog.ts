import { stepLine } from "./summary";
import type { Step } from "./types";

/**
 * The steps of one operation and its printed text. Lines go out as the steps happen, like Pulumi's progress
 * display, so a listener sees each step the moment it is done.
 */
export class StepLog {
  readonly steps: Step[] = [];
  private readonly lines: string[] = [];

  constructor(private readonly log: (line: string) => void) {}

  print(line: string): void {
    this.lines.push(line);
    this.log(line);
  }

  /** Records a finished step; unchanged resources are counted but not printed, as in Pulumi's output. */
  record(step: Step): void {
    this.steps.push(step);
    if (step.op !== "same") this.print(stepLine(step));
  }

  /** The closing block: outputs and totals, then one line per error. */
  printTotals(lines: string[], errors: Error[]): void {
    this.print("");
    for (const line of lines) this.print(line);
    for (const error of errors) this.print(`error: ${error.message}`);
  }

  text(): string {
    return this.lines.join("\n");
  }
}
