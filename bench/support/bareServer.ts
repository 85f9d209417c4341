import * as http from "http";
import type { AddressInfo } from "net";

/**
 * The limit kkms-local is measured against: node:http answering a fixed body (a real kkms-local answer, so both
 * send the same bytes), with no parsing, signing or crypto. The body can be changed between runs over IPC.
 */
interface FixedAnswer {
  contentType: string;
  body: string;
}

let answer: { headers: http.OutgoingHttpHeaders; body: Buffer } = fixed({
  contentType: "text/plain",
  body: "ok",
});

function fixed(next: FixedAnswer) {
  const body = Buffer.from(next.body, "utf8");
  return { headers: { "Content-Type": next.contentType, "Content-Length": body.length }, body };
}

const server = http.createServer((_request, response) => {
  response.writeHead(200, answer.headers);
  response.end(answer.body);
});

process.on("message", (next: FixedAnswer) => {
  answer = fixed(next);
  process.send?.({ ok: true });
});

server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
