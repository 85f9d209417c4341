import {
  applyIgnoreChanges,
  changedKeys,
  planChange,
  type ChangeFacts,
} from "../helpers/offlineRunner/planChange";
import type { DiffResult } from "../helpers/providerClient";
import { SECRET_SIG, SIG_KEY, type PropertyMap } from "../helpers/secrets";

const OLD: PropertyMap = { name: "a", size: 1, __provider: "text" };
const diff = (
  changes: boolean | undefined,
  replaces: string[] = [],
  deleteBeforeReplace = false,
): DiffResult => ({
  changes,
  replaces,
  stables: [],
  deleteBeforeReplace,
});

function facts(overrides: Partial<ChangeFacts>): ChangeFacts {
  return {
    diff: diff(false),
    oldInputs: OLD,
    oldOutputs: { ...OLD, token: "t" },
    newInputs: OLD,
    replaceOnChanges: [],
    deleteBeforeReplace: undefined,
    hasInitErrors: false,
    ...overrides,
  };
}

test.each<[string, Partial<ChangeFacts>, string, string[], boolean]>([
  ["the provider says no changes", { diff: diff(false), newInputs: { ...OLD, size: 2 } }, "same", [], false],
  [
    "the provider says changes",
    { diff: diff(true), newInputs: { ...OLD, size: 2 } },
    "update",
    ["size"],
    false,
  ],
  ["changes with replace keys", { diff: diff(true, ["name"]) }, "replace", ["name"], false],
  ["replace keys without changes are ignored", { diff: diff(false, ["name"]) }, "same", [], false],
  [
    "the provider asks for delete-before-replace",
    { diff: diff(true, ["name"], true) },
    "replace",
    ["name"],
    true,
  ],
  [
    "the option overrides the provider",
    { diff: diff(true, ["name"], true), deleteBeforeReplace: false },
    "replace",
    ["name"],
    false,
  ],
  [
    "the option asks for it",
    { diff: diff(true, ["name"]), deleteBeforeReplace: true },
    "replace",
    ["name"],
    true,
  ],
  ["unknown diff, inputs equal: same", { diff: diff(undefined) }, "same", [], false],
  [
    "unknown diff, an input changed: update",
    { diff: diff(undefined), newInputs: { ...OLD, size: 2 } },
    "update",
    ["size"],
    false,
  ],
  [
    "unknown diff, a new __provider text: update",
    { diff: diff(undefined), newInputs: { ...OLD, __provider: "new" } },
    "update",
    ["__provider"],
    false,
  ],
  [
    "unknown diff, secretness alone is no change",
    { diff: diff(undefined), newInputs: { ...OLD, name: { [SIG_KEY]: SECRET_SIG, value: "a" } } },
    "same",
    [],
    false,
  ],
  [
    "unknown diff, replaceOnChanges names the change",
    { diff: diff(undefined), newInputs: { ...OLD, name: "b" }, replaceOnChanges: ["name"] },
    "replace",
    ["name"],
    false,
  ],
  [
    "unknown diff, replaceOnChanges names another",
    { diff: diff(undefined), newInputs: { ...OLD, name: "b" }, replaceOnChanges: ["size"] },
    "update",
    ["name"],
    false,
  ],
  [
    "unknown diff, replaceOnChanges *",
    { diff: diff(undefined), newInputs: { ...OLD, size: 3 }, replaceOnChanges: ["*"] },
    "replace",
    ["size"],
    false,
  ],
  [
    "a provider's diff is not subject to replaceOnChanges",
    { diff: diff(true), newInputs: { ...OLD, name: "b" }, replaceOnChanges: ["name"] },
    "update",
    ["name"],
    false,
  ],
  ["init errors and no changes: update", { hasInitErrors: true }, "update", [], false],
  [
    "init errors and replaceOnChanges *: replace",
    { hasInitErrors: true, replaceOnChanges: ["*"] },
    "replace",
    ["#initerror"],
    false,
  ],
  [
    "drift: no input changed, outputs differ",
    { diff: diff(true), oldOutputs: { ...OLD, size: 7 } },
    "update",
    ["size"],
    false,
  ],
])("planChange: %s", (_label, overrides, op, changedProperties, deleteBeforeReplace) => {
  expect(planChange(facts(overrides))).toEqual({ op, changedProperties, deleteBeforeReplace });
});

test.each<[string, PropertyMap, string[], PropertyMap]>([
  ["a top-level input keeps its old value", { name: "b", size: 9 }, ["size"], { name: "b", size: 1 }],
  ["an input the old state lacked is dropped", { name: "b", extra: 1 }, ["extra"], { name: "b" }],
  [
    "a nested path",
    { name: "b", tags: { a: "2", b: "3" } },
    ["tags.a"],
    { name: "b", tags: { a: "1", b: "3" } },
  ],
])("applyIgnoreChanges: %s", (_label, news, ignored, expected) => {
  expect(applyIgnoreChanges(news, { name: "a", size: 1, tags: { a: "1" } }, ignored)).toEqual(expected);
});

test("changedKeys compares deeply, in any key order", () => {
  expect(changedKeys({ a: { x: 1, y: [1, 2] }, b: 1 }, { b: 1, a: { y: [1, 2], x: 1 } })).toEqual([]);
  expect(changedKeys({ a: [1, 2], b: 1 }, { a: [2, 1], c: null })).toEqual(["a", "b", "c"]);
});
