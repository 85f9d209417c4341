import * as net from "net";
import type { AddressInfo } from "net";
import { frameAnswer, HttpConnection } from "../../bench/support/httpConnection";
import { requestBytes } from "../../bench/support/requestBytes";

/** The load generator's HTTP framing: what it counts as one whole answer decides every figure it reports. */
const answer = (head: string, body: string) => Buffer.from(`${head}\r\n\r\n${body}`, "latin1");

test.each([
  { name: "Content-Length", data: answer("HTTP/1.1 200 OK\r\nContent-Length: 5", "hello"), body: "hello" },
  {
    name: "chunked",
    data: answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n"),
    body: "hello",
  },
])("a whole answer framed by $name", ({ data, body }) => {
  const framed = frameAnswer(data, false);
  expect(framed).toMatchObject({ status: 200, consumed: data.length, close: false });
  expect(framed?.body.toString()).toBe(body);
});

test("an answer cut short is not complete, and the next one's bytes are left over", () => {
  const whole = answer("HTTP/1.1 503 Busy\r\nContent-Length: 4", "busy");
  expect(frameAnswer(whole.subarray(0, whole.length - 1), false)).toBeUndefined();
  expect(frameAnswer(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "3\r\nhel\r\n"), false)).toBe(
    undefined,
  );
  const two = Buffer.concat([whole, whole]);
  expect(frameAnswer(two, false)).toMatchObject({ status: 503, consumed: whole.length });
});

test("Connection: close and HTTP/1.0 mark the connection as done; no length means until the end", () => {
  expect(
    frameAnswer(answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0", ""), false),
  ).toMatchObject({
    close: true,
  });
  expect(frameAnswer(answer("HTTP/1.0 200 OK\r\nContent-Length: 0", ""), false)).toMatchObject({
    close: true,
  });
  const unframed = answer("HTTP/1.0 200 OK", "all of it");
  expect(frameAnswer(unframed, false)).toBeUndefined();
  expect(frameAnswer(unframed, true)?.body.toString()).toBe("all of it");
});

test("requestBytes writes Host and Content-Length itself, never twice", () => {
  const bytes = requestBytes(new URL("http://127.0.0.1:8080"), {
    method: "POST",
    path: "/",
    headers: { Host: "elsewhere", "content-length": "999", "X-Amz-Target": "TrentService.Encrypt" },
    body: "{}",
  });
  expect(bytes.toString()).toBe(
    "POST / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Amz-Target: TrentService.Encrypt\r\nContent-Length: 2\r\n\r\n{}",
  );
});

/** A server that answers every request on a connection, then closes it when told to (as moto's does). */
async function rawServer(closeEach: boolean) {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let pending = "";
    socket.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      while (pending.includes("\r\n\r\n")) {
        pending = pending.slice(pending.indexOf("\r\n\r\n") + 4);
        const body = `answer on connection ${connections}`;
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${closeEach ? "Connection: close\r\n" : ""}\r\n${body}`,
        );
        if (closeEach) socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test.each([
  { closeEach: false, expectedConnections: 1 },
  { closeEach: true, expectedConnections: 5 },
])(
  "HttpConnection sends 5 requests over $expectedConnections connection(s) (server closes each: $closeEach)",
  async ({ closeEach, expectedConnections }) => {
    const server = await rawServer(closeEach);
    const connection = new HttpConnection("127.0.0.1", server.port);
    const request = requestBytes(new URL(`http://127.0.0.1:${server.port}`), {
      method: "GET",
      path: "/",
      headers: {},
    });
    try {
      for (let i = 0; i < 5; i++) {
        const result = await connection.send(request);
        expect(result.status).toBe(200);
        expect(result.body.toString()).toMatch(/^answer on connection \d+$/);
      }
      expect(server.connections()).toBe(expectedConnections);
    } finally {
      connection.close();
      await server.close();
    }
  },
);
