import type { KkmsClient } from "../../sdk/client";
import { isKkmsError } from "../../sdk/errors/guards";
import { ResourceLookupError } from "./lookupError";
import { blobDigestId } from "./blobDigestId";
import { definedOnly } from "./definedOnly";
import type { StateOnlySpec } from "./stateOnlyResource";

type Props = Record<string, unknown>;

/**
 * `DataKey.get` / `Ciphertext.get`: the value lives only in a state, so the lookup is given its `keyId` and
 * `ciphertextBlob`; the id must be the one derived from that blob, and Decrypt under that key gives the
 * plaintext back. Anything missing or wrong is an error naming the id. Returns the outputs.
 */
export async function lookupStateOnly(
  client: KkmsClient,
  region: string,
  spec: Pick<StateOnlySpec, "idPrefix" | "kind" | "plaintextEncoding">,
  id: string,
  props: Props,
): Promise<Props> {
  const { keyId, ciphertextBlob } = props;
  const fail = (reason: string) => new ResourceLookupError(`${spec.kind}.get: cannot read ${id}: ${reason}`);
  if (
    typeof keyId !== "string" ||
    typeof ciphertextBlob !== "string" ||
    keyId === "" ||
    ciphertextBlob === ""
  )
    throw fail(`give state.keyId and state.ciphertextBlob (a ${spec.kind} exists only in state).`);
  if (blobDigestId(spec.idPrefix, ciphertextBlob) !== id)
    throw fail(
      `it is not the id of the ciphertextBlob given (that one is ${blobDigestId(spec.idPrefix, ciphertextBlob)}).`,
    );
  const decrypted = await client.decrypt({ keyId, ciphertextBlob }).catch((err: unknown) => {
    const reason = isKkmsError(err) ? `${err.code}: ${err.message}` : String(err);
    throw fail(`Decrypt under the key ${keyId} in region ${region} failed (${reason}).`);
  });
  const plaintext = decrypted.plaintext.toString(spec.plaintextEncoding);
  return definedOnly({ ...props, keyId, ciphertextBlob, plaintext, region });
}
