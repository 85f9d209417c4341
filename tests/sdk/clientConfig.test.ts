import { DEFAULT_ENDPOINT, DEFAULT_REGION, resolveClientConfig } from "../../sdk";

describe("option → environment → default", () => {
  const env = {
    KSYUN_ACCESS_KEY: "env-ak",
    KSYUN_SECRET_KEY: "env-sk",
    KSYUN_REGION: "cn-shanghai-2",
    KKMS_ENDPOINT: "http://127.0.0.1:9",
  };

  test("explicit options win", () => {
    const config = resolveClientConfig({
      env,
      region: "cn-hongkong-2",
      endpoint: "http://127.0.0.1:1",
      credentials: { accessKeyId: "opt-ak", secretAccessKey: "opt-sk" },
    });
    expect(config.region).toBe("cn-hongkong-2");
    expect(config.endpoint.href).toBe("http://127.0.0.1:1/");
    expect(config.credentials).toEqual({ accessKeyId: "opt-ak", secretAccessKey: "opt-sk" });
  });

  test("the environment fills what options leave out", () => {
    const config = resolveClientConfig({ env });
    expect(config.region).toBe("cn-shanghai-2");
    expect(config.endpoint.href).toBe("http://127.0.0.1:9/");
    expect(config.credentials).toEqual({ accessKeyId: "env-ak", secretAccessKey: "env-sk" });
  });

  test("defaults last", () => {
    const config = resolveClientConfig({ env: {} });
    expect(config.region).toBe(DEFAULT_REGION);
    expect(config.endpoint.href).toBe(DEFAULT_ENDPOINT + "/");
    expect(config.credentials).toBeUndefined();
    expect(config.signatureVersion).toBe("v4");
    expect(config.method).toBe("GET");
    expect(config.retryPolicy.maxAttempts).toBeGreaterThanOrEqual(3);
  });

  test("half a credential pair in the environment is no credential", () => {
    expect(resolveClientConfig({ env: { KSYUN_ACCESS_KEY: "only-ak" } }).credentials).toBeUndefined();
  });
});

describe("invalid options fail at construction with the option's name", () => {
  test.each([
    [{ endpoint: "kkms.api.ksyun.com" }, "endpoint"],
    [{ endpoint: "ftp://x" }, "endpoint"],
    [{ region: "" }, "region"],
    [{ region: "cn beijing" }, "region"],
    [{ method: "PUT" }, "method"],
    [{ signatureVersion: "v2" }, "signatureVersion"],
    [{ maxAttempts: 0 }, "maxAttempts"],
    [{ timeoutMs: -1 }, "timeoutMs"],
    [{ retry: { baseDelayMs: -5 } }, "retry.baseDelayMs"],
  ])("%p", (options, name) => {
    expect(() => resolveClientConfig({ env: {}, ...(options as object) })).toThrow(
      expect.objectContaining({ code: "InvalidConfiguration", message: expect.stringContaining(name) }),
    );
  });
});
