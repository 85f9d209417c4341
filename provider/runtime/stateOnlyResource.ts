import type { KkmsClient } from "../../sdk/client";
import { blobDigestId } from "./blobDigestId";
import { definedOnly } from "./definedOnly";
import { checkInputs, type Rule } from "./inputRules";
import { readManagedKey } from "./keyLifecycle";
import { lookupStateOnly } from "./lookupStateOnly";
import type { ProviderContext } from "./providerContext";
import type { ResourceCore, ResourceDiff, ResourceRead } from "./resourceCore";
import { isUnknown } from "./unknowns";

/**
 * DataKey and Ciphertext: values made once by the service and kept only in state. They live while their master
 * key lives, any input change makes a new one, and deleting them has nothing to call.
 */
type Props = Record<string, unknown>;

export interface StateOnlySpec {
  /** Every input; all of them replace. */
  inputs: readonly string[];
  required: readonly string[];
  rules: Record<string, Rule>;
  /** Defaults applied in check. */
  withDefaults?: (news: Props) => Props;
  /** The one API call; returns the outputs (the region is added) and the blob the id is derived from. */
  make(client: KkmsClient, inputs: Props): Promise<{ outs: Props; ciphertextBlob: string }>;
  /** Prefix of the resource id. */
  idPrefix: string;
  /** The resource's name in messages, e.g. "DataKey". */
  kind: string;
  /** How the plaintext output is written: what `.get` turns Decrypt's bytes into. */
  plaintextEncoding: "base64" | "utf8";
}

export function stateOnlyResource(spec: StateOnlySpec): ResourceCore {
  return {
    async check(_context, _olds, news) {
      const inputs = spec.withDefaults ? spec.withDefaults(news) : news;
      return { inputs, failures: checkInputs(inputs, spec.rules, spec.required) };
    },

    async diff(context, _id, olds, news) {
      return replaceOnAnyChange(
        olds,
        { ...news, region: news.region ?? context.settings().region },
        spec.inputs,
      );
    },

    async create(context, inputs) {
      const { client, region } = context.clientFor(inputs.region as string | undefined);
      const { outs, ciphertextBlob } = await spec.make(client, inputs);
      return { id: blobDigestId(spec.idPrefix, ciphertextBlob), outs: definedOnly({ ...outs, region }) };
    },

    async read(context, id, state) {
      // A refresh's state holds the plaintext; a `.get` never sends it (the class's state has no such field).
      if (state.plaintext === undefined) {
        const { client, region } = context.clientFor(
          typeof state.region === "string" ? state.region : undefined,
        );
        return { id, props: await lookupStateOnly(client, region, spec, id, state) };
      }
      return readWhileMasterKeyLives(context, id, state);
    },

    async delete() {
      // Nothing to call: the value exists only in state; forgetting it is deleting it.
    },
  };
}

/** Outputs stay as they are while the master key exists and is not pending deletion; otherwise gone. */
async function readWhileMasterKeyLives(
  context: ProviderContext,
  id: string,
  props: Props,
): Promise<ResourceRead> {
  const keyId = props.keyId;
  if (typeof keyId !== "string" || keyId === "") return { id: "", props: {} };
  const { client } = context.clientFor(props.region as string | undefined);
  const key = await readManagedKey(client, keyId);
  return key ? { id, props } : { id: "", props: {} };
}

export function replaceOnAnyChange(olds: Props, news: Props, names: readonly string[]): ResourceDiff {
  const replaces = names.filter(
    (name) => isUnknown(news[name]) || (olds[name] ?? undefined) !== (news[name] ?? undefined),
  );
  return { changes: replaces.length > 0, replaces, updates: [], deleteBeforeReplace: false };
}
