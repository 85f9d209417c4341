import type { DiffResponse, PropertyDiff } from "../providers/providerRpc";
import type { PropertyMap, PropertyValue } from "../providers/secrets";
import { deepEqualValues } from "../rpc/wireProperties";
import { parsePropertyPath, pathContains, resetPath, type PathSegment } from "./propertyPath";

/** What the engine concludes from a provider's Diff (sdk/go/common/resource/plugin `DiffResult`). */
export interface DiffResult {
  readonly changes: "none" | "some" | "unknown";
  readonly replaceKeys: string[];
  readonly stableKeys: string[];
  readonly changedKeys: string[];
  readonly detailedDiff: Record<string, PropertyDiff> | undefined;
  readonly deleteBeforeReplace: boolean;
}

export const NO_DIFF: DiffResult = {
  changes: "none",
  replaceKeys: [],
  stableKeys: [],
  changedKeys: [],
  detailedDiff: undefined,
  deleteBeforeReplace: false,
};

/** The special key blamed when init errors force a replacement (step_generator.go:2907 `initErrorSpecialKey`). */
export const INIT_ERROR_KEY = "#initerror";

export function fromProviderDiff(response: DiffResponse): DiffResult {
  return {
    changes: response.changes,
    replaceKeys: response.replaces,
    stableKeys: response.stables,
    changedKeys: response.diffs,
    detailedDiff: response.detailedDiff,
    deleteBeforeReplace: response.deleteBeforeReplace,
  };
}

/** `DiffResult.Replace()`: a replace kind in the detailed diff, or any replace key. */
export function isReplace(diff: DiffResult): boolean {
  if (diff.detailedDiff && Object.values(diff.detailedDiff).some((d) => d.kind.endsWith("-replace")))
    return true;
  return diff.replaceKeys.length > 0;
}

/** A value that counts as present (resource.PropertyValue `HasValue`: not null). */
function hasValue(value: PropertyValue | undefined): boolean {
  return value !== undefined && value !== null;
}

/**
 * The top-level keys whose values differ (resource.PropertyMap `Diff`: secret and plain values differ, a null is
 * no value), sorted.
 */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys]
    .filter((key) => {
      const [oldValue, newValue] = [olds[key], news[key]];
      if (!hasValue(oldValue) && !hasValue(newValue)) return false;
      return !deepEqualValues(oldValue, newValue);
    })
    .sort();
}

/** resource.PropertyMap `DeepEquals`, with a null counting as no value. */
export function inputsEqual(olds: PropertyMap, news: PropertyMap): boolean {
  return changedKeys(olds, news).length === 0;
}

/**
 * The `ignoreChanges` option (step_generator.go:2838 `processIgnoreChanges`): each named property keeps its old value, or
 * is removed when it had none. Paths that lead nowhere are reported through `onInvalid`.
 */
export function processIgnoreChanges(
  news: PropertyMap,
  olds: PropertyMap,
  ignoreChanges: readonly string[],
  onInvalid: (paths: string[]) => void = () => undefined,
): PropertyMap {
  let result = news;
  const invalid: string[] = [];
  for (const ignored of ignoreChanges) {
    let path: PathSegment[];
    try {
      path = parsePropertyPath(ignored);
    } catch {
      continue;
    }
    const reset = resetPath(result, olds, path);
    if (reset) result = reset;
    else invalid.push(ignored);
  }
  if (invalid.length > 0) onInvalid(invalid);
  return result;
}

/**
 * step_generator.go:2911 `applyReplaceOnChanges`: changed keys under a `replaceOnChanges` path become replace keys (and
 * detailed-diff entries replace kinds); init errors force a replacement when `#initerror` (or `*`) is named.
 */
export function applyReplaceOnChanges(
  diff: DiffResult,
  replaceOnChanges: readonly string[],
  hasInitErrors: boolean,
): DiffResult {
  if (diff.changes !== "some" && !hasInitErrors) return diff;
  const replacePaths = replaceOnChanges.map(parsePropertyPath);
  const covered = (key: string) => {
    let keyPath: PathSegment[];
    try {
      keyPath = parsePropertyPath(key);
    } catch {
      return false;
    }
    return replacePaths.some((path) => pathContains(path, keyPath));
  };

  let detailedDiff: Record<string, PropertyDiff> | undefined;
  if (diff.detailedDiff) {
    detailedDiff = {};
    for (const [key, value] of Object.entries(diff.detailedDiff)) {
      detailedDiff[key] = covered(key) ? { ...value, kind: toReplaceKind(value.kind) } : value;
    }
  }
  const replaceKeys = new Set(diff.replaceKeys);
  for (const key of diff.changedKeys) if (covered(key)) replaceKeys.add(key);

  let changes = diff.changes;
  if (hasInitErrors && covered(INIT_ERROR_KEY)) {
    replaceKeys.add(INIT_ERROR_KEY);
    if (detailedDiff) detailedDiff[INIT_ERROR_KEY] = { kind: "update-replace", inputDiff: false };
    changes = "some";
  }
  return { ...diff, changes, replaceKeys: [...replaceKeys], detailedDiff };
}

function toReplaceKind(kind: PropertyDiff["kind"]): PropertyDiff["kind"] {
  return kind.endsWith("-replace") ? kind : (`${kind}-replace` as PropertyDiff["kind"]);
}

/** `DiffResult.Invert()` for a refresh's diff: adds become deletes and the other way round. */
export function invertDiff(diff: DiffResult): DiffResult {
  if (!diff.detailedDiff) return diff;
  const inverted: Record<string, PropertyDiff> = {};
  for (const [key, value] of Object.entries(diff.detailedDiff)) {
    const kind = value.kind.startsWith("add")
      ? (value.kind.replace("add", "delete") as PropertyDiff["kind"])
      : value.kind.startsWith("delete")
        ? (value.kind.replace("delete", "add") as PropertyDiff["kind"])
        : value.kind;
    inverted[key] = { ...value, kind };
  }
  return { ...diff, detailedDiff: inverted };
}

/** The properties that force a replacement: its replace keys, else the replace kinds of its detailed diff. */
export function replacingKeys(diff: DiffResult): string[] {
  if (diff.replaceKeys.length > 0 || !diff.detailedDiff) return [...diff.replaceKeys];
  return Object.entries(diff.detailedDiff)
    .filter(([, value]) => value.kind.endsWith("-replace"))
    .map(([key]) => String(parsePropertyPathHead(key)))
    .sort();
}

/** The keys a step display names: the provider's detailed diff when it sent one, else its changed keys. */
export function displayedKeys(diff: DiffResult): string[] {
  if (diff.detailedDiff) {
    return [
      ...new Set(Object.keys(diff.detailedDiff).map((key) => String(parsePropertyPathHead(key)))),
    ].sort();
  }
  return [...diff.changedKeys].sort();
}

function parsePropertyPathHead(key: string): PathSegment {
  try {
    return parsePropertyPath(key)[0];
  } catch {
    return key;
  }
}
