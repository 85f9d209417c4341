import {
  isDryRunSuccess,
  isKkmsError,
  isNotFound,
  isThrottled,
  KkmsClient,
  type KkmsClientOptions,
  type KkmsError,
  type KkmsLogEvent,
} from "../../sdk";
import { SEED_SAMPLES } from "./fixtures/seedSamples";
import {
  actionOf,
  jsonAnswer,
  kkmsErrorAnswer,
  startScriptedServer,
  xmlAnswer,
  type ScriptedResponse,
  type ScriptedServer,
} from "./support/scriptedServer";

const CREDENTIALS = { accessKeyId: "AK-behaviour", secretAccessKey: "SK-behaviour-secret" };
const servers: ScriptedServer[] = [];
const clients: KkmsClient[] = [];

afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  script: ScriptedResponse[] | Parameters<typeof startScriptedServer>[0],
): Promise<ScriptedServer> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

function clientOf(server: ScriptedServer | string, options: Partial<KkmsClientOptions> = {}): KkmsClient {
  const endpoint = typeof server === "string" ? server : server.url;
  const client = new KkmsClient({
    endpoint,
    credentials: CREDENTIALS,
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
    env: {},
    ...options,
  });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<KkmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKkmsError(error)) throw new Error(`expected a KkmsError, got ${String(error)}`);
  return error;
}

const keyJson = {
  KeyId: "k1",
  KeyName: "n",
  CreateTime: "2026-11-27 10:00:00",
  Description: "",
  KeyState: "Enabled",
  KeyUsage: "EncryptDecrypt",
  Origin: "kms",
};

describe("every seed sample through the client, over HTTP", () => {
  test("each action reads its sample (XML) although JSON was asked for", async () => {
    const server = await serve((request) =>
      xmlAnswer(SEED_SAMPLES[actionOf(request) as keyof typeof SEED_SAMPLES]),
    );
    const client = clientOf(server);
    expect((await client.createKey({ keyName: "test111" })).key.keyId).toBe(
      "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7",
    );
    expect(
      (await client.modifyKey({ keyId: "aj0p6hf4-mcd3-pej3-v9i9-rq85h4a2dojs", keyName: "mosified" })).key
        .keyName,
    ).toBe("mosified");
    expect((await client.modifyKeyState({ keyId: "x", keyState: "Disabled" })).key.keyState).toBe("Disabled");
    expect((await client.describeKeys()).keys).toHaveLength(2);
    expect((await client.deleteKey({ keyId: "rdmdt08v-qumh-20dd-t45k-7h8so1bqintm" })).return).toBe(true);
    expect(
      (await client.encrypt({ keyId: "x", plaintext: Buffer.from("aaaa", "base64") })).ciphertextBlob,
    ).toBe("/KhaumND4qw/V/LAfk04aQ==");
    expect(
      (await client.decrypt({ keyId: "x", ciphertextBlob: "/KhaumND4qw/V/LAfk04aQ==" })).plaintext.toString(
        "base64",
      ),
    ).toBe("aaaa");
    expect(
      (await client.generateDataKey({ keyId: "x", keySpec: "AES128", numberOfBytes: 64 })).plaintext,
    ).toHaveLength(16);
    expect(server.requests.every((r) => r.headers.accept === "application/json")).toBe(true);
  });

  test("CreateKey, ModifyKey and ModifyKeyState answers wrapped in <ActionResult> (as the other five may be)", async () => {
    const server = await serve((request) => {
      const action = actionOf(request) as string;
      const inner = SEED_SAMPLES.CreateKey.replace(/<\/?(CreateKeyResponse|response)>/g, "");
      return xmlAnswer(`<${action}Response><${action}Result>${inner}</${action}Result></${action}Response>`);
    });
    const client = clientOf(server);
    const results = [
      await client.createKey({ keyName: "test111" }),
      await client.modifyKey({ keyId: "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7", keyName: "test111" }),
      await client.modifyKeyState({ keyId: "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7", keyState: "Enabled" }),
    ];
    expect(results.map((r) => [r.requestId, r.key.keyId, r.key.keyName])).toEqual(
      Array(3).fill([
        "a5aaf74a-179c-4d4c-8cce-6c6b86167565",
        "0kes2r8k-vbse-87pj-icck-qu9cao8vubi7",
        "test111",
      ]),
    );
  });

  test("responseFormat xml asks for XML", async () => {
    const server = await serve([xmlAnswer(SEED_SAMPLES.DescribeKeys)]);
    await clientOf(server, { responseFormat: "xml" }).describeKeys();
    expect(server.requests[0].headers.accept).toBe("application/xml");
  });

  test("the seed's error sample becomes a KkmsError with every field", async () => {
    const server = await serve([
      { status: 400, headers: { "content-type": "text/xml" }, body: SEED_SAMPLES.ErrorXml },
    ]);
    const error = await failure(clientOf(server).describeKeys());
    expect(error).toMatchObject({
      name: "KkmsError",
      code: "InvalidParameterValue",
      type: "Sender",
      requestId: "e1eac1b3-1f35-44ba-abd4-7c4b7a9859f3",
      statusCode: 400,
      action: "DescribeKeys",
      retryable: false,
      maybeProcessed: false,
      attempts: 1,
    });
    expect(error.message).toBe(
      "An invalid or out-of-range value was supplied for the input parameter PathPrefix.",
    );
    expect(error).toBeInstanceOf(Error);
  });
});

describe("the request on the wire", () => {
  test("GET carries Action, Version and every parameter in the query", async () => {
    const server = await serve([jsonAnswer({ RequestId: "r", Key: keyJson })]);
    await clientOf(server).createKey({ keyName: "n", description: "d" });
    const url = new URL(server.requests[0].url, "http://x");
    expect(server.requests[0].method).toBe("GET");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: "CreateKey",
      Version: "2016-03-04",
      KeyName: "n",
      Description: "d",
      KeyUsage: "EncryptDecrypt",
      Origin: "kms",
      ChargeType: "PostPaidByDay",
    });
    expect(server.requests[0].body).toBe("");
  });

  test("POST carries every parameter in a form body", async () => {
    const server = await serve([jsonAnswer({ RequestId: "r", KeySet: [] })]);
    await clientOf(server, { method: "POST" }).describeKeys({ keyIds: ["a", "b"] });
    const request = server.requests[0];
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.body).toBe("Action=DescribeKeys&Version=2016-03-04&KeyId.1=a&KeyId.2=b");
  });

  test("a GET too long for a URL goes as POST", async () => {
    const server = await serve([jsonAnswer({ RequestId: "r", KeySet: [] })]);
    const keyIds = Array.from({ length: 150 }, (_, i) => `key-${i}-0kes2r8k-vbse-87pj-icck-qu9cao8vubi7`);
    await clientOf(server).describeKeys({ keyIds });
    expect(server.requests[0].method).toBe("POST");
    expect(new URLSearchParams(server.requests[0].body).get("KeyId.150")).toBe(keyIds[149]);
  });

  test("a plaintext never travels in a URL: Encrypt goes as POST", async () => {
    const server = await serve([xmlAnswer(SEED_SAMPLES.Encrypt)]);
    await clientOf(server, { method: "GET" }).encrypt({ keyId: "k", plaintext: "secret words" });
    expect(server.requests[0].method).toBe("POST");
    expect(server.requests[0].url).toBe("/");
    expect(new URLSearchParams(server.requests[0].body).get("Plaintext")).toBe(
      Buffer.from("secret words").toString("base64"),
    );
  });

  test("the simplified signature sends its common parameters and a hex Signature", async () => {
    const now = new Date("2021-08-12T02:47:36Z");
    const server = await serve([jsonAnswer({ RequestId: "r", KeySet: [] })]);
    await clientOf(server, { signatureVersion: "simple", clock: () => now }).describeKeys();
    const params = Object.fromEntries(new URL(server.requests[0].url, "http://x").searchParams);
    expect(params).toMatchObject({
      Accesskey: "AK-behaviour",
      Service: "kkms",
      Timestamp: "2021-08-12T02:47:36Z",
      SignatureVersion: "1.0",
      SignatureMethod: "HMAC-SHA256",
    });
    expect(params.Signature).toMatch(/^[0-9a-f]{64}$/);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  test("dryRun sends DryRun=true and its 412 is recognisable", async () => {
    const server = await serve([
      kkmsErrorAnswer(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set"),
    ]);
    const error = await failure(
      clientOf(server).modifyKeyState({ keyId: "k", keyState: "Disabled", dryRun: true }),
    );
    expect(new URL(server.requests[0].url, "http://x").searchParams.get("DryRun")).toBe("true");
    expect(isDryRunSuccess(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retries", () => {
  test("throttling is retried until it passes", async () => {
    const server = await serve([
      kkmsErrorAnswer(409, "LimitExceeded"),
      kkmsErrorAnswer(409, "LimitExceeded"),
      jsonAnswer({ RequestId: "r", KeySet: [] }),
    ]);
    await expect(clientOf(server).describeKeys()).resolves.toEqual({ requestId: "r", keys: [] });
    expect(server.requests).toHaveLength(3);
  });

  test("a throttled CreateKey is retried: it surely was not processed", async () => {
    const server = await serve([
      kkmsErrorAnswer(409, "LimitExceeded"),
      jsonAnswer({ RequestId: "r", Key: keyJson }),
    ]);
    await expect(clientOf(server).createKey({ keyName: "n" })).resolves.toMatchObject({
      key: { keyId: "k1" },
    });
    expect(server.requests).toHaveLength(2);
  });

  test("a call that waited out a long throttle still gets its retries for a 5xx", async () => {
    const limit = kkmsErrorAnswer(409, "LimitExceeded");
    const down = kkmsErrorAnswer(500, "ServiceUnavailable");
    const server = await serve([
      limit,
      limit,
      limit,
      limit,
      down,
      jsonAnswer({ RequestId: "r", KeySet: [] }),
    ]);
    const client = clientOf(server, { maxAttempts: 2, retry: { baseDelayMs: 0, maxThrottledAttempts: 10 } });
    await expect(client.describeKeys()).resolves.toMatchObject({ requestId: "r" });
    expect(server.requests).toHaveLength(6);
  });

  test("maxAttempts bounds the attempts and the error says how many were made", async () => {
    const server = await serve([kkmsErrorAnswer(500, "ServiceUnavailable")]);
    const error = await failure(clientOf(server, { maxAttempts: 4 }).describeKeys());
    expect(server.requests).toHaveLength(4);
    expect(error).toMatchObject({
      code: "ServiceUnavailable",
      statusCode: 500,
      type: "Receiver",
      attempts: 4,
      retryable: true,
    });
  });

  test("maxAttempts 1 turns retries off", async () => {
    const server = await serve([kkmsErrorAnswer(409, "LimitExceeded")]);
    const error = await failure(clientOf(server, { maxAttempts: 1 }).describeKeys());
    expect(server.requests).toHaveLength(1);
    expect(isThrottled(error)).toBe(true);
  });

  test("a 5xx CreateKey is not repeated and says it may have been processed", async () => {
    const server = await serve([
      kkmsErrorAnswer(500, "ServiceTimeout"),
      jsonAnswer({ RequestId: "r", Key: keyJson }),
    ]);
    const error = await failure(clientOf(server).createKey({ keyName: "n" }));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "ServiceTimeout", maybeProcessed: true, action: "CreateKey" });
  });

  test("other 4xx are never retried", async () => {
    for (const [status, code] of [
      [400, "InvalidParameterValue"],
      [403, "SignatureDoesNotMatch"],
      [404, "KeyNotFound"],
    ] as const) {
      const server = await serve([kkmsErrorAnswer(status, code)]);
      await failure(clientOf(server).describeKeys());
      expect(server.requests).toHaveLength(1);
    }
  });

  test("Retry-After is honoured", async () => {
    const delays: number[] = [];
    const server = await serve([
      {
        ...kkmsErrorAnswer(409, "LimitExceeded"),
        headers: { "content-type": "application/json", "retry-after": "2" },
      },
      jsonAnswer({ RequestId: "r", KeySet: [] }),
    ]);
    await clientOf(server, { sleep: async (ms) => void delays.push(ms) }).describeKeys();
    expect(delays).toEqual([2000]);
  });

  test("backoff grows with full jitter between attempts", async () => {
    const delays: number[] = [];
    const server = await serve([kkmsErrorAnswer(503, "ServiceUnavailable")]);
    const client = clientOf(server, {
      maxAttempts: 4,
      random: () => 0.5,
      retry: { baseDelayMs: 100, maxDelayMs: 300 },
      sleep: async (ms) => void delays.push(ms),
    });
    await failure(client.describeKeys());
    expect(delays).toEqual([50, 100, 150]);
  });

  test("a dropped connection is retried for reads, not for CreateKey", async () => {
    const readServer = await serve([{ destroy: true }, jsonAnswer({ RequestId: "r", KeySet: [] })]);
    await expect(clientOf(readServer).describeKeys()).resolves.toMatchObject({ keys: [] });
    expect(readServer.requests).toHaveLength(2);

    const createServer = await serve([{ destroy: true }, jsonAnswer({ RequestId: "r", Key: keyJson })]);
    const error = await failure(clientOf(createServer).createKey({ keyName: "n" }));
    expect(createServer.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "NetworkError", maybeProcessed: true, statusCode: 0 });
    expect(error.cause).toBeInstanceOf(Error);
  });

  test("connection refused is retried even for CreateKey: nothing was sent", async () => {
    const server = await serve([jsonAnswer({})]);
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const error = await failure(clientOf(url, { maxAttempts: 3 }).createKey({ keyName: "n" }));
    expect(error).toMatchObject({
      code: "NetworkError",
      attempts: 3,
      maybeProcessed: false,
      retryable: true,
    });
    expect(error.message).toContain("ECONNREFUSED");
  });

  test("a slow answer times out per attempt and is retried", async () => {
    const server = await serve([
      { ...jsonAnswer({ RequestId: "slow", KeySet: [] }), delayMs: 300 },
      jsonAnswer({ RequestId: "fast", KeySet: [] }),
    ]);
    const result = await clientOf(server, { timeoutMs: 50 }).describeKeys();
    expect(result.requestId).toBe("fast");
    expect(server.requests).toHaveLength(2);
  });

  test("a timeout on CreateKey is reported as RequestTimeout, maybe processed", async () => {
    const server = await serve([{ ...jsonAnswer({ RequestId: "slow", Key: keyJson }), delayMs: 300 }]);
    const error = await failure(clientOf(server, { timeoutMs: 50 }).createKey({ keyName: "n" }));
    expect(error).toMatchObject({ code: "RequestTimeout", maybeProcessed: true });
  });
});

describe("answers that are not KKMS documents", () => {
  test("an HTML 502 from a proxy keeps the status and an excerpt, and is retried", async () => {
    const html =
      "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
    const server = await serve([{ status: 502, headers: { "content-type": "text/html" }, body: html }]);
    const error = await failure(clientOf(server, { maxAttempts: 2 }).describeKeys());
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: "UnexpectedResponse", statusCode: 502, type: "Receiver" });
    expect(error.message).toContain("502 Bad Gateway");
  });

  test("an empty 502 says so", async () => {
    const server = await serve([{ status: 502 }]);
    const error = await failure(clientOf(server, { maxAttempts: 1 }).describeKeys());
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("(empty)");
  });

  test("a 404 page from a proxy is not a missing key", async () => {
    const server = await serve([
      { status: 404, headers: { "content-type": "text/html" }, body: "<html><body>Not Found</body></html>" },
    ]);
    const error = await failure(clientOf(server).describeKeys());
    expect(error.statusCode).toBe(404);
    expect(isNotFound(error)).toBe(false);
  });
});

describe("guards", () => {
  test.each([
    [404, "KeyNotFound", "The key k was not found.", true],
    [400, "InvalidParameter", "The specified key does not exist.", true],
    [400, "ResourceNotFound", "key notfound", true],
    [
      404,
      "NoSuchEntity",
      "Request was rejected because it referenced an 'InnerApi' that does not exist.",
      false,
    ],
    [
      400,
      "InvalidParameterValue",
      "An invalid or out-of-range value was supplied for the input parameter KeyId.",
      false,
    ],
    [409, "LimitExceeded", "slow down", false],
  ])("HTTP %i %s → isNotFound %p", async (status, code, message, expected) => {
    const server = await serve([kkmsErrorAnswer(status, code, message)]);
    const error = await failure(clientOf(server, { maxAttempts: 1 }).describeKeys());
    expect(isNotFound(error)).toBe(expected);
  });

  test("guards recognise errors from another copy of the package by name", () => {
    const foreign = Object.assign(new Error("The key x was not found."), {
      name: "KkmsError",
      code: "KeyNotFound",
      statusCode: 404,
    });
    expect(isKkmsError(foreign)).toBe(true);
    expect(isNotFound(foreign)).toBe(true);
    expect(isNotFound(new Error("not found"))).toBe(false);
  });
});

describe("debug logging", () => {
  test("one event per attempt with action, attempt, status, requestId and duration — and no secrets", async () => {
    const events: KkmsLogEvent[] = [];
    const server = await serve([
      kkmsErrorAnswer(409, "LimitExceeded"),
      jsonAnswer({ RequestId: "req-ok", KeyId: "k", Plaintext: Buffer.from("data key!").toString("base64") }),
    ]);
    const client = clientOf(server, { logger: { debug: (_message, event) => events.push(event) } });
    await client.decrypt({ keyId: "k", ciphertextBlob: "AAAA" });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      action: "Decrypt",
      attempt: 1,
      status: 409,
      code: "LimitExceeded",
      requestId: "req-LimitExceeded",
    });
    expect(events[1]).toMatchObject({ action: "Decrypt", attempt: 2, status: 200, requestId: "req-ok" });
    expect(typeof events[1].durationMs).toBe("number");
    const logged = JSON.stringify(events);
    const signature =
      /Signature=([0-9a-f]+)/.exec(String(server.requests[1].headers.authorization))?.[1] ?? "none";
    for (const secret of [
      CREDENTIALS.secretAccessKey,
      CREDENTIALS.accessKeyId,
      signature,
      "data key!",
      Buffer.from("data key!").toString("base64"),
      "AAAA",
    ]) {
      expect(logged).not.toContain(secret);
    }
  });

  test("KKMS_DEBUG=1 writes JSON lines to stderr", async () => {
    const server = await serve([jsonAnswer({ RequestId: "req-debug", KeySet: [] })]);
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await clientOf(server, { env: { KKMS_DEBUG: "1" } }).describeKeys();
    } finally {
      spy.mockRestore();
    }
    const line = writes.find((w) => w.includes("req-debug"));
    expect(line && JSON.parse(line)).toMatchObject({
      action: "DescribeKeys",
      attempt: 1,
      status: 200,
      requestId: "req-debug",
    });
    expect(writes.join("")).not.toContain(CREDENTIALS.secretAccessKey);
  });
});
