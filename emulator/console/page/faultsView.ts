import { AdminError, sendJson, type FaultRule, type FaultSettings } from "./adminApi.js";
import { field, h, select } from "./dom.js";

/**
 * The fault rules in force (GET /_admin/faults), a form that adds one and buttons that remove them — each a
 * PUT of the whole list, which kkms-local checks and answers with what it now holds.
 */
export class FaultsView {
  readonly element = h("section", { id: "faults", "aria-labelledby": "faults-title" });
  private readonly rules = h("div", { id: "fault-rules" });
  private readonly notice = h("p", { class: "notice", id: "faults-notice", role: "alert" });
  private current: FaultSettings = { faults: [] };
  private shown = "";

  constructor(actions: readonly string[], errors: readonly string[]) {
    this.element.append(
      h("h2", { id: "faults-title" }, "Faults"),
      this.rules,
      this.form(actions, errors),
      this.notice,
    );
  }

  show(settings: FaultSettings): void {
    this.current = settings;
    const text = JSON.stringify(settings);
    if (text === this.shown) return;
    this.shown = text;
    this.rules.replaceChildren(
      settings.faults.length === 0
        ? h(
            "p",
            { class: "empty", id: "faults-empty" },
            "No fault rules: every API request is answered normally.",
          )
        : h("ul", { class: "rules" }, ...settings.faults.map((rule, index) => this.itemOf(rule, index))),
      ...(settings.seed === undefined
        ? []
        : [h("p", { class: "hint" }, `Rolls seeded with ${settings.seed}.`)]),
    );
  }

  private itemOf(rule: FaultRule, index: number): HTMLLIElement {
    const remove = h(
      "button",
      { type: "button", class: "danger", "aria-label": `Remove rule ${index + 1}` },
      "Remove",
    );
    remove.addEventListener("click", () => this.save(this.current.faults.filter((_, i) => i !== index)));
    return h("li", { "data-rule": String(index) }, h("span", { class: "rule" }, describeRule(rule)), remove);
  }

  private form(actions: readonly string[], errors: readonly string[]): HTMLFormElement {
    const action = select("fault-action", [
      ["*", "* (every action)"],
      ...actions.map((a) => [a, a] as const),
    ]);
    const error = select("fault-error", [...errors.map((e) => [e, e] as const), ["", "none (latency only)"]]);
    const probability = h("input", {
      id: "fault-probability",
      type: "number",
      min: "0",
      max: "1",
      step: "any",
      value: "1",
    });
    const latency = h("input", { id: "fault-latency", type: "number", min: "0", step: "1", value: "0" });
    const phase = select("fault-phase", [
      ["before", "before (nothing done)"],
      ["after", "after (done, answer lost)"],
    ]);
    const clear = h("button", { type: "button", id: "faults-clear" }, "Remove all");
    clear.addEventListener("click", () => this.save([]));
    const form = h(
      "form",
      // novalidate: kkms-local checks each field and names the rule; the page keeps no second copy of it.
      { id: "fault-form", "aria-label": "Add a fault rule", novalidate: "" },
      ...field("Action", action),
      ...field("Error", error),
      ...field("Chance (0–1)", probability),
      ...field("Latency (ms)", latency),
      ...field("Phase", phase),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "fault-add" }, "Add rule"),
        clear,
      ),
    );
    // A reason shown for the last refusal stays until the rule it was about is edited.
    form.addEventListener("input", () => (this.notice.textContent = ""));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const rule: FaultRule = {
        action: action.value,
        probability: Number(probability.value),
        ...(error.value === "" ? {} : { error: error.value }),
        ...(Number(latency.value) > 0 ? { latencyMs: Number(latency.value) } : {}),
        phase: phase.value === "after" ? "after" : "before",
      };
      void this.save([...this.current.faults, rule]);
    });
    return form;
  }

  /** The seed is kept: changing the rules from here does not change how reproducible their rolls are. */
  private async save(faults: FaultRule[]): Promise<void> {
    const settings = { faults, ...(this.current.seed === undefined ? {} : { seed: this.current.seed }) };
    try {
      this.show(await sendJson<FaultSettings>("PUT", "/_admin/faults", settings));
      this.notice.textContent = "";
    } catch (err) {
      this.notice.textContent = `Not changed: ${err instanceof AdminError ? err.message : String(err)}`;
    }
  }
}

/** `Encrypt: ServiceUnavailable + 200 ms, 50%, after the work` */
export function describeRule(rule: FaultRule): string {
  const effects = [rule.error, rule.latencyMs ? `${rule.latencyMs} ms` : undefined]
    .filter(Boolean)
    .join(" + ");
  const chance = `${Math.round((rule.probability ?? 1) * 1000) / 10}%`;
  return `${rule.action ?? "*"}: ${effects}, ${chance}, ${rule.phase ?? "before"} the work`;
}
