import { diagnosticLine, replacedLine, stepLine } from "../display/summary";
import type { Diagnostic, Step, StepOp } from "../display/types";
import { isProviderType, urnName, urnType } from "./urn";

/**
 * What an operation did, as it happens: its steps (in the order they finished), its diagnostics, and the lines the
 * CLI prints for them. Default providers are the engine's own business and, as in Pulumi's display, not shown.
 */
export class OperationLog {
  readonly steps: Step[] = [];
  /** The steps the `Resources:` totals count. */
  readonly counted: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly lines: string[] = [];

  /** `isRefresh`: a `pulumi refresh`, whose totals count its refreshes. */
  constructor(
    private readonly print: (line: string) => void,
    private readonly isRefresh = false,
  ) {}

  line(text: string): void {
    this.lines.push(text);
    this.print(text);
  }

  /** A finished step; unchanged resources are counted but not printed. */
  step(op: StepOp, urn: string, changedProperties: readonly string[] = [], logical = true): void {
    if (isDefaultProvider(urn)) return;
    const step: Step = {
      op,
      urn,
      type: urnType(urn),
      name: urnName(urn),
      ...(changedProperties.length > 0 ? { changedProperties: [...changedProperties] } : {}),
    };
    this.steps.push(step);
    if (logical) this.counted.push(step);
    if (op !== "same") this.line(stepLine(step));
  }

  /**
   * A refresh's outcome: shown, but counted only in a `pulumi refresh`. A RefreshStep is not logical
   * (pkg/resource/deploy/step.go:1458 at v3.248.0), and the totals count only logical steps unless the operation is
   * a refresh (pkg/engine/update.go:1105-1122), so `up --refresh` counts each resource once.
   */
  refreshStep(op: StepOp, urn: string, changedProperties: readonly string[] = []): void {
    this.step(op, urn, changedProperties, this.isRefresh);
  }

  /** The old half of a replacement was deleted (not counted: the replace was). */
  deletedReplaced(urn: string): void {
    if (!isDefaultProvider(urn)) this.line(replacedLine(urnType(urn), urnName(urn)));
  }

  diagnostic(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
    const text = diagnosticLine(diagnostic);
    if (text !== undefined) this.line(text);
  }

  error(message: string, urn?: string): void {
    this.diagnostic({ severity: "error", message, ...(urn ? { urn } : {}) });
  }

  warning(message: string, urn?: string): void {
    this.diagnostic({ severity: "warning", message, ...(urn ? { urn } : {}) });
  }

  text(): string {
    return this.lines.join("\n");
  }
}

/** Default providers are named `default` or `default_<version>` (providers.ProviderRequest `DefaultName`). */
export function isDefaultProvider(urn: string): boolean {
  return isProviderType(urnType(urn)) && /^default(_|$)/.test(urnName(urn));
}
