import { decodeParameters, encodeParameters } from "../../sdk/protocol/formEncoding";
import type { QueryParameter } from "../../sdk/signing/getCanonicalQuery";
import { DEVELOPMENT_ACCOUNT } from "../../emulator/auth/accounts";
import { ACTION_NAMES, type ActionName } from "../../emulator/actions/actionNames";
import type { ErrorName } from "../../sdk/protocol/errorCatalog";
import { createKeyParams, expectError, useEmulator } from "../emulator/support/emulatorFixture";
import {
  kkmsRequest,
  type KkmsRequestOptions,
  type KkmsResponse,
  type PreparedRequest,
} from "../emulator/support/kkmsRequest";
import { recordFigures, tally } from "./support/figures";

/**
 * Item 4: every authentication fault, in each signature form, over GET and POST, on every action — each gets
 * the seed's code and HTTP status (and message where it is fixed), and none of them does anything: the keys of
 * both accounts are exactly as they were. The same request unfaulted (with DryRun=true) passes authentication.
 */
type Form = "v4" | "v4-query" | "simple";
type Method = "GET" | "POST";

const OTHER = { accountId: "200000000002", accessKeyId: "AKOTHERACCOUNT", secretAccessKey: "other-secret" };
const fixture = useEmulator({ accounts: [{ ...DEVELOPMENT_ACCOUNT }, OTHER] });
const MINUTE = 60_000;
const FORMS: Form[] = ["v4", "v4-query", "simple"];
const METHODS: Method[] = ["GET", "POST"];

interface Fault {
  name: string;
  forms: readonly Form[];
  methods?: readonly Method[];
  options: (form: Form) => KkmsRequestOptions;
  expect: ErrorName;
  args?: string[];
}

/** Edits one parameter wherever the request carries it (query or form body); `undefined` removes it. */
function setParam(name: string, value: string | undefined) {
  return (r: PreparedRequest): PreparedRequest => {
    const edit = (text: string) => {
      const params = decodeParameters(text);
      if (!params.some(([n]) => n === name)) return text;
      const edited: QueryParameter[] = params.flatMap(([n, v]) =>
        n !== name ? [[n, v] as const] : value === undefined ? [] : [[n, value] as const],
      );
      return encodeParameters(edited);
    };
    return { ...r, rawQuery: edit(r.rawQuery), body: edit(String(r.body)) };
  };
}

function paramValue(r: PreparedRequest, name: string): string {
  const all = [...decodeParameters(r.rawQuery), ...decodeParameters(String(r.body))];
  return all.find(([n]) => n === name)?.[1] ?? "";
}

/** Appends to the value of the action's own first parameter (never a signature parameter). */
function tamperFirstParameter(r: PreparedRequest): PreparedRequest {
  const inBody = String(r.body).includes("Action=");
  const text = inBody ? String(r.body) : r.rawQuery;
  const params = decodeParameters(text);
  const index = params.findIndex(([n]) => n !== "Action" && n !== "Version");
  params[index] = [params[index][0], `${params[index][1]}x`];
  return inBody ? { ...r, body: encodeParameters(params) } : { ...r, rawQuery: encodeParameters(params) };
}

function editAuthorization(edit: (value: string) => string) {
  return (r: PreparedRequest): PreparedRequest => ({
    ...r,
    headers: { ...r.headers, authorization: edit(r.headers.authorization) },
  });
}

function withoutHeader(name: string) {
  return (r: PreparedRequest): PreparedRequest => {
    const headers = { ...r.headers };
    delete headers[name];
    return { ...r, headers };
  };
}

function credential(edit: (value: string) => string) {
  return (r: PreparedRequest): PreparedRequest =>
    setParam("X-Amz-Credential", edit(paramValue(r, "X-Amz-Credential")))(r);
}

const ALL: readonly Form[] = FORMS;
const V4: readonly Form[] = ["v4", "v4-query"];

const FAULTS: Fault[] = [
  {
    name: "tampered parameter",
    forms: ALL,
    options: () => ({ afterSigning: tamperFirstParameter }),
    expect: "signatureMismatch",
  },
  {
    name: "tampered header",
    forms: V4,
    options: () => ({
      extraSignedHeaders: ["accept"],
      afterSigning: (r) => ({ ...r, headers: { ...r.headers, accept: "application/xml" } }),
    }),
    expect: "signatureMismatch",
  },
  {
    name: "tampered body",
    forms: ALL,
    methods: ["POST"],
    options: () => ({ afterSigning: (r) => ({ ...r, body: `${String(r.body)}&Extra=1` }) }),
    expect: "signatureMismatch",
  },
  {
    name: "wrong secret",
    forms: ALL,
    options: () => ({
      credentials: { accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId, secretAccessKey: "not-the-secret" },
    }),
    expect: "signatureMismatch",
  },
  {
    name: "another account's secret",
    forms: ALL,
    options: () => ({
      credentials: { accessKeyId: DEVELOPMENT_ACCOUNT.accessKeyId, secretAccessKey: OTHER.secretAccessKey },
    }),
    expect: "signatureMismatch",
  },
  {
    name: "unknown access key",
    forms: ALL,
    options: () => ({ credentials: { accessKeyId: "AKUNKNOWN", secretAccessKey: "whatever" } }),
    expect: "invalidClientTokenId",
  },
  {
    name: "expired timestamp",
    forms: ALL,
    options: () => ({ now: new Date(Date.now() - 16 * MINUTE) }),
    expect: "signatureExpired",
  },
  {
    name: "future timestamp",
    forms: ALL,
    options: () => ({ now: new Date(Date.now() + 16 * MINUTE) }),
    expect: "signatureExpired",
  },
  {
    name: "presigned URL used after X-Amz-Expires",
    forms: ["v4-query"],
    options: () => ({ now: new Date(Date.now() - 5 * MINUTE), expiresInSeconds: 60 }),
    expect: "signatureExpired",
  },
  {
    name: "wrong region in the scope",
    forms: V4,
    options: () => ({ region: "cn-nowhere-9" }),
    expect: "badRegion",
    args: ["cn-nowhere-9"],
  },
  {
    name: "wrong region parameter",
    forms: ["simple"],
    options: () => ({ queryParams: [["Region", "cn-nowhere-9"]] }),
    expect: "badRegion",
    args: ["cn-nowhere-9"],
  },
  {
    name: "wrong service in the scope",
    forms: ["v4"],
    options: () => ({ afterSigning: editAuthorization((a) => a.replace("/kkms/", "/kms/")) }),
    expect: "badService",
    args: ["kms"],
  },
  {
    name: "wrong service in the scope",
    forms: ["v4-query"],
    options: () => ({ afterSigning: credential((c) => c.replace("/kkms/", "/kms/")) }),
    expect: "badService",
    args: ["kms"],
  },
  {
    name: "wrong service parameter",
    forms: ["simple"],
    options: () => ({ afterSigning: setParam("Service", "kms") }),
    expect: "badService",
    args: ["kms"],
  },
  {
    name: "wrong terminator in the scope",
    forms: ["v4"],
    options: () => ({ afterSigning: editAuthorization((a) => a.replace("aws4_request", "aws5_request")) }),
    expect: "badTerminator",
    args: ["aws5_request"],
  },
  {
    name: "wrong terminator in the scope",
    forms: ["v4-query"],
    options: () => ({ afterSigning: credential((c) => c.replace("aws4_request", "aws5_request")) }),
    expect: "badTerminator",
    args: ["aws5_request"],
  },
  {
    name: "scope date not the request's date",
    forms: ["v4"],
    options: () => ({ afterSigning: editAuthorization((a) => a.replace(/\/\d{8}\//, "/20000101/")) }),
    expect: "scopeDateMismatch",
  },
  {
    name: "scope date not the request's date",
    forms: ["v4-query"],
    options: () => ({ afterSigning: credential((c) => c.replace(/\/\d{8}\//, "/20000101/")) }),
    expect: "scopeDateMismatch",
  },
  {
    name: "truncated signature",
    forms: ["v4"],
    options: () => ({ afterSigning: editAuthorization((a) => a.slice(0, -8)) }),
    expect: "signatureMismatch",
  },
  {
    name: "truncated signature",
    forms: ["v4-query"],
    options: () => ({ afterSigning: (r) => ({ ...r, rawQuery: r.rawQuery.slice(0, -8) }) }),
    expect: "signatureMismatch",
  },
  {
    name: "truncated signature",
    forms: ["simple"],
    options: () => ({
      afterSigning: (r) => setParam("Signature", paramValue(r, "Signature").slice(0, -8))(r),
    }),
    expect: "signatureMismatch",
  },
  {
    name: "no signature at all",
    forms: ["v4"],
    options: () => ({ signing: "none" }),
    expect: "missingAuthenticationToken",
  },
  {
    name: "missing Authorization header",
    forms: ["v4"],
    options: () => ({ afterSigning: withoutHeader("authorization") }),
    expect: "missingAuthenticationToken",
  },
  {
    name: "missing Host header",
    forms: V4,
    options: () => ({ afterSigning: withoutHeader("host") }),
    expect: "missingHost",
  },
  {
    name: "missing X-Amz-Date header, still listed as signed",
    forms: ["v4"],
    options: () => ({ afterSigning: withoutHeader("x-amz-date") }),
    expect: "headerNotPresent",
    args: ["x-amz-date"],
  },
  {
    name: "missing X-Amz-Date header, no date at all",
    forms: ["v4"],
    options: () => ({
      afterSigning: (r) =>
        editAuthorization((a) => a.replace(";x-amz-date", ""))(withoutHeader("x-amz-date")(r)),
    }),
    expect: "missingDate",
  },
  {
    name: "signed header missing",
    forms: ["v4"],
    options: () => ({
      afterSigning: editAuthorization((a) =>
        a.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=host;x-amz-date;x-custom"),
      ),
    }),
    expect: "headerNotPresent",
    args: ["x-custom"],
  },
  {
    name: "host not signed",
    forms: ["v4"],
    options: () => ({
      afterSigning: editAuthorization((a) => a.replace("SignedHeaders=host;", "SignedHeaders=")),
    }),
    expect: "hostNotSigned",
  },
  ...["X-Amz-Signature", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders"].map((name): Fault => ({
    name: `missing ${name}`,
    forms: ["v4-query"],
    options: () => ({ afterSigning: setParam(name, undefined) }),
    expect: "missingQueryAuthParameter",
    args: [name],
  })),
  ...["Signature", "Accesskey", "Timestamp", "Service", "SignatureVersion"].map((name): Fault => ({
    name: `missing ${name}`,
    forms: ["simple"],
    options: () => ({ afterSigning: setParam(name, undefined) }),
    expect: "missingQueryAuthParameter",
    args: [name],
  })),
  {
    name: "another signature method",
    forms: ["simple"],
    options: () => ({ afterSigning: setParam("SignatureMethod", "HMAC-SHA1") }),
    expect: "unsupportedAlgorithm",
    args: ["HMAC-SHA1"],
  },
  {
    name: "another algorithm",
    forms: ["v4"],
    options: () => ({
      afterSigning: editAuthorization((a) => a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")),
    }),
    expect: "unsupportedAlgorithm",
    args: ["AWS4-HMAC-SHA1"],
  },
];

/** Real parameters for each action, aimed at keys that exist, so an accepted request would really act. */
let keys: { enabled: string; disabled: string; blob: string };

function actionParams(action: ActionName): Record<string, string> {
  switch (action) {
    case "CreateKey":
      return createKeyParams("made-by-a-forged-request");
    case "DescribeKeys":
      return { "KeyId.1": keys.enabled };
    case "ModifyKey":
      return { KeyId: keys.enabled, KeyName: "renamed-by-a-forged-request" };
    case "ModifyKeyState":
      return { KeyId: keys.enabled, KeyState: "Disabled" };
    case "DeleteKey":
      return { KeyId: keys.disabled };
    case "Encrypt":
      return { KeyId: keys.enabled, Plaintext: Buffer.from("forged").toString("base64") };
    case "Decrypt":
      return { KeyId: keys.enabled, CiphertextBlob: keys.blob };
    case "GenerateDataKey":
      return { KeyId: keys.enabled, KeySpec: "AES256" };
  }
}

function send(action: ActionName, form: Form, method: Method, options: KkmsRequestOptions, dryRun = false) {
  const params = {
    Action: action,
    Version: "2016-03-04",
    ...actionParams(action),
    ...(dryRun ? { DryRun: "true" } : {}),
  };
  return kkmsRequest(fixture.url, Object.entries(params), { signing: form, method, ...options });
}

async function snapshot(): Promise<string> {
  const both = await Promise.all(
    [DEVELOPMENT_ACCOUNT, OTHER].map((credentials) =>
      kkmsRequest(
        fixture.url,
        [
          ["Action", "DescribeKeys"],
          ["Version", "2016-03-04"],
        ],
        { credentials },
      ),
    ),
  );
  return JSON.stringify(both.map((r) => r.body.KeySet));
}

const outcomes: string[] = [];
let before: string;

beforeAll(async () => {
  const enabled = await fixture.createKey("auth-enabled");
  const disabled = await fixture.createKey("auth-disabled");
  await fixture.call("ModifyKeyState", { KeyId: disabled, KeyState: "Disabled" });
  const blob = (await fixture.call("Encrypt", { KeyId: enabled, Plaintext: "c2VjcmV0" })).body
    .CiphertextBlob as string;
  keys = { enabled, disabled, blob };
  await fixture.createKey("the other account's key", { credentials: OTHER });
  before = await snapshot();
});

const cases = FAULTS.flatMap((fault) =>
  fault.forms.flatMap((form) =>
    (fault.methods ?? METHODS).map(
      (method) => [`${form} ${method}: ${fault.name}`, fault, form, method] as const,
    ),
  ),
);

describe.each(cases)("%s", (_label, fault, form, method) => {
  test.each([...ACTION_NAMES])(`%s is refused with the seed's ${fault.expect}`, async (action) => {
    const response: KkmsResponse = await send(action, form, method, fault.options(form));
    outcomes.push(`${response.status} ${response.error?.Code}`);
    expectError(response, fault.expect, ...(fault.args ?? []));
    if (fault.expect === "signatureExpired")
      expect(response.error?.Message).toMatch(
        /^Signature expired:\S+ is now (earlier|later) than \d{8}T\d{6}Z/,
      );
  });
});

describe("controls and aftermath", () => {
  test.each(
    FORMS.flatMap((form) =>
      METHODS.flatMap((method) => ACTION_NAMES.map((action) => [form, method, action] as const)),
    ),
  )("%s %s %s unfaulted (DryRun=true) passes authentication", async (form, method, action) => {
    const response = await send(action, form, method, {}, true);
    expectError(response, "dryRunOperation");
  });

  test("no faulted request changed anything, in either account; 100% were refused", async () => {
    expect(await snapshot()).toBe(before);
    const refused = outcomes.filter((o) => /^4\d\d /.test(o)).length;
    recordFigures("authentication", {
      faultKinds: new Set(FAULTS.map((f) => f.name)).size,
      requests: outcomes.length,
      refused,
      refusedPercent: Math.round((refused / outcomes.length) * 1000) / 10,
      byForm: Object.fromEntries(
        FORMS.map((form) => [form, cases.filter((c) => c[2] === form).length * ACTION_NAMES.length]),
      ),
      answers: tally(outcomes),
    });
    expect(outcomes.length).toBe(cases.length * ACTION_NAMES.length);
    expect(refused).toBe(outcomes.length);
  });
});
