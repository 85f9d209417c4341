import { fromStruct, pb, toStruct } from "../grpcStubs";
import { FUNCTION_TOKENS, secretResults } from "../packageSchema";
import type { ProviderInstance } from "../providerInstance";
import { invalidArgument, RpcError } from "../rpcErrors";
import { grpc } from "../grpcStubs";
import { invokeFunction, isArgumentError, isNotFoundError, type FunctionName } from "../runtimeAdapter";
import { decodeProperties, encodeProperties } from "../wireValues";

type InvokeRequest = InstanceType<typeof pb.InvokeRequest>;

/**
 * Invoke for kkms:index:getKey, getKeys, generateDataKey, decrypt and encrypt
 * (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0, Invoke :2172). Results the schema marks secret
 * go back as secrets: with acceptSecrets the engine adds none itself (:2229).
 */
export async function invoke(provider: ProviderInstance, req: InvokeRequest) {
  const token = req.getTok();
  if (!FUNCTION_TOKENS.includes(token))
    throw invalidArgument(`kkms has no function ${JSON.stringify(token)}`);
  provider.assertNotCancelled("Invoke");
  const args = decodeProperties(fromStruct(req.getArgs()));
  const name = token.slice("kkms:index:".length) as FunctionName;
  const result = await invokeFunction(provider.lookup, name, args.values).catch((err) => {
    if (isArgumentError(err)) throw invalidArgument((err as Error).message);
    if (isNotFoundError(err)) throw new RpcError(grpc.status.NOT_FOUND, (err as Error).message);
    throw err;
  });
  const response = new pb.InvokeResponse();
  response.setReturn(toStruct(encodeProperties(result, secretResults(token))));
  return response;
}
