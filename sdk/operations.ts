import { unexpectedResponse } from "./errors/responseErrors";
import type { QueryParameter } from "./signing/getCanonicalQuery";
import {
  readBoolean,
  readField,
  readKey,
  readKeyList,
  readRequestId,
  readString,
  unwrapResult,
} from "./protocol/responseFields";
import {
  CHARGE_TYPES,
  CREATE_KEY_ORIGINS,
  KEY_SPECS,
  KEY_USAGES,
  LIMITS,
  SETTABLE_KEY_STATES,
  type CallOptions,
  type CreateKeyRequest,
  type DecryptRequest,
  type DecryptResult,
  type DeleteKeyRequest,
  type DeleteKeyResult,
  type DescribeKeysRequest,
  type DescribeKeysResult,
  type EncryptRequest,
  type EncryptResult,
  type GenerateDataKeyRequest,
  type GenerateDataKeyResult,
  type KeyResult,
  type ModifyKeyRequest,
  type ModifyKeyStateRequest,
} from "./types";
import {
  byteLengthInRange,
  integerInRange,
  oneOf,
  optionalNonEmptyString,
  optionalString,
  requireString,
  stringList,
  toBase64Text,
  toBytes,
} from "./validation";

type Body = Record<string, unknown>;

/**
 * One KKMS action: how typed arguments become wire parameters (validated first) and how the answer becomes a
 * typed result. `idempotent: false` marks actions that must not be repeated when they may have run already.
 */
export interface Operation<Request, Result> {
  action: string;
  idempotent: boolean;
  /** Its parameters include a plaintext: always sent as POST, so it never appears in a URL or an access log. */
  carriesPlaintext?: boolean;
  toParameters(request: Request): QueryParameter[];
  toResult(body: Body): Result;
}

export const createKey: Operation<CreateKeyRequest, KeyResult> = {
  action: "CreateKey",
  idempotent: false,
  toParameters(request) {
    const action = this.action;
    const params: QueryParameter[] = [["KeyName", requireString(request?.keyName, "KeyName", action)]];
    const description = optionalString(request.description, "Description", action);
    if (description !== undefined) params.push(["Description", description]);
    params.push(["KeyUsage", oneOf(request.keyUsage ?? "EncryptDecrypt", KEY_USAGES, "KeyUsage", action)]);
    params.push(["Origin", oneOf(request.origin ?? "kms", CREATE_KEY_ORIGINS, "Origin", action)]);
    params.push([
      "ChargeType",
      oneOf(request.chargeType ?? "PostPaidByDay", CHARGE_TYPES, "ChargeType", action),
    ]);
    return withDryRun(params, request);
  },
  toResult: keyResult,
};

export const describeKeys: Operation<DescribeKeysRequest, DescribeKeysResult> = {
  action: "DescribeKeys",
  idempotent: true,
  toParameters(request) {
    const keyIds = stringList(request?.keyIds, "KeyId", this.action);
    const params = keyIds.map((keyId, index): QueryParameter => [`KeyId.${index + 1}`, keyId]);
    return withDryRun(params, request ?? {});
  },
  toResult(body) {
    const result = unwrapResult(body, "DescribeKeys");
    return { requestId: requestIdOf(result), keys: readKeyList(readField(result, "KeySet", "Keys")) };
  },
};

export const modifyKey: Operation<ModifyKeyRequest, KeyResult> = {
  action: "ModifyKey",
  idempotent: true,
  toParameters(request) {
    const action = this.action;
    const params: QueryParameter[] = [["KeyId", requireString(request?.keyId, "KeyId", action)]];
    const keyName = optionalNonEmptyString(request.keyName, "KeyName", action);
    if (keyName !== undefined) params.push(["KeyName", keyName]);
    const description = optionalString(request.description, "Description", action);
    if (description !== undefined) params.push(["Description", description]);
    return withDryRun(params, request);
  },
  toResult: keyResult,
};

export const modifyKeyState: Operation<ModifyKeyStateRequest, KeyResult> = {
  action: "ModifyKeyState",
  idempotent: true,
  toParameters(request) {
    const action = this.action;
    const keyId = requireString(request?.keyId, "KeyId", action);
    if (request.keyState === undefined) requireString(undefined, "KeyState", action);
    const keyState = oneOf(request.keyState, SETTABLE_KEY_STATES, "KeyState", action);
    return withDryRun(
      [
        ["KeyId", keyId],
        ["KeyState", keyState],
      ],
      request,
    );
  },
  toResult: keyResult,
};

export const deleteKey: Operation<DeleteKeyRequest, DeleteKeyResult> = {
  action: "DeleteKey",
  // A repeated DeleteKey on a key already pending deletion fails: callers check the key's state instead.
  idempotent: false,
  toParameters(request) {
    return withDryRun([["KeyId", requireString(request?.keyId, "KeyId", this.action)]], request);
  },
  toResult(body) {
    const result = unwrapResult(body, "DeleteKey");
    const key = readKey(readField(result, "Key"));
    return {
      requestId: requestIdOf(result),
      return: readBoolean(result, "Return") ?? true,
      ...(key ? { key } : {}),
    };
  },
};

export const encrypt: Operation<EncryptRequest, EncryptResult> = {
  action: "Encrypt",
  idempotent: true,
  carriesPlaintext: true,
  toParameters(request) {
    const action = this.action;
    const keyId = requireString(request?.keyId, "KeyId", action);
    const plaintext = byteLengthInRange(
      toBytes(request.plaintext, "Plaintext", action),
      1,
      LIMITS.maxPlaintextBytes,
      "Plaintext",
      action,
    );
    return withDryRun(
      [
        ["KeyId", keyId],
        ["Plaintext", plaintext.toString("base64")],
      ],
      request,
    );
  },
  toResult(body) {
    const result = unwrapResult(body, "Encrypt");
    return {
      requestId: requestIdOf(result),
      keyId: readString(result, "KeyId", "KeyID") ?? "",
      ciphertextBlob: readString(result, "CiphertextBlob") ?? "",
    };
  },
};

export const decrypt: Operation<DecryptRequest, DecryptResult> = {
  action: "Decrypt",
  idempotent: true,
  toParameters(request) {
    const action = this.action;
    return withDryRun(
      [
        ["KeyId", requireString(request?.keyId, "KeyId", action)],
        ["CiphertextBlob", toBase64Text(request.ciphertextBlob, "CiphertextBlob", action)],
      ],
      request,
    );
  },
  toResult(body) {
    const result = unwrapResult(body, "Decrypt");
    return {
      requestId: requestIdOf(result),
      keyId: readString(result, "KeyId", "KeyID") ?? "",
      plaintext: base64Field(result),
    };
  },
};

export const generateDataKey: Operation<GenerateDataKeyRequest, GenerateDataKeyResult> = {
  action: "GenerateDataKey",
  // Each call makes a new data key, but nothing is stored: repeating one is harmless.
  idempotent: true,
  toParameters(request) {
    const action = this.action;
    const params: QueryParameter[] = [["KeyId", requireString(request?.keyId, "KeyId", action)]];
    const { keySpec, numberOfBytes } = request;
    if (keySpec !== undefined || numberOfBytes === undefined) {
      params.push(["KeySpec", oneOf(keySpec ?? "AES256", KEY_SPECS, "KeySpec", action)]);
    }
    if (numberOfBytes !== undefined) {
      const n = integerInRange(
        numberOfBytes,
        LIMITS.minNumberOfBytes,
        LIMITS.maxNumberOfBytes,
        "NumberOfBytes",
        action,
      );
      params.push(["NumberOfBytes", String(n)]);
    }
    return withDryRun(params, request);
  },
  toResult(body) {
    const result = unwrapResult(body, "GenerateDataKey");
    return {
      requestId: requestIdOf(result),
      keyId: readString(result, "KeyId", "KeyID") ?? "",
      plaintext: base64Field(result),
      ciphertextBlob: readString(result, "CiphertextBlob") ?? "",
    };
  },
};

export const OPERATIONS = {
  createKey,
  describeKeys,
  modifyKey,
  modifyKeyState,
  deleteKey,
  encrypt,
  decrypt,
  generateDataKey,
} as const;

/** CreateKey, ModifyKey and ModifyKeyState answer a Key, possibly inside `<ActionResult>` like the others. */
function keyResult(this: Operation<unknown, KeyResult>, body: Body): KeyResult {
  const result = unwrapResult(body, this.action);
  const key = readKey(readField(result, "Key"));
  if (!key) throw unexpectedResponse(this.action, "The answer has no Key element.", readRequestId(result));
  return { requestId: requestIdOf(result), key };
}

function requestIdOf(body: Body): string {
  return readRequestId(body) ?? "";
}

/** The seed's GenerateDataKey sample spells it `Plantext`. */
function base64Field(body: Body): Buffer {
  return Buffer.from(readString(body, "Plaintext", "Plantext") ?? "", "base64");
}

function withDryRun(params: QueryParameter[], request: CallOptions): QueryParameter[] {
  return request.dryRun ? [...params, ["DryRun", "true"]] : params;
}
