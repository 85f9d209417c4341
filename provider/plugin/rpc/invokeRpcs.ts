import { fromStruct, grpc, pb, toStruct } from "../grpcStubs";
import { FUNCTION_TOKENS, secretResults } from "../packageSchema";
import type { ProviderInstance } from "../providerInstance";
import { invalidArgument, RpcError } from "../rpcErrors";
import { definedOnly, FUNCTION_CORES, isNotFoundError, type FunctionName } from "../runtimeAdapter";
import { decodeProperties, encodeProperties, type Props } from "../wireValues";

type InvokeRequest = InstanceType<typeof pb.InvokeRequest>;

/**
 * Invoke for kkms:index:getKey, getKeys, generateDataKey, decrypt and encrypt
 * (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0, Invoke :2172): each function's core, with this
 * provider's client. Bad arguments are answered as failures, one per argument, before any call (the SDK then
 * throws "Invoke of '<token>' failed: <reason> (<argument>)", sdk/nodejs/runtime/invoke.ts:355-366). Results the
 * schema marks secret go back as secrets: with acceptSecrets the engine adds none itself (:2229).
 */
export async function invoke(provider: ProviderInstance, req: InvokeRequest) {
  const token = req.getTok();
  if (!FUNCTION_TOKENS.includes(token))
    throw invalidArgument(`kkms has no function ${JSON.stringify(token)}`);
  provider.assertNotCancelled("Invoke");
  const core = FUNCTION_CORES[token.slice("kkms:index:".length) as FunctionName];
  const args = definedOnly(decodeProperties(fromStruct(req.getArgs())).values);
  const response = new pb.InvokeResponse();
  const failures = core.check(args);
  if (failures.length > 0) {
    response.setFailuresList(failures.map(checkFailure));
    return response;
  }
  const { client, region } = provider.context.clientFor(args.region as string | undefined);
  const result: object = await core.call(client, region, args as never).catch((err: unknown) => {
    if (isNotFoundError(err)) throw new RpcError(grpc.status.NOT_FOUND, (err as Error).message);
    throw err;
  });
  response.setReturn(toStruct(encodeProperties({ ...result } as Props, secretResults(token))));
  return response;
}

function checkFailure(f: { property: string; reason: string }) {
  const failure = new pb.CheckFailure();
  failure.setProperty(f.property);
  failure.setReason(f.reason);
  return failure;
}
