/**
 * What the Pulumi engine does to property values on their way to and from a provider that, like the Node.js
 * dynamic-provider host, does not accept secrets or resource references (its ConfigureResponse says
 * `acceptSecrets: false`, cmd/dynamic-provider/index.js:111).
 *
 * Values here are in wire form: plain JSON as it travels in a google.protobuf.Struct.
 */

/** Marks a wire object as a special value. @pulumi/pulumi 3.248 runtime/rpc.js:276 `specialSigKey`. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `SIG_KEY` value of a secret `{SIG_KEY: SECRET_SIG, value}`. runtime/rpc.js:297 `specialSecretSig`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** `SIG_KEY` value of a resource reference `{SIG_KEY, urn, id?}`. runtime/rpc.js:304 `specialResourceSig`. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** A value not known during preview. runtime/rpc.js:269 `unknownValue`. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type PropertyValue =
  null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };
export type PropertyMap = { [key: string]: PropertyValue };
export type SecretValue = { [SIG_KEY]: typeof SECRET_SIG; value: PropertyValue };

export function isPlainObject(value: unknown): value is PropertyMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function makeSecret(value: PropertyValue): PropertyValue {
  return isSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

/** An object that is a map of properties, not a special value (secret, resource, asset...). */
function isPropertyObject(value: unknown): value is PropertyMap {
  return isPlainObject(value) && !(SIG_KEY in value);
}

function mapValues(map: PropertyMap, fn: (value: PropertyValue) => PropertyValue): PropertyMap {
  const result: PropertyMap = {};
  for (const [key, value] of Object.entries(map)) {
    result[key] = fn(value);
  }
  return result;
}

/** Deep copy with every secret replaced by its plain value: what check/diff/create/update/read/delete receive. */
export function stripSecrets<T extends PropertyValue>(value: T): T;
export function stripSecrets(value: PropertyValue): PropertyValue {
  if (isSecret(value)) return stripSecrets(value.value);
  if (Array.isArray(value)) return value.map((item) => stripSecrets(item));
  if (isPlainObject(value)) return mapValues(value, stripSecrets);
  return value;
}

/**
 * Resource references become the referenced resource's id (its urn when it has no id), as the engine marshals
 * them for a provider that does not accept resources (Go `MarshalPropertyValue`, `KeepResources: false`).
 */
export function downgradeResourceReferences<T extends PropertyValue>(value: T): T;
export function downgradeResourceReferences(value: PropertyValue): PropertyValue {
  if (isPlainObject(value) && value[SIG_KEY] === RESOURCE_SIG) {
    const id = value["id"];
    return typeof id === "string" && id !== "" ? id : (value["urn"] ?? null);
  }
  if (Array.isArray(value)) return value.map((item) => downgradeResourceReferences(item));
  if (isPlainObject(value)) return mapValues(value, downgradeResourceReferences);
  return value;
}

/** The program's wire inputs as the dynamic-provider host gets them. */
export function toProviderProperties(map: PropertyMap): PropertyMap {
  return stripSecrets(downgradeResourceReferences(map));
}

export function containsSecrets(value: PropertyValue): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

export function containsUnknowns(value: PropertyValue): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * Copies "secretness" from the inputs the engine had to the outputs a secret-unaware provider returned.
 * A port of Go `annotateSecrets` (sdk/go/common/resource/plugin/provider_plugin.go), applied by the engine after
 * check (to the checked inputs), create, update and read: for each key present in both, two plain objects are
 * compared recursively; otherwise the whole output value becomes secret when the input value contains a secret
 * anywhere. Outputs without a same-named input stay as they are. Returns a new map.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPropertyObject(outValue) && isPropertyObject(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

/** The resource option `additionalSecretOutputs`: the named top-level outputs become secret. Returns a new map. */
export function markSecretOutputs(outs: PropertyMap, names: readonly string[]): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const name of names) {
    if (name in result) result[name] = makeSecret(result[name]);
  }
  return result;
}

/** Outputs of create/update as the engine stores them and hands them back to the program. */
export function remarkSecrets(
  outs: PropertyMap,
  inputs: PropertyMap,
  additionalSecretOutputs: readonly string[] = [],
): PropertyMap {
  return markSecretOutputs(annotateSecrets(outs, inputs), additionalSecretOutputs);
}
