import type { KeyGroup, KeyListing, ListedKey } from "./adminApi.js";
import { h, table } from "./dom.js";
import { plural, utcDateTime } from "./format.js";

/** Keys by account and region, newest first, as GET /_admin/keys lists them. */
export class KeysView {
  readonly element = h("section", { id: "keys", "aria-labelledby": "keys-title" });
  private shown = "";

  constructor(private readonly origin: string) {}

  show(listing: KeyListing): void {
    const text = JSON.stringify(listing);
    if (text === this.shown) return;
    this.shown = text;
    const accounts = new Set(listing.groups.map((group) => group.accountId)).size;
    const regions = new Set(listing.groups.map((group) => group.region)).size;
    const summary = `${plural(listing.total, "key")} · ${plural(accounts, "account")} · ${plural(regions, "region")}`;
    this.element.replaceChildren(
      h(
        "h2",
        { id: "keys-title" },
        "Keys",
        h("span", { class: "count" }, listing.total === 0 ? "none" : summary),
      ),
      ...(listing.groups.length === 0 ? [emptyState(this.origin)] : listing.groups.map(groupOf)),
    );
  }
}

function emptyState(origin: string): HTMLElement {
  return h(
    "div",
    { class: "empty", id: "keys-empty" },
    "No keys yet: create one with the SDK, for example",
    h(
      "code",
      {},
      `new KkmsClient({ endpoint: "${origin}", region: "cn-beijing-6", credentials })` +
        `.createKey({ keyName: "first" })`,
    ),
    h(
      "p",
      { class: "hint" },
      `or deploy a Pulumi stack whose kkms:endpoint is ${origin}. Keys appear here within a second.`,
    ),
  );
}

function groupOf(group: KeyGroup): HTMLElement {
  const shown = group.keys.length < group.count ? ` (the newest ${group.keys.length} shown)` : "";
  return h(
    "div",
    { class: "group", "data-account": group.accountId, "data-region": group.region },
    h(
      "h3",
      {},
      `Account ${group.accountId} · ${group.region} `,
      h("span", { class: "count" }, plural(group.count, "key") + shown),
    ),
    h(
      "div",
      { class: "scroll" },
      table("keys", ["KeyId", "Name", "Description", "State", "Created (UTC)"], group.keys.map(rowOf)),
    ),
  );
}

function rowOf(key: ListedKey): HTMLTableRowElement {
  return h(
    "tr",
    { "data-key-id": key.keyId },
    h("td", { class: "mono nowrap" }, key.keyId),
    h("td", { class: "name" }, key.keyName),
    h("td", { class: "description" }, key.description),
    h(
      "td",
      { class: "nowrap" },
      h("span", { class: `state state-${key.keyState}`, "data-state": key.keyState }, key.keyState),
      key.deletionTime === null ? null : ` purged ${utcDateTime(key.deletionTime)}`,
    ),
    h("td", { class: "nowrap" }, utcDateTime(key.createTime)),
  );
}
