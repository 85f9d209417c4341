import type { ReplayRequest } from "./loadTypes";

/** Headers the generator writes itself: a replayed copy would send them twice. */
const SET_HERE = new Set(["host", "content-length", "connection"]);

/** The whole request as it goes on the wire, built once per run. */
export function requestBytes(origin: URL, request: ReplayRequest): Buffer {
  const body = Buffer.from(request.body ?? "", "utf8");
  const headers: [string, string][] = [["Host", origin.host]];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!SET_HERE.has(name.toLowerCase())) headers.push([name, value]);
  }
  if (request.method === "POST" || body.length > 0) headers.push(["Content-Length", String(body.length)]);
  const head = [`${request.method} ${request.path} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)];
  return Buffer.concat([Buffer.from(head.join("\r\n") + "\r\n\r\n", "latin1"), body]);
}
