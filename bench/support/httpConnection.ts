import * as net from "net";

/** One answer, as much of it as a load generator needs. */
export interface RawAnswer {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * One HTTP/1.1 client connection on a raw socket: it writes pre-built request bytes and frames the answer by
 * Content-Length, chunked encoding or the connection's close. A server that closes after each answer (moto's
 * development server) gets a fresh connection for the next request, whose connect time counts in its latency.
 */
export class HttpConnection {
  private socket: net.Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting:
    { socket: net.Socket; resolve(answer: RawAnswer): void; reject(err: Error): void } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Sends the bytes and resolves with the whole answer. One request at a time per connection. */
  send(request: Buffer): Promise<RawAnswer> {
    if (this.waiting) return Promise.reject(new Error("HttpConnection: one request at a time"));
    const socket = this.socket ?? this.connect();
    return new Promise<RawAnswer>((resolve, reject) => {
      this.waiting = { socket, resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.tryComplete(false);
    });
    socket.on("end", () => {
      if (this.socket === socket) this.tryComplete(true);
    });
    socket.on("error", (err) => this.fail(socket, err));
    socket.on("close", () => this.fail(socket, new Error("connection closed before the answer")));
    return socket;
  }

  /** Only the request sent on this socket fails: a closed old connection never touches the next one's. */
  private fail(socket: net.Socket, err: Error): void {
    if (this.socket === socket) this.socket = undefined;
    const waiting = this.waiting;
    if (waiting?.socket !== socket) return;
    this.waiting = undefined;
    waiting.reject(err);
  }

  /** Resolves the waiting request once its answer is complete; `ended`: the server closed its side. */
  private tryComplete(ended: boolean): void {
    if (!this.waiting) return;
    const framed = frameAnswer(this.buffered, ended);
    if (!framed) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    this.buffered = this.buffered.subarray(framed.consumed);
    if (framed.close) this.close();
    waiting.resolve({ status: framed.status, body: framed.body });
  }
}

interface FramedAnswer {
  status: number;
  body: Buffer;
  consumed: number;
  close: boolean;
}

/** A complete answer at the start of `data`, or undefined while more bytes are needed. */
export function frameAnswer(data: Buffer, ended: boolean): FramedAnswer | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = data.subarray(0, headerEnd).toString("latin1");
  const lines = head.split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  let contentLength: number | undefined;
  let chunked = false;
  let close = lines[0].startsWith("HTTP/1.0");
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === "content-length") contentLength = Number(value);
    else if (name === "transfer-encoding") chunked = value.includes("chunked");
    else if (name === "connection") close = value.includes("close");
  }
  const bodyStart = headerEnd + HEADER_END.length;
  if (chunked) return frameChunked(data, bodyStart, status, close);
  if (contentLength !== undefined) {
    if (data.length < bodyStart + contentLength) return undefined;
    const body = data.subarray(bodyStart, bodyStart + contentLength);
    return { status, body, consumed: bodyStart + contentLength, close };
  }
  // Neither length nor chunks: the body runs to the end of the connection.
  return ended ? { status, body: data.subarray(bodyStart), consumed: data.length, close: true } : undefined;
}

function frameChunked(data: Buffer, start: number, status: number, close: boolean): FramedAnswer | undefined {
  const parts: Buffer[] = [];
  let offset = start;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
    const chunkStart = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = data.indexOf("\r\n", chunkStart);
      if (trailerEnd < 0) return undefined;
      return { status, body: Buffer.concat(parts), consumed: trailerEnd + 2, close };
    }
    if (data.length < chunkStart + size + 2) return undefined;
    parts.push(data.subarray(chunkStart, chunkStart + size));
    offset = chunkStart + size + 2;
  }
}
