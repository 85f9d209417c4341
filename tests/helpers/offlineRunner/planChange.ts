import type { DiffResult } from "../providerClient";
import { isPlainObject, stripSecrets, type PropertyMap, type PropertyValue } from "../secrets";

/** What the engine does with a resource that exists in the state and is declared again. */
export interface ChangePlan {
  readonly op: "same" | "update" | "replace";
  /** update: the inputs that changed; replace: the keys that force it. */
  readonly changedProperties: string[];
  readonly deleteBeforeReplace: boolean;
}

export interface ChangeFacts {
  readonly diff: DiffResult;
  readonly oldInputs: PropertyMap;
  readonly oldOutputs: PropertyMap;
  /** The checked new inputs. */
  readonly newInputs: PropertyMap;
  readonly replaceOnChanges: readonly string[];
  /** The `deleteBeforeReplace` option, undefined when the program did not set it. */
  readonly deleteBeforeReplace: boolean | undefined;
  readonly hasInitErrors: boolean;
}

/** The pseudo-key the engine blames when init errors force a replacement (step_generator.go). */
const INIT_ERROR_KEY = "#initerror";

/**
 * The engine's decision after Diff (step_generator.go `diffResource`, `applyReplaceOnChanges`,
 * `continueStepsFromDiff`):
 * - DIFF_UNKNOWN (`changes` undefined): the engine diffs old against new inputs itself; any change is an update,
 *   and only then can `replaceOnChanges` turn it into a replacement (a provider's own answer carries no changed
 *   keys from the 3.248 host, so `replaceOnChanges` never applies to it);
 * - changes with replace keys: replace, delete-before-replace if the option says so, else as the provider says;
 * - changes without: update; no changes but init errors from a partial failure: update (finish initializing).
 */
export function planChange(facts: ChangeFacts): ChangePlan {
  const computed = facts.diff.changes === undefined;
  const changedByEngine = computed ? changedKeys(facts.oldInputs, facts.newInputs) : [];
  const changes = computed ? changedByEngine.length > 0 : facts.diff.changes === true;
  const replaceKeys = unique([
    ...facts.diff.replaces,
    ...(computed ? replaceOnChangesKeys(facts) : []),
    ...(facts.hasInitErrors && facts.replaceOnChanges.includes("*") ? [INIT_ERROR_KEY] : []),
  ]);
  const deleteBeforeReplace = facts.deleteBeforeReplace ?? facts.diff.deleteBeforeReplace;
  if ((changes || replaceKeys.includes(INIT_ERROR_KEY)) && replaceKeys.length > 0) {
    return { op: "replace", changedProperties: replaceKeys, deleteBeforeReplace };
  }
  if (changes || facts.hasInitErrors) {
    const changedProperties = computed ? changedByEngine : displayedChanges(facts);
    return { op: "update", changedProperties, deleteBeforeReplace };
  }
  return { op: "same", changedProperties: [], deleteBeforeReplace };
}

/**
 * The resource option `ignoreChanges` (`processIgnoreChanges`): each named property (`a` or `a.b`) keeps its
 * old input value, or is dropped when it had none. Returns a new map.
 */
export function applyIgnoreChanges(
  news: PropertyMap,
  olds: PropertyMap,
  ignoreChanges: readonly string[],
): PropertyMap {
  let result = news;
  for (const ignored of ignoreChanges) {
    result = setAtPath(result, ignored.split("."), valueAtPath(olds, ignored.split(".")));
  }
  return result;
}

/** Top-level keys whose values differ, secrets compared by value. */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = unique([...Object.keys(olds), ...Object.keys(news)]);
  return keys.filter((key) => !sameValue(olds[key], news[key])).sort();
}

/** replaceOnChanges paths (`a`, `a.b`, `*`) whose value changed. */
function replaceOnChangesKeys(facts: ChangeFacts): string[] {
  return facts.replaceOnChanges.flatMap((replacePath) => {
    if (replacePath === "*") return changedKeys(facts.oldInputs, facts.newInputs);
    const segments = replacePath.split(".");
    const changed = !sameValue(
      valueAtPath(facts.oldInputs, segments),
      valueAtPath(facts.newInputs, segments),
    );
    return changed ? [segments[0]] : [];
  });
}

/**
 * What the CLI shows for a provider-decided update: the inputs that changed, or, when none did (drift found by a
 * refresh), the inputs that differ from the last outputs.
 */
function displayedChanges(facts: ChangeFacts): string[] {
  const inputChanges = changedKeys(facts.oldInputs, facts.newInputs);
  if (inputChanges.length > 0) return inputChanges;
  // Drift: the inputs the provider also reports as outputs, compared with what it reported last.
  const shared = Object.keys(facts.newInputs).filter((key) => key in facts.oldOutputs);
  return changedKeys(pick(facts.oldOutputs, shared), pick(facts.newInputs, shared));
}

function sameValue(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  return deepEqual(
    a === undefined ? undefined : stripSecrets(a),
    b === undefined ? undefined : stripSecrets(b),
  );
}

function deepEqual(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = unique([...Object.keys(a), ...Object.keys(b)]);
    return keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

function valueAtPath(map: PropertyMap, segments: string[]): PropertyValue | undefined {
  let value: PropertyValue | undefined = map;
  for (const segment of segments) {
    value = isPlainObject(value) ? value[segment] : undefined;
  }
  return value;
}

function setAtPath(map: PropertyMap, segments: string[], value: PropertyValue | undefined): PropertyMap {
  const [head, ...rest] = segments;
  const { [head]: current, ...others } = map;
  if (rest.length > 0) {
    if (!isPlainObject(current)) return map;
    return { ...others, [head]: setAtPath(current, rest, value) };
  }
  return value === undefined ? others : { ...others, [head]: value };
}

function pick(map: PropertyMap, keys: string[]): PropertyMap {
  return Object.fromEntries(keys.filter((key) => key in map).map((key) => [key, map[key]]));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
