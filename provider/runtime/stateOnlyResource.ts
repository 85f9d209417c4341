import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { KkmsClient } from "../../sdk/client";
import { blobDigestId } from "./blobDigestId";
import { definedOnly } from "./definedOnly";
import { checkInputs, type Rule } from "./inputRules";
import { readManagedKey } from "./keyLifecycle";
import { lookupStateOnly } from "./lookupStateOnly";
import { clientFor, currentSettings } from "./providerContext";
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

export function stateOnlyProvider(spec: StateOnlySpec) {
  return {
    async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const inputs = spec.withDefaults ? spec.withDefaults(news ?? {}) : (news ?? {});
      return { inputs, failures: checkInputs(inputs, spec.rules, spec.required) };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      return replaceOnAnyChange(
        olds,
        { ...news, region: news.region ?? currentSettings().region },
        spec.inputs,
      );
    },

    async create(inputs: Props): Promise<dynamic.CreateResult> {
      const { client, region } = clientFor(inputs.region as string | undefined);
      const { outs, ciphertextBlob } = await spec.make(client, inputs);
      return { id: blobDigestId(spec.idPrefix, ciphertextBlob), outs: definedOnly({ ...outs, region }) };
    },

    async read(id: string, props: Props): Promise<dynamic.ReadResult> {
      // A refresh's state holds the plaintext; a `.get` never sends it (the class's state has no such field).
      if (props.plaintext === undefined) {
        const { client, region } = clientFor(typeof props.region === "string" ? props.region : undefined);
        return { id, props: await lookupStateOnly(client, region, spec, id, props) };
      }
      return readWhileMasterKeyLives(id, props);
    },

    async delete(): Promise<void> {
      // Nothing to call: the value exists only in state; forgetting it is deleting it.
    },
  };
}

/** Outputs stay as they are while the master key exists and is not pending deletion; otherwise gone. */
export async function readWhileMasterKeyLives(id: string, props: Props): Promise<dynamic.ReadResult> {
  const keyId = props.keyId;
  if (typeof keyId !== "string" || keyId === "") return { id: "", props: {} };
  const { client } = clientFor(props.region as string | undefined);
  const key = await readManagedKey(client, keyId);
  return key ? { id, props } : { id: "", props: {} };
}

export function replaceOnAnyChange(olds: Props, news: Props, names: readonly string[]): dynamic.DiffResult {
  const replaces = names.filter(
    (name) => isUnknown(news[name]) || (olds[name] ?? undefined) !== (news[name] ?? undefined),
  );
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}
