import { resolveClientConfig, ENV, type KkmsClientOptions, type ResolvedClientConfig } from "./config";
import { MISSING_CREDENTIALS } from "./errors/clientErrorCodes";
import { KkmsError } from "./errors/KkmsError";
import * as ops from "./operations";
import type { Operation } from "./operations";
import { executeOperation } from "./transport/executeOperation";
import { createAxiosTransport, type HttpTransport } from "./transport/sendHttpRequest";
import type { Credentials } from "./signing/types";
import type * as T from "./types";

/**
 * A client of the KKMS OpenAPI (Version 2016-03-04): one method per action, typed camelCase arguments and
 * results, SigV4 or the simplified signature, retries with backoff. Every failure is a `KkmsError`.
 */
export class KkmsClient {
  readonly config: ResolvedClientConfig;
  private readonly transport: HttpTransport;
  private readonly ownedAgents: { destroy(): void }[];

  constructor(options: KkmsClientOptions = {}) {
    this.config = resolveClientConfig(options);
    this.transport = createAxiosTransport(this.config);
    this.ownedAgents = [
      ...(options.httpAgent ? [] : [this.config.httpAgent]),
      ...(options.httpsAgent ? [] : [this.config.httpsAgent]),
    ];
  }

  createKey(request: T.CreateKeyRequest): Promise<T.KeyResult> {
    return this.call(ops.createKey, request);
  }

  describeKeys(request: T.DescribeKeysRequest = {}): Promise<T.DescribeKeysResult> {
    return this.call(ops.describeKeys, request);
  }

  modifyKey(request: T.ModifyKeyRequest): Promise<T.KeyResult> {
    return this.call(ops.modifyKey, request);
  }

  modifyKeyState(request: T.ModifyKeyStateRequest): Promise<T.KeyResult> {
    return this.call(ops.modifyKeyState, request);
  }

  deleteKey(request: T.DeleteKeyRequest): Promise<T.DeleteKeyResult> {
    return this.call(ops.deleteKey, request);
  }

  encrypt(request: T.EncryptRequest): Promise<T.EncryptResult> {
    return this.call(ops.encrypt, request);
  }

  decrypt(request: T.DecryptRequest): Promise<T.DecryptResult> {
    return this.call(ops.decrypt, request);
  }

  generateDataKey(request: T.GenerateDataKeyRequest): Promise<T.GenerateDataKeyResult> {
    return this.call(ops.generateDataKey, request);
  }

  /** Closes idle keep-alive sockets of the agents this client created (not of agents passed in). */
  destroy(): void {
    for (const agent of this.ownedAgents) agent.destroy();
  }

  private async call<Request, Result>(
    operation: Operation<Request, Result>,
    request: Request,
  ): Promise<Result> {
    const parameters = operation.toParameters(request);
    const credentials = requireCredentials(this.config.credentials, operation.action);
    return executeOperation({
      config: this.config,
      transport: this.transport,
      operation,
      parameters,
      credentials,
    });
  }
}

function requireCredentials(credentials: Credentials | undefined, action: string): Credentials {
  if (credentials && isNonEmpty(credentials.accessKeyId) && isNonEmpty(credentials.secretAccessKey))
    return credentials;
  throw new KkmsError({
    code: MISSING_CREDENTIALS,
    message:
      "No KKMS credentials: pass `credentials: { accessKeyId, secretAccessKey }` to KkmsClient, " +
      `or set the ${ENV.accessKeyId} and ${ENV.secretAccessKey} environment variables.`,
    type: "Client",
    action,
  });
}

function isNonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
