import type * as grpcJs from "@grpc/grpc-js";

import type { ProviderStubs } from "./providerStubs";
import type { PropertyMap } from "./secrets";

/** The trailer in which gRPC carries a google.rpc.Status with typed details. */
const STATUS_DETAILS_KEY = "grpc-status-details-bin";
const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/**
 * A create or update that failed after the resource came to exist: the host packs the thrown error's
 * `id`, `properties` and `reasons` into ErrorResourceInitFailed (cmd/dynamic-provider/index.js:369-397), and the
 * engine then keeps the resource in its state with these outputs (a "partial failure").
 */
export interface InitFailedDetails {
  readonly id: string;
  readonly properties: PropertyMap;
  readonly reasons: string[];
  /** Set by newer hosts only; the 3.248 host never fills it. */
  readonly inputs?: PropertyMap;
}

/** A failed RPC to a provider host, as the engine sees it. */
export class ProviderHostError extends Error {
  /** The RPC, e.g. "create". */
  readonly method: string;
  /** The gRPC status code (2, UNKNOWN, for every error a dynamic provider throws). */
  readonly code: number;
  /** The gRPC status message: the message of the error the provider threw. */
  readonly details: string;
  /** Present when the error reports a partially created resource. */
  readonly initFailed?: InitFailedDetails;
  /** The grpc-js error, with its metadata. */
  readonly grpcError: grpcJs.ServiceError;

  constructor(method: string, error: grpcJs.ServiceError, stubs: StatusStubs) {
    super(`${method} failed: ${error.details}`);
    this.name = "ProviderHostError";
    this.method = method;
    this.code = error.code;
    this.details = error.details;
    this.initFailed = decodeInitFailed(error.metadata, stubs);
    this.grpcError = error;
  }
}

export function isProviderHostError(error: unknown): error is ProviderHostError {
  return error instanceof Error && error.name === "ProviderHostError";
}

/** The stubs needed to decode a status: the provider messages and google.rpc.Status. */
export type StatusStubs = Pick<ProviderStubs, "pb" | "Status">;

/** The ErrorResourceInitFailed detail of a failed call's status, if it has one. */
export function decodeInitFailed(
  metadata: grpcJs.Metadata | undefined,
  stubs: StatusStubs,
): InitFailedDetails | undefined {
  for (const raw of metadata?.get(STATUS_DETAILS_KEY) ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = stubs.Status.deserializeBinary(new Uint8Array(bytes));
    for (const detail of status.getDetailsList()) {
      const failed = detail.unpack(stubs.pb.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
      if (failed) return toInitFailedDetails(failed);
    }
  }
  return undefined;
}

function toInitFailedDetails(
  failed: InstanceType<ProviderStubs["pb"]["ErrorResourceInitFailed"]>,
): InitFailedDetails {
  const inputs = failed.getInputs()?.toJavaScript() as PropertyMap | undefined;
  return {
    id: failed.getId(),
    properties: (failed.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
    reasons: failed.getReasonsList(),
    ...(inputs ? { inputs } : {}),
  };
}
