import type * as http from "http";
import type { Socket } from "net";

interface OpenConnection {
  /** The answers under way on it (pipelining may make it more than one): while any is, it is not idle. */
  responses: Set<http.ServerResponse>;
}

/**
 * The connection cap. Past it, a new connection takes the place of the connection idle for longest (no request
 * in flight: a keep-alive connection between requests, or one that has not finished sending its headers), which
 * is closed; so idle clients, however many, cannot keep a new one out. Only when every open connection has a
 * request in flight is the newcomer refused: each request on it is answered 409 LimitExceeded (the seed's
 * flow-control answer, which clients retry) and the connection is closed. Descriptors stay near the cap.
 */
export class ConnectionLimiter {
  /** In order of last activity, the least recently active first. */
  private readonly open = new Map<Socket, OpenConnection>();
  private readonly refused = new WeakSet<Socket>();

  constructor(readonly maxConnections: number) {}

  attach(server: http.Server): void {
    server.on("connection", (socket: Socket) => this.admit(socket));
    server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) =>
      this.track(request.socket, response),
    );
  }

  /** Whether the connection was opened while every other one was busy: its requests get 409 and it closes. */
  isRefused(socket: Socket): boolean {
    return this.refused.has(socket);
  }

  /** Whether a request is in flight on the connection. */
  isBusy(socket: Socket): boolean {
    return (this.open.get(socket)?.responses.size ?? 0) > 0;
  }

  /** Whether an answer has begun on the connection: nothing else may then be written into it. */
  isAnswering(socket: Socket): boolean {
    for (const response of this.open.get(socket)?.responses ?? []) if (response.headersSent) return true;
    return false;
  }

  get size(): number {
    return this.open.size;
  }

  private admit(socket: Socket): void {
    if (this.open.size >= this.maxConnections) {
      const idle = this.leastRecentlyIdle();
      if (idle === undefined) this.refused.add(socket);
      else {
        this.open.delete(idle);
        idle.destroy();
      }
    }
    this.open.set(socket, { responses: new Set() });
    socket.once("close", () => this.open.delete(socket));
  }

  private track(socket: Socket, response: http.ServerResponse): void {
    const connection = this.open.get(socket);
    if (connection === undefined) return;
    connection.responses.add(response);
    response.once("close", () => {
      connection.responses.delete(response);
      // Re-inserted: a Map iterates in insertion order, so this connection is now the most recently active.
      if (this.open.delete(socket)) this.open.set(socket, connection);
    });
  }

  private leastRecentlyIdle(): Socket | undefined {
    for (const [socket, connection] of this.open) if (connection.responses.size === 0) return socket;
    return undefined;
  }
}
