import { AdminError, sendJson, type ThrottleSetting } from "./adminApi.js";
import { field, h } from "./dom.js";

/** The per-account throttle (GET /_admin/throttle) and a form to set it or turn it off. */
export class ThrottleView {
  readonly element = h("section", { id: "throttle", "aria-labelledby": "throttle-title" });
  private readonly state = h("p", { id: "throttle-state" });
  private readonly notice = h("p", { class: "notice", id: "throttle-notice", role: "alert" });

  constructor() {
    const rps = h("input", {
      id: "throttle-rps",
      type: "number",
      min: "0",
      step: "any",
      placeholder: "e.g. 5",
    });
    const off = h("button", { type: "button", id: "throttle-off" }, "Turn off");
    off.addEventListener("click", () => this.save(null));
    const form = h(
      "form",
      { id: "throttle-form", "aria-label": "Set the throttle", novalidate: "" },
      ...field("Requests a second", rps),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "throttle-set" }, "Set"),
        off,
      ),
    );
    form.addEventListener("input", () => (this.notice.textContent = ""));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // What is not a number is sent as typed: kkms-local names the rule rather than this page keeping one.
      const typed = rps.value.trim();
      void this.save(typed !== "" && Number.isFinite(Number(typed)) ? Number(typed) : typed);
    });
    this.element.append(h("h2", { id: "throttle-title" }, "Throttle"), this.state, form, this.notice);
  }

  show(setting: ThrottleSetting): void {
    const text =
      setting.rps === null
        ? "Off: no request is refused for its rate."
        : `${setting.rps} ${setting.rps === 1 ? "request" : "requests"} a second per account ` +
          `(bursts of ${Math.max(1, setting.rps)}); ` +
          "past it 409 LimitExceeded.";
    if (this.state.textContent !== text) this.state.textContent = text;
  }

  private async save(rps: number | string | null): Promise<void> {
    try {
      this.show(await sendJson<ThrottleSetting>("PUT", "/_admin/throttle", { rps }));
      this.notice.textContent = "";
    } catch (err) {
      this.notice.textContent = `Not changed: ${err instanceof AdminError ? err.message : String(err)}`;
    }
  }
}
