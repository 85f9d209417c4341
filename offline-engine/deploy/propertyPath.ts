import { isPlainObject, type PropertyMap, type PropertyValue } from "../providers/secrets";

/**
 * Property paths as resource options name them (`ignoreChanges`, `replaceOnChanges`): `a`, `a.b`, `a[0]`,
 * `a["b.c"]`, `*` (sdk/go/common/resource/property_path.go `ParsePropertyPath`, the forms programs use).
 */
export type PathSegment = string | number;

export class PropertyPathError extends Error {
  constructor(path: string, problem: string) {
    super(`invalid property path ${JSON.stringify(path)}: ${problem}`);
    this.name = "PropertyPathError";
  }
}

export function parsePropertyPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path;
  let first = true;
  while (rest.length > 0) {
    if (rest.startsWith("[")) {
      const close = rest.indexOf("]");
      if (close < 0) throw new PropertyPathError(path, "missing ]");
      const inside = rest.slice(1, close);
      if (/^"(.*)"$/.test(inside)) segments.push(JSON.parse(inside) as string);
      else if (inside === "*") segments.push("*");
      else if (/^\d+$/.test(inside)) segments.push(Number(inside));
      else throw new PropertyPathError(path, `bad index [${inside}]`);
      rest = rest.slice(close + 1);
    } else {
      if (!first) {
        if (!rest.startsWith(".")) throw new PropertyPathError(path, "expected . or [");
        rest = rest.slice(1);
      }
      const match = /^[^.[]+/.exec(rest);
      if (!match) throw new PropertyPathError(path, "empty name");
      segments.push(match[0]);
      rest = rest.slice(match[0].length);
    }
    first = false;
  }
  if (segments.length === 0) throw new PropertyPathError(path, "empty path");
  return segments;
}

/** `replaceOnChangePath.Contains(diffPath)`: every segment of this path matches the other's (`*` matches any). */
export function pathContains(path: PathSegment[], other: PathSegment[]): boolean {
  if (path.length > other.length) return false;
  return path.every((segment, index) => segment === "*" || segment === other[index]);
}

function child(value: PropertyValue | undefined, segment: PathSegment): PropertyValue | undefined {
  if (typeof segment === "number") return Array.isArray(value) ? value[segment] : undefined;
  return isPlainObject(value) ? value[segment] : undefined;
}

export function valueAtPath(map: PropertyMap, path: PathSegment[]): PropertyValue | undefined {
  let value: PropertyValue | undefined = map;
  for (const segment of path) value = child(value, segment);
  return value;
}

/**
 * `PropertyPath.Reset(old, new)`: the value at the path in `news` becomes the one in `olds`, or is removed when
 * `olds` has none. Returns undefined when the path does not lead anywhere in both (the engine then reports it).
 */
export function resetPath(
  news: PropertyMap,
  olds: PropertyMap,
  path: PathSegment[],
): PropertyMap | undefined {
  if (path.includes("*")) return undefined;
  const oldValue = valueAtPath(olds, path);
  const parentPath = path.slice(0, -1);
  if (parentPath.length > 0 && valueAtPath(news, parentPath) === undefined) {
    return oldValue === undefined ? news : undefined;
  }
  return setAtPath(news, path, oldValue) as PropertyMap;
}

function setAtPath(
  value: PropertyValue,
  path: PathSegment[],
  replacement: PropertyValue | undefined,
): PropertyValue {
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === "number") {
    const copy = [...value];
    const next = rest.length > 0 ? setAtPath(copy[head], rest, replacement) : replacement;
    if (next === undefined) copy.splice(head, 1);
    else copy[head] = next;
    return copy;
  }
  if (isPlainObject(value) && typeof head === "string") {
    const { [head]: current, ...others } = value;
    const next = rest.length > 0 ? setAtPath(current, rest, replacement) : replacement;
    return next === undefined ? others : { ...others, [head]: next };
  }
  return value;
}
