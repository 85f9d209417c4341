import * as fs from "fs";
import * as path from "path";
import { decodeParameters } from "../../sdk/protocol";
import { computeV4Signature, type QueryParameter } from "../../sdk/signing";

/**
 * AWS's published SigV4 test suite (tests/sdk/vectors/aws-sig-v4-test-suite, unchanged): every intermediate
 * result — canonical request, string to sign, Authorization header — must match for every case.
 */
const SUITE = path.join(__dirname, "vectors", "aws-sig-v4-test-suite");
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ACCESS_KEY = "AKIDEXAMPLE";

interface ParsedRequest {
  method: string;
  path: string;
  query: QueryParameter[];
  headers: Record<string, string[]>;
  body: string;
}

function caseDirectories(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return [];
    const full = path.join(dir, entry.name);
    return fs.existsSync(path.join(full, `${entry.name}.req`)) ? [full] : caseDirectories(full);
  });
}

/** The .req format: request line, `Name:value` headers (indented lines continue the previous one), blank, body. */
function parseRequest(text: string): ParsedRequest {
  const [head, ...bodyParts] = text.split("\n\n");
  const [requestLine, ...headerLines] = head.split("\n");
  const method = requestLine.slice(0, requestLine.indexOf(" "));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(" HTTP/"));
  const [rawPath, rawQuery = ""] = target.split(/\?(.*)/s);
  const headers: Record<string, string[]> = {};
  let last = "";
  for (const line of headerLines) {
    if (/^\s/.test(line)) {
      headers[last].push(line.trim());
      continue;
    }
    const colon = line.indexOf(":");
    last = line.slice(0, colon).toLowerCase();
    (headers[last] ??= []).push(line.slice(colon + 1));
  }
  return { method, path: rawPath, query: decodeParameters(rawQuery), headers, body: bodyParts.join("\n\n") };
}

const read = (dir: string, extension: string) =>
  fs.readFileSync(path.join(dir, `${path.basename(dir)}.${extension}`), "utf8");
const cases = caseDirectories(SUITE).map((dir) => [path.relative(SUITE, dir), dir] as const);

test("the suite is present (31 cases)", () => {
  expect(cases.length).toBe(31);
});

describe.each(cases)("%s", (_name, dir) => {
  const request = parseRequest(read(dir, "req"));
  const amzDate = request.headers["x-amz-date"][0];
  const expectedStringToSign = read(dir, "sts");
  const scope = expectedStringToSign.split("\n")[2];
  const [shortDate, region, service] = scope.split("/");
  // The suite signs every header its request lists (the "after" STS case adds its token only after signing).
  const signedHeaderNames = Object.keys(request.headers);
  const trace = computeV4Signature({
    request,
    secretAccessKey: SECRET,
    amzDate,
    shortDate,
    region,
    service,
    signedHeaderNames,
  });

  test("canonical request", () => {
    expect(trace.canonicalRequest).toBe(read(dir, "creq"));
  });

  test("string to sign", () => {
    expect(trace.stringToSign).toBe(expectedStringToSign);
  });

  test("Authorization header", () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${trace.credentialScope}, SignedHeaders=${trace.signedHeaders}, Signature=${trace.signature}`;
    expect(authorization).toBe(read(dir, "authz"));
  });
});
