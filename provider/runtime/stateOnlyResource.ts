import { createHash } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { readManagedKey } from "./keyLifecycle";
import { clientFor } from "./providerContext";
import { isUnknown } from "./unknowns";

/**
 * Shared by DataKey and Ciphertext: values made once by the service and kept only in state. They live while
 * their master key lives, and any input change makes a new one.
 */
type Props = Record<string, unknown>;

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

/** A stable, non-secret resource id derived from the blob (shorter than the blob itself). */
export function blobDigestId(prefix: string, ciphertextBlob: string): string {
  return prefix + createHash("sha256").update(ciphertextBlob).digest("hex").slice(0, 32);
}

export function definedOnly(values: Props): Props {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null),
  );
}
