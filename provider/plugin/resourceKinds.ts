import { outputNames, RESOURCE_TOKENS } from "./packageSchema";
import schemaDocument from "./schema.json";
import { invalidArgument } from "./rpcErrors";
import { isUnknown, UNKNOWN, UPDATABLE_KEY_INPUTS, type ResourceKind } from "./runtimeAdapter";
import type { Props } from "./wireValues";

/** `kkms:index:Key` → "Key"; any other token is a request this provider cannot serve. */
export function resourceKind(token: string): ResourceKind {
  if (!RESOURCE_TOKENS.includes(token))
    throw invalidArgument(`kkms has no resource type ${JSON.stringify(token)}`);
  return token.slice("kkms:index:".length) as ResourceKind;
}

function inputNames(token: string): string[] {
  const spec = (schemaDocument.resources as Record<string, { inputProperties?: Props }>)[token];
  return Object.keys(spec?.inputProperties ?? {});
}

/** An absent `region` input means the provider's region; every output records the effective one. */
function effectiveRegion(news: Props, providerRegion: string): unknown {
  return news.region ?? providerRegion;
}

/**
 * What a create will return, as far as the inputs tell (the engine asks with preview=true because Configure
 * answered supportsPreview): outputs that echo an input keep its value; outputs only the service can give
 * (a new KeyId, a blob) are unknown. An adopted key's KeyId is known: it is `adoptKeyId`.
 */
export function previewCreateOutputs(token: string, news: Props, providerRegion: string): Props {
  const inputs = new Set(inputNames(token));
  const outputs: Props = {};
  for (const name of outputNames(token)) {
    if (name === "region") outputs.region = effectiveRegion(news, providerRegion);
    else if (inputs.has(name)) outputs[name] = news[name];
    else outputs[name] = UNKNOWN;
  }
  if (token === "kkms:index:Key" && typeof news.adoptKeyId === "string" && !isUnknown(news.adoptKeyId))
    outputs.keyId = news.adoptKeyId;
  return outputs;
}

/**
 * What an update will return: the old outputs with the inputs it changes. The KeyId and creation time stay
 * known, so resources that use them preview as unchanged.
 */
export function previewUpdateOutputs(token: string, olds: Props, news: Props, providerRegion: string): Props {
  const inputs = new Set(inputNames(token));
  const outputs: Props = {};
  for (const name of outputNames(token)) {
    if (name === "region") outputs.region = effectiveRegion(news, providerRegion);
    else if (inputs.has(name) && news[name] !== undefined) outputs[name] = news[name];
    else outputs[name] = olds[name];
  }
  return outputs;
}

/** Outputs an in-place update never changes: the engine may rely on them during preview. */
export function stableOutputs(kind: ResourceKind): string[] {
  if (kind !== "Key") return [];
  const changing = new Set<string>(UPDATABLE_KEY_INPUTS);
  return outputNames("kkms:index:Key").filter((name) => !changing.has(name));
}
