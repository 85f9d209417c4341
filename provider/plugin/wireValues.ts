import { UNKNOWN } from "./runtimeAdapter";

/**
 * Property values as they travel in a google.protobuf.Struct between the engine and a provider that answers
 * `acceptSecrets: true` and `acceptResources: true`: special values are objects tagged with SIG_KEY
 * (sdk/go/common/resource/plugin/rpc.go at v3.248.0, MarshalPropertyValue; the same constants as
 * @pulumi/pulumi runtime/rpc.js). The runtime works on plain values, so secrets are unwrapped on the way in and
 * wrapped again on the way out.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export type Props = Record<string, unknown>;

/** Wire properties made plain, and the names of the top-level properties that held a secret anywhere. */
export interface DecodedProperties {
  values: Props;
  secretNames: Set<string>;
}

export function decodeProperties(wire: Props | undefined): DecodedProperties {
  const values: Props = {};
  const secretNames = new Set<string>();
  for (const [name, value] of Object.entries(wire ?? {})) {
    if (containsSecret(value)) secretNames.add(name);
    values[name] = plainValue(value);
  }
  return { values, secretNames };
}

/** Wraps the named top-level properties as secrets (already-wrapped values stay as they are). */
export function encodeProperties(values: Props, secretNames: Iterable<string>): Props {
  const wire: Props = { ...values };
  for (const name of secretNames) {
    if (name in wire && wire[name] !== undefined) wire[name] = makeSecret(wire[name]);
  }
  return withoutUndefined(wire);
}

export function makeSecret(value: unknown): unknown {
  return isSecret(value) ? value : { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecret(value: unknown): boolean {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function isUnknownValue(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * Secrets unwrapped; a resource reference becomes its id (its URN for a component; unknown while the id is not
 * known yet), as the engine itself downgrades references for providers that do not accept them.
 */
function plainValue(value: unknown): unknown {
  if (isSecret(value)) return plainValue((value as Props).value);
  if (isObject(value) && value[SIG_KEY] === RESOURCE_SIG) return referenceId(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

function referenceId(reference: Props): unknown {
  if (!("id" in reference)) return reference.urn;
  return typeof reference.id === "string" && reference.id !== "" ? reference.id : UNKNOWN;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isObject(value)) return Object.values(value).some(containsSecret);
  return false;
}

function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A Struct cannot hold `undefined`: absent outputs are left out. */
export function withoutUndefined(values: Props): Props {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
