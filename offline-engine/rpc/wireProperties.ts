import {
  isPlainObject,
  isSecret,
  makeSecret,
  RESOURCE_SIG,
  SIG_KEY,
  UNKNOWN,
  type PropertyMap,
  type PropertyValue,
} from "../providers/secrets";

/**
 * Property values as the engine holds them between the program, its state and the providers: the JSON of a
 * google.protobuf.Struct, with secrets wrapped `{SIG_KEY: SECRET_SIG, value}`, unknowns as the string UNKNOWN and
 * resource references `{SIG_KEY: RESOURCE_SIG, urn, id?}` (sdk/go/common/resource/plugin/rpc.go at v3.248.0).
 */

/** `{SIG_KEY: OUTPUT_SIG, value?, secret?, dependencies?}`: an Output with its dependencies. rpc.go `OutputValueSig`. */
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** The typed unknown sentinels of rpc.go (UnknownBoolValue ... UnknownObjectValue); all of them mean "unknown". */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  UNKNOWN,
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: PropertyValue | undefined): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

export function isResourceReference(value: PropertyValue | undefined): value is PropertyMap {
  return isPlainObject(value) && value[SIG_KEY] === RESOURCE_SIG;
}

function isOutputValue(value: PropertyValue | undefined): value is PropertyMap {
  return isPlainObject(value) && value[SIG_KEY] === OUTPUT_SIG;
}

function mapProperties(
  map: PropertyMap,
  fn: (value: PropertyValue) => PropertyValue | undefined,
): PropertyMap {
  const result: PropertyMap = {};
  for (const [key, value] of Object.entries(map)) {
    const mapped = fn(value);
    if (mapped !== undefined) result[key] = mapped;
  }
  return result;
}

/** Every typed unknown sentinel becomes UNKNOWN, so one comparison finds them all. */
export function normalizeUnknowns(value: PropertyValue): PropertyValue {
  if (isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(normalizeUnknowns);
  if (isPlainObject(value)) return mapProperties(value, normalizeUnknowns);
  return value;
}

export function normalizeUnknownsIn(map: PropertyMap): PropertyMap {
  return mapProperties(map, normalizeUnknowns);
}

/**
 * The program's properties as RegisterResource passes them on (source_eval.go:3068 `downgradeOutputValues`,
 * rpc.go MarshalPropertyValue without KeepOutputValues): an Output value becomes its value (unknown when it has
 * none), wrapped as a secret when it is one. The dependencies it carried are collected per top-level property
 * (source_eval.go:3167 `addOutputDependencies`).
 */
export function downgradeOutputValues(map: PropertyMap): {
  properties: PropertyMap;
  dependencies: Record<string, string[]>;
} {
  const dependencies: Record<string, string[]> = {};
  const properties: PropertyMap = {};
  for (const [key, value] of Object.entries(map)) {
    const found = new Set<string>();
    properties[key] = downgradeOutputValue(normalizeUnknowns(value), found);
    if (found.size > 0) dependencies[key] = [...found];
  }
  return { properties, dependencies };
}

function downgradeOutputValue(value: PropertyValue, dependencies: Set<string>): PropertyValue {
  if (isOutputValue(value)) {
    const deps = value["dependencies"];
    if (Array.isArray(deps)) for (const dep of deps) if (typeof dep === "string") dependencies.add(dep);
    const known = "value" in value;
    const element = known ? downgradeOutputValue(value["value"], dependencies) : UNKNOWN;
    return value["secret"] === true ? makeSecret(element) : element;
  }
  if (Array.isArray(value)) return value.map((item) => downgradeOutputValue(item, dependencies));
  if (isPlainObject(value)) return mapProperties(value, (item) => downgradeOutputValue(item, dependencies));
  return value;
}

export interface MarshalOptions {
  /** Unknowns travel (as UNKNOWN); otherwise a property whose value is unknown is left out. */
  readonly keepUnknowns: boolean;
  /** Secrets stay wrapped; otherwise they go as their plain values. */
  readonly keepSecrets: boolean;
  /** Resource references stay; otherwise they go as the resource's id, or its URN when it has no id. */
  readonly keepResources: boolean;
}

/** rpc.go MarshalProperties with the given options, as the engine sends properties to a provider or a program. */
export function marshalProperties(map: PropertyMap, options: MarshalOptions): PropertyMap {
  return mapProperties(map, (value) => marshalValue(value, options));
}

function marshalValue(value: PropertyValue, options: MarshalOptions): PropertyValue | undefined {
  if (isUnknown(value)) return options.keepUnknowns ? UNKNOWN : undefined;
  if (isSecret(value)) {
    const inner = marshalValue(value.value, options);
    if (inner === undefined) return undefined;
    return options.keepSecrets ? makeSecret(inner) : inner;
  }
  if (isResourceReference(value)) {
    if (options.keepResources) return value;
    const id = value["id"];
    if (id !== undefined && id !== "") return marshalValue(id, options);
    return value["urn"] ?? null;
  }
  if (Array.isArray(value)) return value.map((item) => marshalValue(item, options) ?? UNKNOWN);
  if (isPlainObject(value) && !(SIG_KEY in value)) return marshalProperties(value, options);
  return value;
}

/** True when the value holds an unknown anywhere. */
export function containsUnknown(value: PropertyValue | undefined): boolean {
  if (value === undefined) return false;
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** The response to a program that does not take partial values: properties holding unknowns are left out. */
export function withoutUnknowns(map: PropertyMap): PropertyMap {
  return mapProperties(map, (value) => (containsUnknown(value) ? undefined : value));
}

/** Deep equality of wire values (rpc.go `PropertyMap.DeepEquals`): secrets and plain values differ. */
export function deepEqualValues(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqualValues(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => deepEqualValues(a[key], b[key]));
  }
  return false;
}
