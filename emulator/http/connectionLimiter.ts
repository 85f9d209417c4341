import type * as http from "http";
import type { Socket } from "net";
import { limitExceeded } from "../errors";
import { answerOnSocket } from "./socketAnswers";

interface OpenConnection {
  /** The answers under way on it (pipelining may make it more than one): while any is, it is not idle. */
  responses: Set<http.ServerResponse>;
}

interface RefusedConnection {
  /** Answers it 409 (or just closes it, if a request was answered already) when its wait is over. */
  timer: NodeJS.Timeout;
  requested: boolean;
  /** Its wait is over: it is being closed. */
  ended: boolean;
}

/** How long a refused connection may take to send its request (a client sends it as soon as it connects). */
export const REFUSED_WAIT_MS = 1000;
/** Refused connections waiting for their request, at most: a flood of silent ones then costs few descriptors. */
export const MAX_REFUSED_WAITING = 4;

/**
 * The connection cap. Past it, a new connection takes the place of the admitted connection idle for longest (no
 * request in flight: a keep-alive connection between requests, or one that has not finished sending its
 * headers), which is closed; so idle clients, however many, cannot keep a new one out. Only when every admitted
 * connection has a request in flight is the newcomer refused: its request is answered 409 LimitExceeded (the
 * seed's flow-control answer, which clients retry) and the connection closed. A refused connection is never
 * admitted nor given another's place, and is closed soon: one that sends no request within REFUSED_WAIT_MS
 * (or half the header timeout, if shorter: 409, not 408) is answered 409 on the socket, and past
 * MAX_REFUSED_WAITING the oldest is answered at once. So open connections stay at the cap plus a few refused.
 */
export class ConnectionLimiter {
  /** In order of last activity, the least recently active first. */
  private readonly open = new Map<Socket, OpenConnection>();
  /** In order of arrival, until closed (a refused connection stays refused to its end). */
  private readonly refused = new Map<Socket, RefusedConnection>();
  private readonly refusedWaitMs: number;

  constructor(
    readonly maxConnections: number,
    headerTimeoutMs: number,
  ) {
    this.refusedWaitMs = Math.max(1, Math.min(REFUSED_WAIT_MS, Math.floor(headerTimeoutMs / 2)));
  }

  attach(server: http.Server): void {
    server.on("connection", (socket: Socket) => this.admit(socket));
    server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) =>
      this.track(request.socket, response),
    );
  }

  /** Whether the connection was opened while every admitted one was busy: its requests get 409 and it closes. */
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

  /** Connections open now: the admitted ones (at most maxConnections) and the refused ones not yet closed. */
  get size(): number {
    return this.open.size + this.refused.size;
  }

  private admit(socket: Socket): void {
    if (this.open.size >= this.maxConnections) {
      const idle = this.leastRecentlyIdle();
      if (idle === undefined) return this.refuse(socket);
      this.open.delete(idle);
      idle.destroy();
    }
    this.open.set(socket, { responses: new Set() });
    socket.once("close", () => this.open.delete(socket));
  }

  private refuse(socket: Socket): void {
    const waiting = [...this.refused].filter(([, refused]) => !refused.ended);
    if (waiting.length >= MAX_REFUSED_WAITING) this.endRefused(waiting[0][0]);
    const timer = setTimeout(() => this.endRefused(socket), this.refusedWaitMs);
    timer.unref();
    this.refused.set(socket, { timer, requested: false, ended: false });
    socket.once("close", () => {
      clearTimeout(timer);
      this.refused.delete(socket);
    });
  }

  /** A refused connection whose wait is over: answered 409 on the socket unless a request got its answer. */
  private endRefused(socket: Socket): void {
    const refused = this.refused.get(socket);
    if (refused === undefined || refused.ended) return;
    clearTimeout(refused.timer);
    refused.ended = true;
    if (refused.requested) {
      socket.destroy();
      return;
    }
    // Destroyed once the answer is flushed: a client that sends nothing may also never close its end.
    socket.once("finish", () => socket.destroy());
    answerOnSocket(socket, limitExceeded());
  }

  private track(socket: Socket, response: http.ServerResponse): void {
    const refused = this.refused.get(socket);
    if (refused !== undefined) refused.requested = true;
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
