/** What an element may hold: nodes, and strings, which become text nodes (never markup). */
export type Child = Node | string | null | undefined | false;

/**
 * Builds an element: attributes by setAttribute, children by append. Text is only ever text: nothing in this
 * page turns a string into markup (the policy's Trusted Types would refuse it anyway), so a key name like
 * `<img onerror=…>` shows as those characters.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    // Event handlers are attached with addEventListener; an on* attribute is inline script.
    if (/^on/i.test(name)) throw new Error(`h(): ${name} is an inline handler`);
    element.setAttribute(name, value);
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A table with a header row and one row per item. */
export function table(
  className: string,
  headings: readonly string[],
  rows: readonly HTMLTableRowElement[],
): HTMLTableElement {
  return h(
    "table",
    { class: className },
    h("thead", {}, h("tr", {}, ...headings.map((heading) => h("th", { scope: "col" }, heading)))),
    h("tbody", {}, ...rows),
  );
}

/** A labelled form control: the label first, then the control, as the form's two-column grid expects. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement): Node[] {
  return [h("label", { for: control.id }, label), control];
}

export function select(
  id: string,
  options: readonly (readonly [value: string, label: string])[],
): HTMLSelectElement {
  return h("select", { id, name: id }, ...options.map(([value, label]) => h("option", { value }, label)));
}
