import type * as grpcJs from "@grpc/grpc-js";
import { Any, grpc, pb, statusProto, toStruct } from "./grpcStubs";

/**
 * Errors as the engine reads them (sdk/go/common/resource/plugin/provider_plugin.go at v3.248.0):
 * UNIMPLEMENTED is the documented fallback for optional RPCs (Handshake :380, CheckConfig :687, DiffConfig :810,
 * Cancel :2401, GetMapping :2570); UNKNOWN, INTERNAL and DATA_LOSS mean "outcome unknown" (resourceStateAndError
 * :2461), any other code a failure that changed nothing; an ErrorResourceInitFailed detail in
 * `grpc-status-details-bin` reports a resource that exists though the call failed (parseError :2482).
 */
export class RpcError extends Error {
  constructor(
    readonly code: grpcJs.status,
    message: string,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export const unimplemented = (rpc: string) =>
  new RpcError(grpc.status.UNIMPLEMENTED, `${rpc} is not implemented by the kkms provider`);

export const invalidArgument = (message: string) => new RpcError(grpc.status.INVALID_ARGUMENT, message);

export interface InitFailure {
  id: string;
  properties: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  reasons: string[];
}

/** Any thrown value as the error a grpc-js unary handler hands back. */
export function toServiceError(err: unknown, initFailure?: InitFailure): Partial<grpcJs.ServiceError> {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof RpcError ? err.code : grpc.status.UNKNOWN;
  if (!initFailure) return { code, details: message, message };
  return { code, details: message, message, metadata: initFailedMetadata(code, message, initFailure) };
}

function initFailedMetadata(code: number, message: string, failure: InitFailure): grpcJs.Metadata {
  const detail = new pb.ErrorResourceInitFailed();
  detail.setId(failure.id);
  detail.setProperties(toStruct(failure.properties));
  if (failure.inputs) detail.setInputs(toStruct(failure.inputs));
  detail.setReasonsList(failure.reasons);
  const packed = new Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status();
  status.setCode(code);
  status.setMessage(message);
  status.addDetails(packed);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return metadata;
}

/** An error carrying a partially created resource; the server packs it into ErrorResourceInitFailed. */
export class InitFailedError extends Error {
  constructor(
    readonly failure: InitFailure,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : failure.reasons.join("; "));
    this.name = "InitFailedError";
  }
}
