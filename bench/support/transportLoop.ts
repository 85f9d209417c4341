import { resolveClientConfig, type Credentials } from "pulumi-kkms/sdk";
// KkmsClient's own transport, from the source: the package exports no such internal, and this loop exists to
// measure exactly it.
import { createAxiosTransport } from "../../sdk/transport/sendHttpRequest";
import { parseAnswer, signedEncrypt, type SigningLoop } from "./signingLoop";

/**
 * The signing loop with its node:http request replaced by KkmsClient's transport (axios's http adapter over the
 * client's own agents, with its timeout): the difference from the signing loop is the transport's cost, and what
 * KkmsClient spends beyond this loop is the rest of the SDK's (validation, request building, decoding, retries).
 */
export function createTransportLoop(endpoint: string, region: string, credentials: Credentials): SigningLoop {
  const url = new URL(endpoint);
  const config = resolveClientConfig({ endpoint, region, credentials, env: {} });
  const transport = createAxiosTransport(config);
  return {
    encrypt: async (keyId, plaintext) => {
      const { headers, body } = signedEncrypt(url, region, credentials, keyId, plaintext);
      const answer = await transport.send(
        { method: "POST", url: `${url.origin}/`, headers, body },
        config.timeoutMs,
      );
      const document = answer.status === 200 ? parseAnswer(answer.text) : undefined;
      if (!document?.KeyId || !document.CiphertextBlob)
        throw new Error(`Encrypt answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      return { keyId: document.KeyId, ciphertextBlob: document.CiphertextBlob };
    },
    destroy: () => {
      config.httpAgent.destroy();
      config.httpsAgent.destroy();
    },
  };
}
