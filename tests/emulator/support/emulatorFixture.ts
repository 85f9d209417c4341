import { ERRORS, formatErrorMessage, type ErrorName } from "../../../sdk/protocol/errorCatalog";
import { startEmulator, type RunningEmulator } from "../../../emulator/emulator";
import type { EmulatorOptions } from "../../../emulator/options";
import { callAction, type KkmsRequestOptions, type KkmsResponse, type Params } from "./kkmsRequest";

/**
 * One in-process, in-memory emulator per test file (started in beforeAll, closed in afterAll), and the
 * helpers most tests need.
 */
export interface EmulatorFixture {
  readonly emulator: RunningEmulator;
  readonly url: string;
  call(action: string, params?: Params, options?: KkmsRequestOptions): Promise<KkmsResponse>;
  createKey(name?: string, options?: KkmsRequestOptions): Promise<string>;
}

export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const running = (): RunningEmulator => {
    if (!emulator) throw new Error("the emulator is not running yet");
    return emulator;
  };
  const fixture: EmulatorFixture = {
    get emulator() {
      return running();
    },
    get url() {
      return running().url;
    },
    call: (action, params, requestOptions) => callAction(running().url, action, params, requestOptions),
    createKey: async (name = "test-key", requestOptions) => {
      const response = await fixture.call("CreateKey", createKeyParams(name), requestOptions);
      if (response.status !== 200) throw new Error(`CreateKey failed: ${response.text}`);
      return (response.body.Key as { KeyId: string }).KeyId;
    },
  };
  return fixture;
}

export function createKeyParams(name: string, description?: string): Record<string, string> {
  return {
    KeyName: name,
    ...(description === undefined ? {} : { Description: description }),
    KeyUsage: "EncryptDecrypt",
    Origin: "kms",
    ChargeType: "PostPaidByDay",
  };
}

/** The catalog's message with `%s` filled, exactly as the emulator must send it. */
export function catalogMessage(name: ErrorName, ...args: string[]): string {
  return formatErrorMessage(ERRORS[name].message, args);
}

/** Asserts a KKMS error answer: status, code, Type by status, a RequestId, and (when given) the message. */
export function expectError(response: KkmsResponse, name: ErrorName, ...args: string[]): void {
  const template = ERRORS[name];
  const summary = `${response.status} ${response.text}`;
  expect({ summary, status: response.status, code: response.error?.Code }).toEqual({
    summary,
    status: template.status,
    code: template.code,
  });
  expect(response.error?.Type).toBe(template.status >= 500 ? "Receiver" : "Sender");
  expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  if (!template.message.includes("%s") || args.length > 0) {
    expect(response.error?.Message).toBe(formatErrorMessage(template.message, args));
  }
}

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
